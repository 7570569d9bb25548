"""Demo return to run: runners at several stages of their walk/run plan, three weeks of runs and
morning pains, and one runner with a red day yesterday (pain 6 during), so Today says "no run
today", the clinician's dashboard has the alert and the running chart shows the red bar.

Idempotent: a runner who already has a plan is left alone. Red-flagged runners get no plan.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from clinic.clock import local_today
from intake.selectors import unresolved_red_flags
from programs.models import MorningPain, RunKind, RunLog, RunPlan, default_plan_stages
from programs.plans import prescribe_plan, update_suggestion
from programs.runs import colour_of, log_run

# (stage, km per run, pains during of the last runs oldest first, a red day yesterday)
RUNNERS = [
    (1, "2.5", (1, 2, 1), False),
    (2, "3.5", (1, 0, 2), True),
    (4, "5.0", (2, 1, 1, 3), False),
    (6, "6.5", (1, 1, 0, 2, 1), False),
]


def seed(practice) -> None:
    clinician = practice.clinicians[0]
    candidates = [r for r in practice.runners if not unresolved_red_flags(r)]
    for runner, spec in zip(candidates, RUNNERS, strict=False):
        if not RunPlan.objects.filter(runner=runner).exists():
            _seed_runner(runner, runner.clinician or clinician, *spec)


def _seed_runner(runner, clinician, stage, km, pains, red_yesterday):
    today = local_today(runner.time_zone)
    start = today - timedelta(days=21)
    plan = prescribe_plan(
        runner=runner,
        stages=default_plan_stages(),
        stage=stage,
        sessions_per_week=3,
        entry_criteria=RunPlan._meta.get_field("entry_criteria").get_default(),
        today=start,
        by=clinician,
    )
    # Three weeks of mornings, and a run every other day, the last ones at this stage.
    for back in range(21, 0, -1):
        MorningPain.objects.update_or_create(
            runner=runner, day=today - timedelta(days=back), defaults={"pain": 1}
        )
    days = [today - timedelta(days=back) for back in range(20, 1, -2)]
    if red_yesterday:
        days = [d for d in days if d < today - timedelta(days=2)]
    pain_of = dict(zip(reversed(days), reversed(pains), strict=False))
    mornings = dict(MorningPain.objects.filter(runner=runner).values_list("day", "pain"))
    runs = []
    for day in days:
        run = RunLog(
            code=uuid.uuid4(),
            runner=runner,
            day=day,
            kind=RunKind.RUN,
            distance_km=Decimal(km) * Decimal(1 + (day.day % 3) / 10),
            duration_minutes=30,
            effort=4,
            pain_during=pain_of.get(day, 1),
            pain_after=pain_of.get(day, 1),
        )
        run.colour = colour_of(run, mornings)
        run.stage = stage
        runs.append(run)
    RunLog.objects.bulk_create(runs)
    RunPlan.objects.filter(pk=plan.pk).update(stage_since=days[-len(pains)])
    plan.refresh_from_db()
    update_suggestion(plan, today)
    if red_yesterday:
        yesterday = today - timedelta(days=1)
        log_run(
            runner=runner,
            code=uuid.uuid4(),
            day=yesterday,
            today=today,
            distance_km=Decimal(km),
            duration_minutes=24,
            effort=6,
            pain_during=6,
            pain_after=5,
            note="Knee flared on the hill at 2 km",
        )
