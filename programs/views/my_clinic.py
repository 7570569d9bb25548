"""The runner's own clinic page ("My clinic"): their visits with move and cancel where the rules
allow, where the clinic is, their clinician and program, what their screening found in plain
words, and the questionnaires due. Read in a fixed number of queries, however many visits."""

import urllib.parse

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from clinic.access import own_runner, runner_only
from clinic.booking.links import can_change_online, manage_token
from clinic.clock import local_today
from clinic.models import Appointment
from intake import findings
from intake.selectors import latest_screening, questionnaire_overview
from programs.access import current_program

PAST_SHOWN = 10


def _map_url(location) -> str:
    query = urllib.parse.quote_plus(" ".join(location.address.split()))
    return f"https://www.google.com/maps/search/?api=1&query={query}"


@runner_only
def my_clinic(request):
    runner = own_runner(request.user)
    now = timezone.now()
    visits = list(
        Appointment.objects.filter(runner=runner)
        .select_related("location", "clinician", "appointment_type")
        .order_by("starts_at")
    )
    upcoming = [
        {
            "visit": visit,
            "token": manage_token(visit),
            "can_change": can_change_online(visit, now=now),
        }
        for visit in visits
        if visit.ends_at >= now and not visit.is_cancelled
    ]
    past = [v for v in reversed(visits) if v.ends_at < now or v.is_cancelled][:PAST_SHOWN]
    location = runner.location or (upcoming[0]["visit"].location if upcoming else None)
    screening = latest_screening(runner)
    today = local_today(runner.time_zone)
    due = [
        (summary, reverse("intake:answer", kwargs={"kind": summary.questionnaire.value}))
        for summary in questionnaire_overview(runner, today)
        if summary.due
    ]
    return render(
        request,
        "programs/my_clinic.html",
        {
            "runner": runner,
            "upcoming": upcoming,
            "past": past,
            "location": location,
            "map_url": _map_url(location) if location and location.address else "",
            "program": current_program(runner),
            "screening": screening,
            "findings": (
                findings.in_plain_words(findings.findings_of(screening)) if screening else []
            ),
            "due": due if screening or upcoming else [],
        },
    )
