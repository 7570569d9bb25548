"""Runners as the practice's staff see them: the list with search, and one runner's page."""

import uuid

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render

from clinic.access import clinical_staff_only, runner_for, staff_only
from clinic.booking import merge
from clinic.forms.merge import DETAIL_LABELS, MergeForm
from clinic.forms.text import CONTROL_MESSAGE, has_control_characters
from clinic.models import Appointment, Runner
from clinic.trust.audit import USER_AGENT_LENGTH, client_ip, record_access
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
    if runner.merged_into_id:  # an old link to a duplicate: the person's record now
        messages.info(request, "That record was merged into this one.")
        return redirect(runner.merged_into)
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


@clinical_staff_only
def runner_merge(request, code):
    """Find a duplicate of this runner, compare the two side by side, merge it into this one.

    Clinical staff only: the comparison counts screenings, programs and questionnaires."""
    runner = runner_for(request.user, code, clinical=True)
    if runner.merged_into_id:
        return redirect("clinic:runner_merge", code=runner.merged_into.code)
    form = MergeForm(request.POST) if request.method == "POST" else None
    other = _other_record(runner, form.data.get("other") if form else request.GET.get("other"))
    context = {"runner": runner, "other": other, "form": form, "status": 200}
    if other is None:
        if form is not None:
            context["status"] = 400
        context.update(_candidates(runner, request.GET.get("q", "")))
        return render(request, "clinic/runner_merge.html", context, status=context["status"])
    if form is not None and form.is_valid():
        try:
            result = merge.merge_runners(
                runner,
                other,
                by=request.user,
                take=form.cleaned_data["take"],
                where={
                    "path": request.get_full_path(),
                    "ip_address": client_ip(request),
                    "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
                },
            )
        except merge.MergeRefused as refused:
            context.update(refusal=str(refused), status=409)
        else:
            moved = sum(result.moved.values())
            messages.success(
                request,
                f"Merged {other.full_name}'s record into this one: {moved} "
                f"row{'s' if moved != 1 else ''} moved.",
            )
            return redirect(runner)
    elif form is not None:
        context["status"] = 400
    record_access(request, runner, "merge preview")
    record_access(request, other, "merge preview")
    context.update(_comparison(runner, other))
    context.setdefault("refusal", merge.refusal(runner, other))
    return render(request, "clinic/runner_merge.html", context, status=context["status"])


def _other_record(runner, code) -> Runner | None:
    try:
        code = uuid.UUID(str(code or ""))
    except ValueError:
        return None
    records = Runner.objects.current().select_related("user", "clinician", "location")
    return records.exclude(pk=runner.pk).filter(code=code).first()


def _candidates(runner, query: str) -> dict:
    """Runners the search finds, or, before one is typed, those with the same name or birthday."""
    if has_control_characters(query):
        return {"query": query, "error": CONTROL_MESSAGE, "candidates": []}
    if query.strip():
        found = Runner.objects.search(query)
    else:
        alike = Q(first_name__iexact=runner.first_name, last_name__iexact=runner.last_name)
        if runner.date_of_birth:
            alike |= Q(date_of_birth=runner.date_of_birth)
        found = Runner.objects.current().filter(alike)
    found = found.exclude(pk=runner.pk).filter(anonymised_at__isnull=True)
    return {"query": query, "candidates": found.select_related("location")[:20]}


def _comparison(runner, other) -> dict:
    details = [
        (name, label, getattr(runner, name), getattr(other, name))
        for name, label in DETAIL_LABELS.items()
    ]
    mine, theirs = merge.related_counts(runner), merge.related_counts(other)
    counts = [(label, mine[label], theirs[label]) for label in mine if mine[label] or theirs[label]]
    return {"details": details, "counts": counts}
