"""The demo shows the clinical record and the practice's numbers, and seeding twice is the same."""

from django.core.management import call_command

from clinic.clock import local_today
from clinic.models import Location
from clinic.reports import queries
from clinic.reports.periods import Month, months_ending
from intake.models import VisitNote
from programs.models import Discharge, Exercise


def counts():
    return (
        VisitNote.objects.count(),
        Discharge.objects.count(),
        VisitNote.objects.filter(signed_at__isnull=True).count(),
    )


def test_the_demo_has_notes_a_discharge_drawings_and_history(db):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    notes = VisitNote.objects.filter(runner__first_name="Alex")
    assert notes.filter(signed_at__isnull=True).count() == 1
    assert notes.filter(amends__isnull=False).count() == 1
    assert notes.current().filter(signed_at__isnull=False, amends__isnull=True).count() == 1
    riley = Discharge.objects.get(runner__first_name="Riley")
    assert riley.reached_meaningful_change and riley.home_program.count() == 3
    assert Exercise.objects.exclude(illustration="").count() == 6
    cary = Location.objects.get(name="Cary")
    assert cary.phone
    today = local_today(cary.time_zone)
    scope = queries.Scope(months_ending(Month.of(today), 6), [cary], today, location=cary)
    funnel = queries.funnel(scope)
    assert sum(row.booked for row in funnel) >= 25
    assert sum(row.improved for row in funnel) >= 1
    assert any(row.scored for row in queries.outcomes(scope))
