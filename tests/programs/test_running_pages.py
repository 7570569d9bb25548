"""Load figures and the one-axis chart on the runner's progress page and the clinician's page."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from clinic.clock import local_today
from programs.models import MorningPain, RunLog, default_plan_stages
from programs.plans import prescribe_plan
from tests.programs.factories import log_full_day, start_program


@pytest.fixture
def today(cast):
    return local_today(cast.runner_a.time_zone)


def run(runner, day, km, during, colour):
    return RunLog.objects.create(
        code=uuid.uuid4(),
        runner=runner,
        day=day,
        distance_km=Decimal(km),
        duration_minutes=30,
        pain_during=during,
        colour=colour,
    )


@pytest.fixture
def weeks_of_runs(cast, today):
    monday = today - timedelta(days=today.weekday())
    for weeks_ago in range(1, 5):
        run(cast.runner_a, monday - timedelta(weeks=weeks_ago), "10", 1, "green")
    run(cast.runner_a, monday, "15", 6, "red")
    MorningPain.objects.create(runner=cast.runner_a, day=monday, pain=3)


def chart(response):
    text = response.content.decode()
    start = text.index('<script id="running-chart" type="application/json">') + len(
        '<script id="running-chart" type="application/json">'
    )
    return json.loads(text[start : text.index("</script>", start)])


def test_progress_shows_the_weeks_load_and_flags_a_steep_week(client, cast, today, weeks_of_runs):
    program = start_program(cast.runner_a, start=today - timedelta(days=3), by=cast.clinician)
    log_full_day(program, today - timedelta(days=1))
    client.force_login(cast.runner_a.user)
    response = client.get(reverse("programs:progress"))
    text = response.content.decode()
    assert "15.0 km" in text
    assert "+50.0 %" in text and "More than 30 % up: ease off" in text
    assert "High: well above your usual weeks" in text  # 15 / 10 = 1.5
    data = chart(response)
    monday = today - timedelta(days=today.weekday())
    index = data["labels"].index(f"{monday:%b %-d}")
    assert (data["distance"][index], data["colour"][index]) == (15.0, "red")
    assert (data["pain_during"][index], data["morning_pain"][index]) == (6, 3)
    assert data["adherence"][-2] == 100  # yesterday's exercises, on the same axis


def test_the_clinician_sees_the_runs_and_the_chart(client, cast, today, weeks_of_runs):
    client.force_login(cast.clinician)
    response = client.get(reverse("programs:running", kwargs={"code": cast.runner_a.code}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Red" in text and "15.0 km" in text
    assert chart(response)["adherence"] is None  # no program: no exercise line
    record = client.get(reverse("intake:record", kwargs={"code": cast.runner_a.code}))
    assert reverse("programs:running", kwargs={"code": cast.runner_a.code}) in (
        record.content.decode()
    )


@pytest.mark.parametrize("runs", [1, 40])
def test_the_running_page_costs_the_same_queries_with_more_runs(
    client, cast, today, django_assert_max_num_queries, runs
):
    start_program(cast.runner_a, start=today - timedelta(days=20), by=cast.clinician)
    for back in range(runs):
        run(cast.runner_a, today - timedelta(days=back % 28), "5", back % 8, "green")
    client.force_login(cast.clinician)
    url = reverse("programs:running", kwargs={"code": cast.runner_a.code})
    client.get(url)
    # tests/perf/test_query_budgets.py: 19, and the stage's runs with a plan
    prescribe_plan(
        runner=cast.runner_a,
        stages=default_plan_stages(),
        stage=2,
        sessions_per_week=3,
        entry_criteria="",
        today=today,
        by=cast.clinician,
    )
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
