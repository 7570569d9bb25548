"""The runner's run log: log a run (or no run) in seconds, and this morning's pain.

Each form carries a code: the page's script (static/js/runs.js) makes it before sending and keeps
the post in the phone's offline queue until the server answers, in JSON; without JavaScript the
code is the one drawn into the page. Either way a resent form (a retry, a double tap, a post that
comes back online) lands on the same run or answer.
"""

import uuid

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from clinic.access import own_runner, runner_only
from clinic.clock import local_today
from programs.forms import MorningPainForm, RunLogForm
from programs.models import RunKind
from programs.runs import (
    RunRefused,
    distance_unit,
    log_run,
    loggable_run_days,
    record_morning_pain,
    run_today,
)
from programs.templatetags.running import distance
from programs.views import wants_json

COLOUR_WORDS = {
    "green": "green: run as planned next time",
    "amber": "amber: repeat the same distance next time",
    "red": "red: no run tomorrow, cross-train instead",
}


def _logged_message(run, unit) -> str:
    if run.kind == RunKind.NO_RUN:
        return "Logged: no run today."
    if run.kind == RunKind.CROSS_TRAINING:
        return "Cross-training logged."
    return f"Run logged: {distance(run.distance_km, unit)}, {COLOUR_WORDS[run.colour]}."


def _refused(form, message: str = "") -> JsonResponse:
    """A form the server will never take, for the page's script: each field's messages."""
    errors = {
        field: [error["message"] for error in field_errors]
        for field, field_errors in form.errors.get_json_data().items()
    }
    message = message or next(iter(errors.values()))[0]
    return JsonResponse({"ok": False, "message": message, "errors": errors}, status=400)


def _saved(request, message: str, *, created: bool, code) -> JsonResponse | None:
    """The answer to a saved form: JSON for the script, else Today with the message.

    A resend the server already had (not `created`) adds no message for the next page.
    """
    today = reverse("programs:today")
    if wants_json(request):
        if created:
            messages.success(request, message)
        return JsonResponse(
            {"ok": True, "created": created, "message": message, "code": str(code), "next": today}
        )
    messages.success(request, message)
    return redirect(today)


@runner_only
@require_http_methods(["GET", "POST"])
def run_log(request):
    runner = own_runner(request.user)
    today = local_today(runner.time_zone)
    unit = distance_unit(runner)
    if request.method == "POST":
        form = RunLogForm(request.POST, unit=unit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                logged = log_run(
                    runner=runner,
                    code=data["code"],
                    day=data["day"],
                    today=today,
                    kind=data["kind"],
                    distance_km=data["distance_km"],
                    duration_minutes=data["duration_minutes"],
                    effort=data["effort"],
                    pain_during=data["pain_during"],
                    pain_after=data["pain_after"],
                    stopped_by_pain=data["stopped_by_pain"],
                    note=data["note"],
                )
            except RunRefused as refused:
                form.add_error(None, str(refused))
            else:
                return _saved(
                    request,
                    _logged_message(logged.run, unit),
                    created=logged.created,
                    code=logged.run.code,
                )
        if wants_json(request):
            return _refused(form)
    else:
        kind = request.GET.get("kind")
        form = RunLogForm(
            initial={
                "code": uuid.uuid4(),
                "day": today,
                "kind": kind if kind in RunKind.values else RunKind.RUN,
            },
            unit=unit,
        )
    return render(
        request,
        "programs/run_log.html",
        {"runner": runner, "form": form, "unit": unit, "days": loggable_run_days(today)},
        status=400 if form.is_bound else 200,
    )


@runner_only
@require_http_methods(["POST"])
def morning_pain(request):
    runner = own_runner(request.user)
    today = local_today(runner.time_zone)
    form = MorningPainForm(request.POST)
    if form.is_valid():
        try:
            answer = record_morning_pain(runner=runner, today=today, **form.cleaned_data)
        except RunRefused as refused:
            form.add_error(None, str(refused))
        else:
            advice = run_today(runner, today).advice
            message = f"Thanks. {advice.headline}."
            return _saved(request, message, created=answer.created, code=answer.morning.code)
    else:
        form.add_error(None, "Pick a number from 0 to 10 for this morning's pain.")
    message = form.non_field_errors()[-1]
    if wants_json(request):
        return _refused(form, message)
    messages.error(request, message)
    return redirect("programs:today")
