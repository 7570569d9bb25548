"""Return-to-run plans: the practice's default, edited per runner; runs count towards the
stage; the stage the pain rules suggest waits for the clinician; red flags hold any advance."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from clinic.clock import local_today
from programs.models import RunPlan, default_entry_criteria, default_plan_stages
from programs.plans import PlanRefused, confirm_stage, prescribe_plan
from programs.runs import log_run, record_morning_pain
from tests.intake.factories import ScreeningFactory, override


@pytest.fixture
def today(cast):
    return local_today(cast.runner_a.time_zone)


def plan_for(cast, today, stage=2):
    return prescribe_plan(
        runner=cast.runner_a,
        stages=default_plan_stages(),
        stage=stage,
        sessions_per_week=3,
        entry_criteria=default_entry_criteria(),
        today=today,
        by=cast.clinician,
    )


def run(cast, day, today, during):
    return log_run(
        runner=cast.runner_a,
        code=uuid.uuid4(),
        day=day,
        today=today,
        distance_km=Decimal("3"),
        duration_minutes=30,
        pain_during=during,
    ).run


def test_the_default_plan_is_the_practice_rule(cast, today):
    plan = plan_for(cast, today, stage=1)
    assert plan.session_text == "walk 4 min / run 1 min × 6"
    assert plan.session(5) == {"walk": 0, "run": 20, "repeats": 1}
    assert "single-leg hops" in plan.entry_criteria


def test_two_green_runs_suggest_the_next_stage_and_the_clinician_confirms(cast, today):
    plan = plan_for(cast, today)
    assert run(cast, today, today, 1).stage == 2
    plan.refresh_from_db()
    assert plan.suggested_stage is None  # one green is not enough
    run(cast, today, today, 0)
    plan.refresh_from_db()
    assert (plan.stage, plan.suggested_stage) == (2, 3)
    plan = confirm_stage(plan=plan, stage=3, today=today, by=cast.clinician)
    assert (plan.stage, plan.suggested_stage, plan.session_text) == (
        3,
        None,
        "walk 2 min / run 3 min × 6",
    )


@override_settings(RETURN_TO_RUN_AUTO_ADVANCE=True)
def test_a_practice_may_let_the_plan_advance_itself(cast, today):
    plan_for(cast, today)
    run(cast, today, today, 1)
    run(cast, today, today, 2)
    assert RunPlan.objects.get().stage == 3


def test_a_red_morning_after_suggests_one_stage_back(cast, today):
    yesterday = today - timedelta(days=1)
    plan = plan_for(cast, yesterday)
    record_morning_pain(runner=cast.runner_a, day=yesterday, pain=0, today=today)
    run(cast, yesterday, today, 1)
    record_morning_pain(runner=cast.runner_a, day=today, pain=3, today=today)
    plan.refresh_from_db()
    assert plan.suggested_stage == 1


def test_an_unresolved_red_flag_holds_the_advance_until_overridden(cast, today):
    plan = plan_for(cast, today)
    screening = ScreeningFactory(runner=cast.runner_a, red_flags=["locked_knee"])
    run(cast, today, today, 1)
    run(cast, today, today, 1)
    plan.refresh_from_db()
    assert plan.suggested_stage is None  # held: two greens, but a red flag stands
    with pytest.raises(PlanRefused, match="Locked knee"):
        confirm_stage(plan=plan, stage=3, today=today, by=cast.clinician)
    assert confirm_stage(plan=plan, stage=1, today=today, by=cast.clinician).stage == 1
    override(screening, "locked_knee", clinician=cast.clinician)
    assert confirm_stage(plan=plan, stage=2, today=today, by=cast.clinician).stage == 2


def test_the_clinician_edits_the_plan_on_its_page(client, cast, today):
    client.force_login(cast.clinician)
    url = reverse("programs:run_plan", kwargs={"code": cast.runner_a.code})
    page = client.get(url).content.decode()
    assert 'value="4"' in page  # stage 1's walk, from the practice's default
    data = {
        "stage": "2",
        "sessions_per_week": "3",
        "entry_criteria": "Hops pain-free",
        "stages-TOTAL_FORMS": "6",
        "stages-INITIAL_FORMS": "6",
        "stages-MIN_NUM_FORMS": "6",
        "stages-MAX_NUM_FORMS": "6",
    }
    for n, (walk, run_min, repeats) in enumerate(
        [(5, 1, 5), (3, 2, 6), (2, 3, 6), (1, 4, 6), (0, 20, 1), (0, 30, 1)]
    ):
        data.update(
            {f"stages-{n}-walk": walk, f"stages-{n}-run": run_min, f"stages-{n}-repeats": repeats}
        )
    response = client.post(url, data)
    assert response.status_code == 302
    plan = RunPlan.objects.get(runner=cast.runner_a)
    assert (plan.stage, plan.stages[0], plan.entry_criteria) == (
        2,
        {"walk": 5, "run": 1, "repeats": 5},
        "Hops pain-free",
    )
    data["stages-1-run"] = "0"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "greater than or equal to 1" in response.content.decode()


def test_today_shows_the_session_with_a_guided_timer(client, cast, today):
    plan_for(cast, today)
    client.force_login(cast.runner_a.user)
    page = client.get(reverse("programs:today")).content.decode()
    assert "Stage 2 of 6" in page and "walk 3 min / run 2 min × 6" in page
    assert 'id="run-phases"' in page and "Start guided run" in page
    run(cast, today, today, 7)  # red: no run today, so no timer
    page = client.get(reverse("programs:today")).content.decode()
    assert "No run today" in page and "Start guided run" not in page
