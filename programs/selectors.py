"""Reads for the programs pages, each in a fixed number of queries whatever the rows."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Prefetch, prefetch_related_objects

from programs import adherence
from programs.adherence import Plan, Version
from programs.models import Prescription, PrescriptionItem, Program, SessionFeedback, SetLog
from programs.timeline import in_force_on


def _versions() -> Prefetch:
    return Prefetch(
        "prescriptions",
        queryset=Prescription.objects.order_by("effective_from", "id").prefetch_related(
            Prefetch(
                "items",
                queryset=PrescriptionItem.objects.select_related(
                    "exercise", "exercise_version"
                ).order_by("position", "id"),
            )
        ),
    )


def with_versions(programs):
    """Programs with every prescription version and its items (two queries, any number)."""
    return programs.prefetch_related(_versions())


def load_versions(program: Program) -> Program:
    """The same for a program already read (the page's own): two queries, none if loaded."""
    prefetch_related_objects([program], _versions())
    return program


def version_on(program: Program, day: date) -> Prescription | None:
    """From prefetched versions: the one in force on `day` (the latest made wins a tie)."""
    return in_force_on(program.prescriptions.all(), day)


def plan_of(program: Program) -> Plan:
    """The adherence view of a program, from its prefetched versions."""
    return Plan(
        start=program.start_date,
        last_day=program.last_day,
        versions=tuple(
            Version(
                effective_from=p.effective_from,
                sets_due={
                    item.exercise_id: item.sets_per_session * p.sessions_per_day
                    for item in p.items.all()
                },
                days_per_week=p.days_per_week,
                paused=p.paused,
            )
            for p in program.prescriptions.all()
        ),
    )


def logs_by_day(rows) -> dict[date, dict[int, int]]:
    """(day, exercise_id, sets) rows into day -> exercise -> sets."""
    by_day: dict[date, dict[int, int]] = defaultdict(dict)
    for day, exercise_id, sets in rows:
        by_day[day][exercise_id] = sets
    return dict(by_day)


def _live_counts(**filters):
    return (
        SetLog.objects.filter(undone_at__isnull=True, **filters)
        .values_list("day", "exercise_id")
        .annotate(sets=Count("id"))
        .order_by()
    )


# ---- The runner's Today page -----------------------------------------------------------------


@dataclass
class TodayExercise:
    item: PrescriptionItem
    sets_due: int
    logs: list[SetLog]  # live logs, by set number

    @property
    def done(self) -> int:
        return len(self.logs)

    @property
    def next_set(self) -> int:
        taken = {log.set_number for log in self.logs}
        return next((n for n in range(1, self.sets_due + 1) if n not in taken), self.sets_due)

    @property
    def last_code(self) -> str:
        latest = max(self.logs, key=lambda log: log.logged_at, default=None)
        return str(latest.code) if latest else ""

    @cached_property
    def new_code(self) -> uuid.UUID:
        """The code of the next set, for the no-JavaScript form: a resubmit is the same set."""
        return uuid.uuid4()

    @property
    def slots(self) -> list[tuple[int, SetLog | None]]:
        by_number = {log.set_number: log for log in self.logs}
        return [(n, by_number.get(n)) for n in range(1, self.sets_due + 1)]


@dataclass
class TodayPage:
    program: Program
    day: date
    today: date
    prescription: Prescription | None
    exercises: list[TodayExercise]
    feedback: SessionFeedback | None
    streak: int
    loggable_days: list[date]

    @property
    def sets_due(self) -> int:
        return sum(e.sets_due for e in self.exercises)

    @property
    def sets_done(self) -> int:
        return sum(min(e.done, e.sets_due) for e in self.exercises)


def today_page(program: Program, day: date, today: date, loggable_days: list[date]) -> TodayPage:
    """Everything the Today page shows for `day`: 5 queries after the program and its versions."""
    program = load_versions(program)
    prescription = version_on(program, day)
    logs: dict[int, list[SetLog]] = defaultdict(list)
    for log in SetLog.objects.filter(program=program, day=day, undone_at__isnull=True).order_by(
        "set_number"
    ):
        logs[log.exercise_id].append(log)
    exercises = []
    if prescription is not None:
        # Each exercise's pictures and videos, in one query (programs/_exercise_media.html).
        prefetch_related_objects([item.exercise for item in prescription.items.all()], "media")
    if prescription is not None and not prescription.paused and program.start_date <= day:
        exercises = [
            TodayExercise(
                item=item,
                sets_due=item.sets_per_session * prescription.sessions_per_day,
                logs=logs.get(item.exercise_id, []),
            )
            for item in prescription.items.all()
        ]
    log_days = (
        SetLog.objects.filter(program=program, undone_at__isnull=True, day__lte=today)
        .values_list("day", flat=True)
        .distinct()
    )
    return TodayPage(
        program=program,
        day=day,
        today=today,
        prescription=prescription,
        exercises=exercises,
        feedback=SessionFeedback.objects.filter(program=program, day=day).first(),
        streak=adherence.streak(log_days, today),
        loggable_days=loggable_days,
    )


# ---- Progress (runner) and one program (clinician) ---------------------------------------------


@dataclass
class Progress:
    program: Program
    today: date
    day: adherence.Adherence
    week: adherence.Adherence
    whole: adherence.Adherence
    last_7: adherence.Adherence
    last_30: adherence.Adherence
    active_days_30: int
    streak: int
    weekly: list[tuple[date, int | None]]
    daily: list[tuple[date, int | None]]
    feedback: list[SessionFeedback] = field(default_factory=list)
    falling: bool = False
    pain: bool = False


def progress_of(program: Program, today: date) -> Progress:
    program = load_versions(program)
    plan = plan_of(program)
    logs = logs_by_day(_live_counts(program=program, day__lte=today))
    feedback = list(SessionFeedback.objects.filter(program=program).order_by("-day")[:30])
    recent_pain = [
        f.knee_pain for f in feedback if f.day > today - timedelta(days=adherence.RECENT_DAYS)
    ]
    return Progress(
        program=program,
        today=today,
        day=adherence.day_adherence(plan, logs, today),
        week=adherence.week_adherence(plan, logs, today, today),
        whole=adherence.program_adherence(plan, logs, today),
        last_7=adherence.last_days_adherence(plan, logs, today, 7),
        last_30=adherence.last_days_adherence(plan, logs, today, 30),
        active_days_30=adherence.active_days(logs.keys(), today),
        streak=adherence.streak(logs.keys(), today),
        weekly=adherence.weekly_series(plan, logs, today),
        daily=adherence.daily_series(plan, logs, today),
        feedback=feedback,
        falling=adherence.is_falling(plan, logs, today),
        pain=adherence.pain_flag(recent_pain),
    )
