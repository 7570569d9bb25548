"""Return-to-run plans: prescribing one, the stage its runs suggest, and moving stage.

The stage advance is the pure rule `programs.return_to_run.next_stage` over the colours of the
runs at this stage since it began (docs/domain.md §6.4). It is a suggestion the clinician
confirms, unless the practice lets plans advance themselves (`RETURN_TO_RUN_AUTO_ADVANCE`).
An unresolved red flag holds any advance (§3.5): the plan may only stay or go back.
"""

from datetime import date

from django.conf import settings
from django.db import transaction

from intake.selectors import unresolved_red_flags
from programs import return_to_run as rules
from programs.models import RunKind, RunLog, RunPlan


class PlanRefused(Exception):
    """A plan change that can't be made, with the reason the clinician sees."""


def live_plan(runner) -> RunPlan | None:
    return RunPlan.objects.filter(runner=runner, is_live=True).first()


def red_flag_hold(runner) -> list[str]:
    """The labels of the runner's unresolved red flags: while any stands, no stage advances."""
    return unresolved_red_flags(runner)


@transaction.atomic
def prescribe_plan(
    *,
    runner,
    stages: list[dict],
    stage: int,
    sessions_per_week: int,
    entry_criteria: str,
    today: date,
    by,
) -> RunPlan:
    """Start the runner's plan, or edit the live one; a new stage counts its sessions afresh."""
    if len(stages) != rules.LAST_STAGE - 1:
        raise PlanRefused("A plan has 6 stages before the training plan.")
    for spec in stages:
        try:
            rules.session_phases(spec["walk"], spec["run"], spec["repeats"])
        except ValueError as error:
            raise PlanRefused(str(error)) from None
    plan = RunPlan.objects.select_for_update().filter(runner=runner, is_live=True).first()
    held = red_flag_hold(runner)
    if held and (plan is None or stage > plan.stage):
        raise PlanRefused(
            "Unresolved red flag (" + ", ".join(held) + "): refer first, or record an override "
            "with a reason on the screening, before starting or advancing a plan."
        )
    if plan is None:
        plan = RunPlan(runner=runner, stage_since=today, prescribed_by=by)
    elif plan.stage != stage:
        plan.stage_since = today
        plan.suggested_stage = None
    plan.stages = [{"walk": s["walk"], "run": s["run"], "repeats": s["repeats"]} for s in stages]
    plan.stage = stage
    plan.sessions_per_week = sessions_per_week
    plan.entry_criteria = entry_criteria
    plan.save()
    return plan


def stage_colours(plan: RunPlan) -> list[str]:
    """The colours of this stage's runs so far, oldest first."""
    return list(
        RunLog.objects.filter(
            runner_id=plan.runner_id,
            kind=RunKind.RUN,
            stage=plan.stage,
            day__gte=plan.stage_since,
        )
        .order_by("day", "logged_at")
        .values_list("colour", flat=True)
    )


def auto_advance() -> bool:
    return getattr(settings, "RETURN_TO_RUN_AUTO_ADVANCE", False)


def update_suggestion(plan: RunPlan, today: date) -> RunPlan:
    """What this stage's runs suggest; applied at once if the practice lets plans advance."""
    suggestion = rules.next_stage(plan.stage, stage_colours(plan))
    if suggestion > plan.stage and red_flag_hold(plan.runner):
        suggestion = plan.stage
    if suggestion == plan.stage:
        plan.suggested_stage = None
    elif auto_advance():
        plan.stage, plan.stage_since, plan.suggested_stage = suggestion, today, None
    else:
        plan.suggested_stage = suggestion
    plan.save(update_fields=["stage", "stage_since", "suggested_stage", "updated_at"])
    return plan


@transaction.atomic
def confirm_stage(*, plan: RunPlan, stage: int, today: date, by) -> RunPlan:
    """The clinician moves the plan to `stage` (usually the suggested one)."""
    plan = RunPlan.objects.select_for_update().get(pk=plan.pk)
    if not rules.FIRST_STAGE <= stage <= rules.LAST_STAGE:
        raise PlanRefused("A stage is from 1 to 7.")
    held = red_flag_hold(plan.runner)
    if held and stage > plan.stage:
        raise PlanRefused(
            "Unresolved red flag (" + ", ".join(held) + "): the plan can't advance until it is "
            "resolved or overridden with a reason."
        )
    if stage != plan.stage:
        plan.stage, plan.stage_since = stage, today
    plan.suggested_stage = None
    plan.save()
    return plan
