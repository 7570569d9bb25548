"""Runners as the practice's staff see them: the list with search, and one runner's page."""

from django.shortcuts import render

from clinic.access import runner_for, staff_only
from clinic.forms.text import CONTROL_MESSAGE, has_control_characters
from clinic.models import Appointment, Runner
from clinic.trust.audit import record_access

VISITS_SHOWN = 12


@staff_only
def runner_list(request):
    query = request.GET.get("q", "")
    if has_control_characters(query):
        return render(
            request,
            "clinic/runner_list.html",
            {"runners": [], "query": query, "error": CONTROL_MESSAGE},
            status=400,
        )
    runners = Runner.objects.search(query).select_related("clinician", "location")[:50]
    return render(request, "clinic/runner_list.html", {"runners": runners, "query": query})


@staff_only
def runner_detail(request, code):
    runner = runner_for(request.user, code)
    record_access(request, runner, "runner record")
    visits = (
        Appointment.objects.filter(runner=runner)
        .select_related("clinician", "appointment_type", "location")
        .order_by("-starts_at")[:VISITS_SHOWN]
    )
    return render(request, "clinic/runner_detail.html", {"runner": runner, "visits": visits})
