"""The runner's own pages: Today (log sets, timer, undo, how the knee felt) and Progress.

Logging answers JSON to the page's script (static/js/today.js) and falls back to a plain form
post without JavaScript. Either way the set's code is made before sending, so a retry or an
offline resend lands on the same set.
"""

import uuid
from datetime import date

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from clinic.access import own_runner, runner_only
from clinic.clock import local_today
from programs import selectors
from programs.access import current_program
from programs.forms import FeedbackForm, LogSetForm, MorningPainForm, UndoForm
from programs.models import Exercise, ProgramStatus, SetLog
from programs.plans import red_flag_hold
from programs.runs import distance_unit, run_today, running_timeline, weekly_load
from programs.services import LogRefused, log_set, loggable_days, record_feedback, undo_set
from programs.views import wants_json

# The guided timer's pace. Hooklying breathing: inhale 6-10 s, then a slower exhale
# (docs/domain.md §2.1); the timer takes the short end so a first-timer can keep up. Rest between
# sets: practice rule.
TIMER = {"breath_in": 6, "breath_out": 8, "rest_seconds": 20}


def _today_url(day: date, today: date) -> str:
    if day == today:
        return reverse("programs:today")
    return reverse("programs:today_on", kwargs={"day": day})


def _run_card(runner, today: date) -> dict:
    """Today's run card: this morning's pain, the last run's colour and the advice."""
    run = run_today(runner, today)
    return {
        "run": run,
        "unit": distance_unit(runner),
        "morning_form": MorningPainForm(
            initial={"code": uuid.uuid4(), "day": today, "pain": run.morning_pain}
        ),
        # Plain words only: the flag's clinical label is for the clinician to explain.
        "red_flag_hold": bool(red_flag_hold(runner)),
    }


def _runner_program(request):
    runner = own_runner(request.user)
    return runner, current_program(runner), local_today(runner.time_zone)


@runner_only
def today(request, day: date | None = None):
    runner, program, local = _runner_program(request)
    if program is None:
        return render(
            request, "programs/no_program.html", {"runner": runner, **_run_card(runner, local)}
        )
    days = loggable_days(program, local)
    if day is None:
        day = local
    elif day not in days:
        raise Http404("Only today and the past week can be filled in.")
    page = selectors.today_page(program, day, local, days)
    feedback = page.feedback
    form = FeedbackForm(
        initial={
            "day": day,
            "knee_pain": feedback.knee_pain if feedback else None,
            "note": feedback.note if feedback else "",
        }
    )
    return render(
        request,
        "programs/today.html",
        {
            "runner": runner,
            "page": page,
            "feedback_form": form,
            "statuses": ProgramStatus,
            **TIMER,
            **_run_card(runner, local),
        },
    )


def _answer(request, ok: bool, message: str, day: date, today: date, status=200, **data):
    if wants_json(request):
        return JsonResponse({"ok": ok, "message": message, **data}, status=status)
    (messages.success if ok else messages.error)(request, message)
    return redirect(_today_url(day, today))


@runner_only
@require_http_methods(["POST"])
def log(request):
    runner, program, local = _runner_program(request)
    form = LogSetForm(request.POST)
    if program is None or not form.is_valid():
        return _answer(
            request,
            False,
            "That set couldn't be read; refresh and try again.",
            local,
            local,
            status=400,
        )
    data = form.cleaned_data
    exercise = Exercise.objects.filter(code=data["exercise"]).first()
    if exercise is None:
        return _answer(
            request, False, "That exercise isn't in your program.", local, local, status=400
        )
    try:
        entry, created = log_set(
            program=program,
            code=data["code"],
            exercise=exercise,
            day=data["day"],
            set_number=data["set_number"],
            done_dose=data["done_dose"],
            today=local,
        )
    except LogRefused as refused:
        return _answer(request, False, str(refused), local, local, status=400)
    done = SetLog.objects.filter(
        program=program, exercise=exercise, day=entry.day, undone_at__isnull=True
    ).count()
    return _answer(
        request,
        True,
        f"{exercise.name}: set {entry.set_number} logged.",
        entry.day,
        local,
        code=str(entry.code),
        set_number=entry.set_number,
        created=created,
        undone=entry.undone_at is not None,
        exercise_done=done,
    )


@runner_only
@require_http_methods(["POST"])
def undo(request):
    runner, program, local = _runner_program(request)
    form = UndoForm(request.POST)
    if program is None or not form.is_valid():
        return _answer(request, False, "Nothing to undo.", local, local, status=400)
    entry = undo_set(program=program, code=form.cleaned_data["code"])
    day = entry.day if entry else (form.cleaned_data["day"] or local)
    return _answer(
        request,
        True,
        "Set taken back." if entry else "Nothing to undo.",
        day,
        local,
        code=str(form.cleaned_data["code"]),
        set_number=entry.set_number if entry else None,
    )


@runner_only
@require_http_methods(["POST"])
def feedback(request):
    runner, program, local = _runner_program(request)
    if program is None:
        raise Http404
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            record_feedback(program=program, today=local, **form.cleaned_data)
        except LogRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Thanks: your clinician will see how the knee felt.")
        return redirect(_today_url(form.cleaned_data["day"], local))
    days = loggable_days(program, local)
    day = form.cleaned_data.get("day") or local
    page = selectors.today_page(program, day if day in days else local, local, days)
    return render(
        request,
        "programs/today.html",
        {
            "runner": runner,
            "page": page,
            "feedback_form": form,
            "statuses": ProgramStatus,
            **TIMER,
            **_run_card(runner, local),
        },
        status=400,
    )


@runner_only
def progress(request):
    runner, program, local = _runner_program(request)
    if program is None:
        # The same page as Today without a program, its run card working (this morning's pain).
        return render(
            request, "programs/no_program.html", {"runner": runner, **_run_card(runner, local)}
        )
    progress = selectors.progress_of(program, local)
    chart = {
        "labels": [f"{monday:%b %-d}" for monday, _ in progress.weekly],
        "values": [percent for _, percent in progress.weekly],
    }
    week_number = min(max((local - program.start_date).days // 7 + 1, 1), program.length_weeks)
    unit = distance_unit(runner)
    return render(
        request,
        "programs/progress.html",
        {
            "runner": runner,
            "progress": progress,
            "chart": chart,
            "week_number": week_number,
            "load": weekly_load(runner, local),
            "unit": unit,
            "timeline": running_timeline(runner, local, unit=unit, adherence=progress.daily),
        },
    )
