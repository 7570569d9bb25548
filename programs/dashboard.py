"""The clinician's dashboard: their runners sorted and paged in SQL by their current program's
adherence summary (`programs.summaries`)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower

from clinic.models import Role, Runner
from programs import summaries
from programs.models import AdherenceSummary, Program, SetLog


@dataclass
class DashboardRow:
    """A runner on the dashboard with their current program's figures (none without a program)."""

    runner: Runner
    program: Program | None = None
    last_7: int | None = None
    last_30: int | None = None
    active_days_30: int = 0
    falling: bool = False
    pain: bool = False
    worst_recent_pain: int | None = None
    daily: list[tuple[date, int | None]] = field(default_factory=list)

    @classmethod
    def of(cls, runner: Runner, summary: AdherenceSummary | None) -> "DashboardRow":
        if summary is None:
            return cls(runner)
        first = summary.as_of - timedelta(days=len(summary.daily) - 1)
        return cls(
            runner,
            program=summary.program,
            last_7=summary.last_7,
            last_30=summary.last_30,
            active_days_30=summary.active_days_30,
            falling=summary.falling,
            pain=summary.pain,
            worst_recent_pain=summary.worst_recent_pain,
            daily=[(first + timedelta(days=n), p) for n, p in enumerate(summary.daily)],
        )

    @property
    def last_activity(self):
        return self.runner.last_log_at

    @property
    def flagged(self) -> bool:
        return self.falling or self.pain


_BY_NAME = [Lower("last_name"), Lower("first_name"), "pk"]
SORTS = {
    "name": _BY_NAME,
    "adherence_7": [F("adherence__last_7").asc(nulls_last=True), *_BY_NAME],
    "adherence_30": [F("adherence__last_30").asc(nulls_last=True), *_BY_NAME],
    "last_activity": [F("last_log_at").desc(nulls_last=True), *_BY_NAME],
    "flags": [Coalesce("adherence__flagged", False).desc(), *_BY_NAME],
}


def dashboard_runners(user, *, sort: str = "flags"):
    """The clinician's runners (all runners for the practice admin), sorted in SQL by their
    current program's summary, for the dashboard to page through."""
    # A subquery per runner reads one index entry (setlog_runner_latest_live); a Max over the
    # join would aggregate every log the runners ever made.
    latest_live = (
        SetLog.objects.filter(runner=OuterRef("pk"), undone_at__isnull=True)
        .order_by("-logged_at")
        .values("logged_at")[:1]
    )
    current = Program.objects.current().filter(runner=OuterRef("pk")).values("pk")[:1]
    runners = Runner.objects.current().annotate(
        last_log_at=Subquery(latest_live), current_program_id=Subquery(current)
    )
    if user.role == Role.CLINICIAN:
        runners = runners.for_clinician(user)
    return runners.select_related("adherence__program").order_by(*SORTS[sort])


def dashboard_rows(runners, *, now) -> list[DashboardRow]:
    """One page of `dashboard_runners` as rows. A summary missing or from an earlier day (the
    hourly rebuild hasn't reached it yet) is worked out again first, so what is shown is current."""
    runners = list(runners)
    behind = [
        runner.current_program_id
        for runner in runners
        if runner.current_program_id
        and summaries.is_behind(
            runner.adherence.as_of if hasattr(runner, "adherence") else None,
            runner.time_zone,
            now,
        )
    ]
    if behind:
        summaries.rebuild_programs(behind, now)
        fresh = AdherenceSummary.objects.select_related("program").in_bulk(behind)
        for runner in runners:
            if runner.current_program_id in fresh:
                runner.adherence = fresh[runner.current_program_id]
    return [DashboardRow.of(runner, getattr(runner, "adherence", None)) for runner in runners]
