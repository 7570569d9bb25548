"""The clinician's intake record of a runner, and the runner history (clinician or runner)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clinic.access import clinical_staff_only, own_runner, runner_for, runner_only
from clinic.trust.audit import record_access
from intake.findings import findings_of
from intake.forms import RunnerHistoryForm
from intake.models import Questionnaire, RedFlagKind, RunnerHistory
from intake.selectors import latest_screening, score_trends, screenings_of, unresolved_flag_kinds
from intake.views.common import posted


@clinical_staff_only
def record(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "intake record")
    screening = latest_screening(runner)
    return render(
        request,
        "intake/record.html",
        {
            "runner": runner,
            "history": RunnerHistory.objects.filter(runner=runner).first(),
            "screening": screening,
            "findings": findings_of(screening) if screening else {},
            "red_flags": [RedFlagKind(kind).label for kind in unresolved_flag_kinds(screening)],
            "screenings": screenings_of(runner),
            "trends": score_trends(runner, timezone.localdate()),
            "questionnaires": Questionnaire,
        },
    )


def _history_form(request, runner, *, template, done):
    history = RunnerHistory.objects.filter(runner=runner).first() or RunnerHistory(runner=runner)
    form = RunnerHistoryForm(posted(request), instance=history)
    if request.method == "POST" and form.is_valid():
        history = form.save(commit=False)
        history.updated_by = request.user
        history.save()
        messages.success(request, "History saved.")
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


@runner_only
def my_history(request):
    runner = own_runner(request.user)
    return _history_form(
        request, runner, template="intake/history_form.html", done="intake:my_questionnaires"
    )
