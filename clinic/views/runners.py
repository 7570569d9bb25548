"""Runners as the practice's staff see them: the list with search, and one runner's page."""

from django.shortcuts import render

from clinic.access import runner_for, staff_only
from clinic.forms.text import CONTROL_MESSAGE, has_control_characters
from clinic.models import Appointment, Runner
from clinic.trust.audit import record_access
from intake.models import Questionnaire
from intake.selectors import responses_by_questionnaire
from programs.models import Program

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
    context = {"runner": runner, "visits": visits}
    if request.user.sees_clinical_records:  # the front desk sees no clinical content
        context.update(_at_a_glance(runner))
    return render(request, "clinic/runner_detail.html", context)


def _at_a_glance(runner) -> dict:
    """The current program with its 7-day adherence, and the latest score of each questionnaire:
    two queries (the summary row rides along with the program)."""
    program = Program.objects.current().filter(runner=runner).select_related("summary").first()
    adherence = getattr(program, "summary", None) if program else None
    latest = [
        (Questionnaire(kind).label, responses[-1])
        for kind, responses in responses_by_questionnaire(runner).items()
        if responses
    ]
    return {"program": program, "adherence": adherence, "latest_scores": latest}
