"""The demo practice. It is seeded once for the module (a seeding costs seconds); each test seeds
it again on top, as a second run must change nothing, and what a test writes is rolled back
before the next one."""

from io import StringIO

import pytest
from django.core.management import call_command

from clinic.models import Location, Role, Runner, User


def seed_demo() -> str:
    """Seed the demo; what it printed (the logins)."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def module_demo(module_atomic, django_db_blocker) -> str | None:
    if not module_atomic:
        return None
    with django_db_blocker.unblock():
        return seed_demo()


@pytest.fixture
def seeded(module_demo, db) -> str:
    """The demo, seeded once; what that first seeding printed."""
    return module_demo if module_demo is not None else seed_demo()


def test_seed_demo_makes_the_practice_and_can_run_twice(seeded):
    counts = (User.objects.count(), Runner.objects.count(), Location.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Runner.objects.count(), Location.objects.count()) == counts
    assert Location.objects.get(name="Cary").time_zone == "America/New_York"
    assert User.objects.filter(role=Role.CLINICIAN).count() == 2
    assert User.objects.filter(role=Role.FRONT_DESK).count() == 1
    assert Runner.objects.filter(user__isnull=False).count() >= 12
    assert "clinician@roadmap.test" in seeded


def test_the_demo_has_runners_at_several_stages_and_one_red_day(seeded):
    from programs.models import ClinicianAlert, RunLog, RunPlan

    call_command("seed_demo", stdout=StringIO())  # idempotent: no second plan, no second red run
    assert sorted(RunPlan.objects.values_list("stage", flat=True)) == [1, 2, 4, 6]
    red = RunLog.objects.get(colour="red")
    assert (red.pain_during, red.stage) == (6, 2)
    assert ClinicianAlert.objects.filter(runner=red.runner, kind="red_run").count() == 1


def test_seed_demo_shows_runner_accounts_and_a_returning_patient(seeded):
    from django.utils import timezone

    from clinic.models import Appointment
    from clinic.tooling.demo.accounts import RETURNING

    call_command("seed_demo", stdout=StringIO())
    invited = Runner.objects.filter(invited_at__isnull=False, activated_at__isnull=True)
    assert invited.count() == 1 and invited.get().user is None
    from_invitation = Runner.objects.filter(
        invited_at__isnull=False, activated_at__isnull=False, user__isnull=False
    )
    assert from_invitation.count() == 1
    assert from_invitation.get().user.check_password("roadmap-demo")
    returning = Runner.objects.get(email=RETURNING)
    visits = Appointment.objects.filter(runner=returning)
    assert visits.filter(starts_at__lt=timezone.now()).exists()
    assert visits.filter(starts_at__gt=timezone.now()).count() == 1
    assert "Invited, not activated yet" in seeded and "Returning patient" in seeded


def test_the_demo_has_a_duplicate_record_staff_can_merge(seeded):
    from clinic.booking.merge import merge_runners
    from clinic.tooling.demo.accounts import DUPLICATE

    duplicate = Runner.objects.get(email=DUPLICATE)
    original = (
        Runner.objects.current()
        .exclude(pk=duplicate.pk)
        .get(
            first_name=duplicate.first_name,
            last_name=duplicate.last_name,
            date_of_birth=duplicate.date_of_birth,
        )
    )
    assert duplicate.appointments.exists() and duplicate.user is None
    assert "Duplicate record to merge" in seeded and "sign-in code by text" in seeded
    merge_runners(original, duplicate, by=User.objects.get(email="clinician@roadmap.test"))
    assert not duplicate.appointments.exists()
    call_command("seed_demo", stdout=StringIO())  # a merged duplicate stays merged
    assert Runner.objects.get(email=DUPLICATE).merged_into == original
