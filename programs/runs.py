"""The run log: logging a run or a day without one, this morning's pain, and what they add up to.

Writes (`log_run`, `record_morning_pain`) and the reads Today, Progress and the clinician's
record share (`run_today`, `weekly_load`). The rules themselves are pure functions in
`programs/return_to_run.py` (docs/domain.md §6); this module feeds them rows.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction

from programs import alerts, plans
from programs import return_to_run as rules
from programs.models import MorningPain, RunKind, RunLog, RunPlan

# How far back a run may be logged (a week, like sets).
LOG_WINDOW_DAYS = 7


class RunRefused(Exception):
    """A run that can't be logged, with the reason the runner sees."""


def loggable_run_days(today: date) -> list[date]:
    return [today - timedelta(days=n) for n in range(LOG_WINDOW_DAYS)]


def _mornings(runner, days) -> dict[date, int]:
    return dict(
        MorningPain.objects.filter(runner=runner, day__in=list(days)).values_list("day", "pain")
    )


def colour_of(run: RunLog, mornings: dict[date, int]) -> str:
    """A run's colour from its pain and the mornings around it (blank for no run)."""
    if run.kind != RunKind.RUN:
        return ""
    return rules.run_colour(
        run.pain_during,
        next_morning=mornings.get(run.day + timedelta(days=1)),
        previous_morning=mornings.get(run.day),
        stopped_by_pain=run.stopped_by_pain,
    )


@dataclass(frozen=True)
class Logged:
    run: RunLog
    created: bool
    turned_red: bool = False


def log_run(
    *,
    runner,
    code: uuid.UUID,
    day: date,
    today: date,
    kind: str = RunKind.RUN,
    distance_km: Decimal | None = None,
    duration_minutes: int | None = None,
    effort: int | None = None,
    pain_during: int | None = None,
    pain_after: int | None = None,
    stopped_by_pain: bool = False,
    note: str = "",
) -> Logged:
    """Log a run (or cross-training, or no run). The same `code` again returns the first log.

    A run counts towards the live plan's current stage, and may change the stage it suggests.
    """
    existing = RunLog.objects.filter(code=code).first()
    if existing is not None:
        if existing.runner_id != runner.pk:
            raise RunRefused("That run belongs to someone else.")
        return Logged(existing, created=False)
    if day not in loggable_run_days(today):
        raise RunRefused("Runs can be logged for today and the past week only.")
    if kind == RunKind.RUN and None in (distance_km, duration_minutes, pain_during):
        raise RunRefused("A run needs its distance, its time and the pain during it.")
    plan = plans.live_plan(runner)
    run = RunLog(
        code=code,
        runner=runner,
        day=day,
        kind=kind,
        distance_km=distance_km if kind != RunKind.NO_RUN else None,
        duration_minutes=duration_minutes if kind != RunKind.NO_RUN else None,
        effort=effort if kind != RunKind.NO_RUN else None,
        pain_during=pain_during if kind != RunKind.NO_RUN else None,
        pain_after=pain_after,
        stopped_by_pain=stopped_by_pain and kind == RunKind.RUN,
        note=note,
        stage=plan.stage if plan is not None and kind == RunKind.RUN else None,
    )
    run.colour = colour_of(run, _mornings(runner, [day, day + timedelta(days=1)]))
    try:
        with transaction.atomic():
            run.save()
            _after_logging(run)
            if plan is not None and run.stage is not None:
                plans.update_suggestion(plan, today)
    except IntegrityError:
        # Lost a race with the same code (a resend overtaking the first request).
        same = RunLog.objects.filter(code=code, runner=runner).first()
        if same is None:
            raise
        return Logged(same, created=False)
    return Logged(run, created=True, turned_red=run.colour == rules.RED)


def _after_logging(run: RunLog) -> None:
    """What a new run sets off (alerts), inside the run's transaction."""
    alerts.after_run(run)


@dataclass(frozen=True)
class Morning:
    morning: MorningPain
    created: bool
    recoloured: list[RunLog]


def record_morning_pain(
    *, runner, day: date, pain: int, today: date, code: uuid.UUID | None = None
) -> Morning:
    """This morning's pain (0-10); judges again the runs it is the morning before or after of.

    `code` is made by the runner's phone: the same code again returns the answer and changes
    nothing. A new answer for the same morning (a new code) replaces the pain: the last answer
    counts; the row keeps the first answer's code.
    `recoloured` are the runs whose colour changed.
    """
    code = code or uuid.uuid4()
    existing = _answered(runner, code)
    if existing is not None:
        return Morning(existing, created=False, recoloured=[])
    if day not in loggable_run_days(today):
        raise RunRefused("Morning pain can be recorded for today and the past week only.")
    rules.run_colour(pain)  # 0-10 or ValueError
    try:
        with transaction.atomic():
            return _record_morning(runner=runner, code=code, day=day, pain=pain, today=today)
    except IntegrityError:
        # Lost a race with the same code (a resend overtaking the first request).
        existing = _answered(runner, code)
        if existing is None:
            raise
        return Morning(existing, created=False, recoloured=[])


def _answered(runner, code) -> MorningPain | None:
    existing = MorningPain.objects.filter(code=code).first()
    if existing is not None and existing.runner_id != runner.pk:
        raise RunRefused("That answer belongs to someone else.")
    return existing


def _record_morning(*, runner, code, day: date, pain: int, today: date) -> Morning:
    # The row keeps its first answer's code, so that answer resent late changes nothing.
    morning, _ = MorningPain.objects.update_or_create(
        runner=runner,
        day=day,
        defaults={"pain": pain},
        create_defaults={"pain": pain, "code": code},
    )
    runs = list(
        RunLog.objects.select_for_update().filter(
            runner=runner, kind=RunKind.RUN, day__in=[day - timedelta(days=1), day]
        )
    )
    mornings = _mornings(runner, [day + timedelta(days=n) for n in (-2, -1, 0, 1)])
    changed = []
    for run in runs:
        colour = colour_of(run, mornings)
        if colour != run.colour:
            run.colour = colour
            run.save(update_fields=["colour"])
            changed.append(run)
    alerts.after_morning_pain(runner=runner, day=day, mornings=mornings, recoloured=changed)
    plan = plans.live_plan(runner)
    if changed and plan is not None:
        plans.update_suggestion(plan, today)
    return Morning(morning, created=True, recoloured=changed)


# ---- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunToday:
    """Today's run card: this morning's pain (if given), the last run and the advice."""

    morning_pain: int | None
    last_run: RunLog | None
    advice: rules.Advice
    runs_today: list[RunLog]
    plan: RunPlan | None = None

    @property
    def colour(self) -> str | None:
        return self.last_run.colour if self.last_run else None


def run_today(runner, today: date) -> RunToday:
    """What Today says about running, in three queries."""
    recent = list(
        RunLog.objects.filter(
            runner=runner, day__lte=today, day__gte=today - timedelta(days=28)
        ).order_by("-day", "-logged_at")
    )
    morning = MorningPain.objects.filter(runner=runner, day=today).values_list("pain", flat=True)
    last_run = next((r for r in recent if r.kind == RunKind.RUN), None)
    if last_run is None:
        advice = rules.todays_advice(None)
    else:
        advice = rules.todays_advice(last_run.colour, (today - last_run.day).days)
    return RunToday(
        morning_pain=next(iter(morning), None),
        last_run=last_run,
        advice=advice,
        runs_today=[r for r in recent if r.day == today],
        plan=plans.live_plan(runner),
    )


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    monday: date
    km: float
    minutes: int
    runs: int


@dataclass(frozen=True)
class Load:
    """Weekly distance and time, this week against last, and acute:chronic (§6.2, §6.3)."""

    weeks: list[Week]  # oldest first, this week last
    change: float | None
    too_steep: bool
    threshold: int
    ratio: float | None
    guidance: str

    @property
    def this_week(self) -> Week:
        return self.weeks[-1]

    @property
    def last_week(self) -> Week:
        return self.weeks[-2]


def weekly_change_threshold() -> int:
    return getattr(settings, "RETURN_TO_RUN_WEEKLY_CHANGE_PERCENT", rules.WEEKLY_CHANGE_THRESHOLD)


def weekly_load(runner, today: date, weeks: int = 8) -> Load:
    """The last `weeks` weeks (Monday to Sunday), this week last, in one query."""
    this_monday = monday_of(today)
    first = this_monday - timedelta(weeks=weeks - 1)
    rows = RunLog.objects.filter(
        runner=runner, kind=RunKind.RUN, day__gte=first, day__lte=today
    ).values_list("day", "distance_km", "duration_minutes")
    totals = {first + timedelta(weeks=n): [0.0, 0, 0] for n in range(weeks)}
    for day, km, minutes in rows:
        week = totals[monday_of(day)]
        week[0] += float(km or 0)
        week[1] += minutes or 0
        week[2] += 1
    series = [Week(m, round(km, 1), minutes, n) for m, (km, minutes, n) in totals.items()]
    change = rules.weekly_change(series[-1].km, series[-2].km)
    threshold = weekly_change_threshold()
    ratio = rules.acute_chronic([w.km for w in series])
    return Load(
        weeks=series,
        change=change,
        too_steep=rules.week_too_steep(change, threshold),
        threshold=threshold,
        ratio=ratio,
        guidance=rules.ratio_guidance(ratio),
    )


def distance_unit(runner) -> str:
    """The runner's unit ("km" or "mi") from their history; km until they say otherwise."""
    from intake.models import RunnerHistory

    unit = RunnerHistory.objects.filter(runner=runner).values_list("distance_unit", flat=True)
    return next(iter(unit), "km")


TIMELINE_DAYS = 28


def running_timeline(
    runner,
    today: date,
    *,
    unit: str,
    adherence: list[tuple[date, int | None]] | None = None,
) -> dict:
    """Runs, pain and exercise adherence on one time axis, day by day, for the chart.

    Distances are in the runner's `unit`. Two queries: runs, morning pains.
    `adherence` is the program's (day, percent) series, if the runner has a program.
    """
    first = today - timedelta(days=TIMELINE_DAYS - 1)
    days = [first + timedelta(days=n) for n in range(TIMELINE_DAYS)]
    runs: dict[date, list[RunLog]] = {}
    for run in RunLog.objects.filter(runner=runner, kind=RunKind.RUN, day__gte=first).filter(
        day__lte=today
    ):
        runs.setdefault(run.day, []).append(run)
    mornings = _mornings(runner, days)
    by_day = dict(adherence or [])
    worst = {rules.RED: 3, rules.AMBER: 2, rules.GREEN: 1, "": 0}

    def distance(day):
        km = sum(float(r.distance_km or 0) for r in runs.get(day, []))
        if not km:
            return None
        return round(rules.km_to_miles(km) if unit == "mi" else km, 1)

    return {
        "labels": [f"{day:%b %-d}" for day in days],
        "unit": unit,
        "distance": [distance(day) for day in days],
        "colour": [
            max((r.colour for r in runs.get(day, [])), key=worst.get, default="") for day in days
        ],
        "pain_during": [
            max((r.pain_during for r in runs[day]), default=None) if day in runs else None
            for day in days
        ],
        "morning_pain": [mornings.get(day) for day in days],
        "adherence": [by_day.get(day) for day in days] if adherence is not None else None,
    }


def recent_runs(runner, today: date, days: int = TIMELINE_DAYS) -> list[RunLog]:
    return list(
        RunLog.objects.filter(runner=runner, day__gt=today - timedelta(days=days)).order_by(
            "-day", "-logged_at"
        )
    )
