"""The dashboard's adherence summaries: worked out with the rules in `programs.adherence`, kept in
`AdherenceSummary` rows so the dashboard sorts and pages in SQL.

Written whenever what they depend on changes (a set logged or undone, feedback given, a new
prescription version, a program completed) and rebuilt each hour for runners whose local day has
turned over since, since a day passing with nothing logged changes the figures too.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from clinic.clock import local_today
from programs import adherence
from programs.models import AdherenceSummary, Program, SessionFeedback, SetLog
from programs.selectors import logs_by_day, plan_of, with_versions

FIELDS = [
    "runner",
    "as_of",
    "last_7",
    "last_30",
    "active_days_30",
    "falling",
    "pain",
    "worst_recent_pain",
    "daily",
]
BATCH = 500


def work_out(programs: list[Program], now: datetime) -> list[AdherenceSummary]:
    """Summaries for `programs` (with versions prefetched and runners selected), in two queries."""
    if not programs:
        return []
    # A generous window in server dates; each runner's own 30 local days are cut below.
    since = now.date() - timedelta(days=adherence.MONTH_DAYS + 1)
    ids = [program.pk for program in programs]
    counts: dict[int, list] = defaultdict(list)
    for program_id, day, exercise_id, sets in (
        SetLog.objects.filter(program_id__in=ids, undone_at__isnull=True, day__gte=since)
        .values_list("program_id", "day", "exercise_id")
        .annotate(sets=Count("id"))
        .order_by()
    ):
        counts[program_id].append((day, exercise_id, sets))
    pain: dict[int, list] = defaultdict(list)
    for program_id, day, knee_pain in SessionFeedback.objects.filter(
        program_id__in=ids, day__gte=now.date() - timedelta(days=adherence.RECENT_DAYS + 1)
    ).values_list("program_id", "day", "knee_pain"):
        pain[program_id].append((day, knee_pain))

    summaries = []
    for program in programs:
        today = local_today(program.runner.time_zone, now)
        plan, logs = plan_of(program), logs_by_day(counts[program.pk])
        recent = [
            score
            for day, score in pain[program.pk]
            if today - timedelta(days=adherence.RECENT_DAYS) < day <= today
        ]
        summaries.append(
            AdherenceSummary(
                program=program,
                runner_id=program.runner_id,
                as_of=today,
                last_7=adherence.last_days_adherence(plan, logs, today, 7).percent,
                last_30=adherence.last_days_adherence(plan, logs, today, 30).percent,
                active_days_30=adherence.active_days(logs.keys(), today),
                falling=adherence.is_falling(plan, logs, today),
                pain=adherence.pain_flag(recent),
                worst_recent_pain=max(recent) if recent else None,
                daily=[percent for _, percent in adherence.daily_series(plan, logs, today)],
            )
        )
    return summaries


def _save(summaries: list[AdherenceSummary]) -> None:
    AdherenceSummary.objects.bulk_create(
        summaries, update_conflicts=True, unique_fields=["program"], update_fields=FIELDS
    )


def refresh(program: Program, now: datetime | None = None) -> None:
    """Bring one program's summary up to date; a completed program has none."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two sets logged at once: the second waits here for the first to commit, then counts
        # both, so the later write is never the one that missed a set.
        locked = AdherenceSummary.objects.select_for_update().filter(program=program.pk)
        locked.values_list("pk", flat=True).first()
        program = with_versions(Program.objects.current().filter(pk=program.pk))
        program = program.select_related("runner").first()
        if program is None:
            locked.delete()
            return
        _save(work_out([program], now))


def is_behind(as_of, time_zone: str, now: datetime) -> bool:
    """A summary is out of date once its runner's local day has turned over (or it has none)."""
    return as_of is None or as_of < local_today(time_zone, now)


def rebuild(now: datetime | None = None, *, stale_only: bool = True) -> int:
    """Work out again every current program's summary, or only those whose runner's local day
    has turned over since (the hourly task); returns how many were written."""
    now = now or timezone.now()
    current = Program.objects.current()
    AdherenceSummary.objects.exclude(program__in=current).delete()
    due = [
        program_id
        for program_id, time_zone, as_of in current.values_list(
            "pk", "runner__time_zone", "summary__as_of"
        )
        if not stale_only or is_behind(as_of, time_zone, now)
    ]
    rebuild_programs(due, now)
    return len(due)


def rebuild_programs(program_ids: list[int], now: datetime) -> None:
    """Work out and write the summaries of these current programs, a batch at a time."""
    current = Program.objects.current()
    for start in range(0, len(program_ids), BATCH):
        batch = with_versions(current.filter(pk__in=program_ids[start : start + BATCH]))
        _save(work_out(list(batch.select_related("runner")), now))
