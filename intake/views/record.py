"""The clinician's intake record of a runner, and the runner history (clinician or runner)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clinic.access import clinical_staff_only, own_runner, runner_for, runner_only
from clinic.trust.audit import record_access
from intake.findings import findings_of
from intake.forms import RunnerHistoryForm
from intake.models import Questionnaire, RedFlagKind, RunnerHistory
from intake.selectors import (
    history_versions,
    latest_screening,
    score_trends,
    screenings_of,
    unresolved_flag_kinds,
    visit_notes_of,
    visits_without_note,
)
from intake.services import save_history
from intake.views.common import posted


@clinical_staff_only
def record(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "intake record")
    screening = latest_screening(runner)
    history = (
        RunnerHistory.objects.filter(runner=runner)
        .annotate(revision_count=Count("revisions"))
        .first()
    )
    return render(
        request,
        "intake/record.html",
        {
            "runner": runner,
            "history": history,
            "screening": screening,
            "findings": findings_of(screening) if screening else {},
            "red_flags": [RedFlagKind(kind).label for kind in unresolved_flag_kinds(screening)],
            "screenings": screenings_of(runner),
            "trends": score_trends(runner, timezone.localdate()),
            "questionnaires": Questionnaire,
            "visit_notes": visit_notes_of(runner),
            "visits_to_note": visits_without_note(runner, now=timezone.now()),
        },
    )


def _history_form(request, runner, *, template, done):
    history = RunnerHistory.objects.filter(runner=runner).first() or RunnerHistory(runner=runner)
    form = RunnerHistoryForm(posted(request), instance=history)
    if request.method == "POST" and form.is_valid():
        save_history(history=form.save(commit=False), by=request.user)
        messages.success(request, "History saved. The earlier answers are kept.")
        return redirect(done)
    return render(request, template, {"form": form, "runner": runner})


@clinical_staff_only
def history_edit(request, code):
    runner = runner_for(request.user, code, clinical=True)
    return _history_form(
        request,
        runner,
        template="intake/history_form.html",
        done=reverse("intake:record", kwargs={"code": runner.code}),
    )


VERSIONS_PER_PAGE = 20


@clinical_staff_only
def history_log(request, code):
    """Every earlier answer of the runner's history: who wrote it, when, and what replaced it."""
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "history versions")
    history = RunnerHistory.objects.filter(runner=runner).select_related("updated_by").first()
    page = Paginator(history_versions(history), VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/history_log.html",
        {"runner": runner, "history": history, "versions": page.object_list, "page": page},
    )


@runner_only
def my_history(request):
    runner = own_runner(request.user)
    return _history_form(
        request, runner, template="intake/history_form.html", done="intake:my_questionnaires"
    )
