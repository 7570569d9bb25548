"""Discharging a runner: the summary built from the record on the day (docs/domain.md §7.2).

The reason; each questionnaire's first and last score of the episode with the change against its
meaningful change (§4.5); adherence over the program (§5); the return-to-run stage and weekly
distance (§6); the home program to keep. All of it is written down at discharge, so the letter
the runner and their doctor received reads the same later.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum

from intake.selectors import Outcome, outcomes
from programs import selectors
from programs.access import current_program
from programs.models import (
    Discharge,
    DischargeOutcome,
    HomeExercise,
    Program,
    ProgramStatus,
    RunKind,
    RunLog,
    RunPlan,
)
from programs.services import ItemSpec, set_status


@dataclass(frozen=True)
class ReturnToRun:
    stage: int | None = None
    weekly_distance_km: Decimal | None = None


def return_to_run_at(runner, day: date) -> ReturnToRun:
    """The runner's return-to-run stage and the distance run in the 7 days up to `day` (§6).

    The stage is the live plan's (or the last plan's); a runner with neither a plan nor a run in
    those 7 days has nothing recorded, and the summary says so.
    """
    plan = RunPlan.objects.filter(runner=runner).order_by("-is_live", "-created_at").first()
    runs = RunLog.objects.filter(
        runner=runner, kind=RunKind.RUN, day__gt=day - timedelta(days=7), day__lte=day
    ).aggregate(km=Sum("distance_km"), count=Count("pk"))
    km = runs["km"]
    return ReturnToRun(
        stage=plan.stage if plan else None,
        weekly_distance_km=(
            km.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if km is not None
            else (Decimal("0.0") if plan else None)
        ),
    )


def episode_start(runner) -> date | None:
    """Where this episode of care begins: the day after the runner's last discharge, if any."""
    previous = Discharge.objects.filter(runner=runner).order_by("-discharged_on").first()
    return previous.discharged_on + timedelta(days=1) if previous else None


def program_to_close(runner) -> Program | None:
    """The program this discharge ends: the current one, or the last finished one not closed."""
    return current_program(runner) or (
        Program.objects.filter(runner=runner, discharge__isnull=True)
        .order_by("-start_date", "-id")
        .first()
    )


@dataclass
class Summary:
    """What the discharge page previews and the discharge keeps."""

    program: Program | None
    adherence_percent: int | None
    outcomes: list[Outcome]
    return_to_run: ReturnToRun

    @property
    def reached_meaningful_change(self) -> bool:
        return any(o.change.meaningful and o.change.better for o in self.outcomes)


def summary_for(runner, today: date) -> Summary:
    program = program_to_close(runner)
    adherence = None
    if program is not None:
        last = min(today, program.last_day)
        adherence = selectors.progress_of(program, last).whole.percent
    return Summary(
        program=program,
        adherence_percent=adherence,
        outcomes=outcomes(runner, since=episode_start(runner), until=today),
        return_to_run=return_to_run_at(runner, today),
    )


@transaction.atomic
def discharge_runner(
    *,
    runner,
    reason: str,
    note: str,
    home_program: list[ItemSpec],
    home_sessions_per_day: int,
    home_days_per_week: int,
    today: date,
    by,
) -> Discharge:
    """Discharge the runner: keep the summary, the home program, and finish their program."""
    summary = summary_for(runner, today)
    program = summary.program
    if program is not None:
        program = Program.objects.select_for_update().get(pk=program.pk)
        if Discharge.objects.filter(program=program).exists():
            raise ValidationError("This program's runner was discharged already.")
    discharge = Discharge.objects.create(
        runner=runner,
        program=program,
        clinician=by,
        discharged_on=today,
        reason=reason,
        note=note,
        adherence_percent=summary.adherence_percent,
        reached_meaningful_change=summary.reached_meaningful_change,
        return_to_run_stage=summary.return_to_run.stage,
        weekly_distance_km=summary.return_to_run.weekly_distance_km,
        home_sessions_per_day=home_sessions_per_day,
        home_days_per_week=home_days_per_week,
    )
    DischargeOutcome.objects.bulk_create(
        DischargeOutcome(
            discharge=discharge,
            questionnaire=o.questionnaire,
            scale=o.scale,
            label=o.label,
            first_on=o.first_on,
            first_score=o.first_score,
            last_on=o.last_on,
            last_score=o.last_score,
            change=o.change.points,
            meaningful_change=o.meaningful_change,
            meaningful=o.change.meaningful,
            better=o.change.better,
        )
        for o in summary.outcomes
    )
    HomeExercise.objects.bulk_create(
        HomeExercise(
            discharge=discharge,
            exercise=spec.exercise,
            exercise_version=spec.exercise_version or spec.exercise.current_version,
            position=position,
            sets_per_session=spec.sets_per_session,
            dose=spec.dose,
            notes=spec.notes,
        )
        for position, spec in enumerate(home_program, start=1)
    )
    if program is not None and program.status != ProgramStatus.COMPLETED:
        set_status(program=program, status=ProgramStatus.COMPLETED, today=today, by=by)
    return discharge
