"""The runner's run log: log a run (or no run) in seconds, and this morning's pain.

The run form carries a code made when the page was drawn, so a resent form (a retry, a double
tap, a post that comes back online) lands on the same run.
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
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
                messages.success(request, _logged_message(logged.run, unit))
                return redirect("programs:today")
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
            record_morning_pain(runner=runner, today=today, **form.cleaned_data)
        except RunRefused as refused:
            messages.error(request, str(refused))
        else:
            advice = run_today(runner, today).advice
            messages.success(request, f"Thanks. {advice.headline}.")
    else:
        messages.error(request, "Pick a number from 0 to 10 for this morning's pain.")
    return redirect("programs:today")
