"""Runners log runs on the phone: once per code, in their unit, judged green, amber or red, and
Today tells them in plain words what that means for today's run (docs/domain.md §6)."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from clinic.clock import local_today
from intake.models import RunnerHistory
from programs.models import MorningPain, RunLog
from programs.runs import RunRefused, log_run, record_morning_pain, run_today, weekly_load


@pytest.fixture
def today(cast):
    return local_today(cast.runner_a.time_zone)


@pytest.fixture
def runner_client(client, cast):
    client.force_login(cast.runner_a.user)
    return client


def a_run(runner, day, *, today, during=1, km="5", minutes=30, code=None, **extra):
    return log_run(
        runner=runner,
        code=code or uuid.uuid4(),
        day=day,
        today=today,
        distance_km=Decimal(km),
        duration_minutes=minutes,
        pain_during=during,
        **extra,
    ).run


def post_run(client, on, **fields):
    data = {
        "code": str(uuid.uuid4()),
        "day": on.isoformat(),
        "kind": "run",
        "distance": "5",
        "duration_minutes": "30",
        "effort": "5",
        "pain_during": "1",
        "pain_after": "1",
    }
    data.update(fields)
    return client.post(reverse("programs:run_log"), data)


def test_a_run_logged_on_the_phone_lands_on_today_with_its_colour(runner_client, cast, today):
    response = post_run(runner_client, today, pain_during="6")
    assert response.status_code == 302
    page = runner_client.get(response.url)
    text = page.content.decode()
    assert "Run logged: 5.0 km, red" in text
    assert "No run today" in text
    run = RunLog.objects.get(runner=cast.runner_a)
    assert (run.colour, run.distance_km, run.pain_during) == ("red", Decimal("5.00"), 6)


def test_a_runner_who_counts_in_miles_types_miles_and_the_log_keeps_km(runner_client, cast, today):
    RunnerHistory.objects.create(runner=cast.runner_a, distance_unit="mi")
    form = runner_client.get(reverse("programs:run_log"))
    assert "Distance (miles)" in form.content.decode()
    post_run(runner_client, today, distance="3.1")
    assert RunLog.objects.get().distance_km == Decimal("4.99")
    assert "3.1 mi" in runner_client.get(reverse("programs:today")).content.decode()


def test_the_same_form_sent_twice_is_one_run(runner_client, cast, today):
    code = str(uuid.uuid4())
    post_run(runner_client, today, code=code)
    post_run(runner_client, today, code=code, distance="9")
    assert RunLog.objects.filter(runner=cast.runner_a).count() == 1
    assert RunLog.objects.get().distance_km == Decimal("5.00")


def test_a_run_without_distance_comes_back_with_the_reason_by_the_field(runner_client, cast, today):
    response = post_run(runner_client, today, distance="", duration_minutes="42")
    assert response.status_code == 400
    text = response.content.decode()
    assert "How far did you run?" in text
    assert 'value="42"' in text  # what was typed is kept
    assert not RunLog.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain_during", "11", "Select a valid choice"),
        ("distance", "-2", "greater than or equal to 0"),
        ("distance", "900", "check the unit"),
        ("day", "1999-01-01", "past week only"),
    ],
)
def test_impossible_values_are_refused_with_a_message(runner_client, today, field, value, message):
    response = post_run(runner_client, today, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RunLog.objects.exists()


def test_no_run_and_cross_training_need_no_distance(runner_client, cast, today):
    post_run(runner_client, today, kind="no_run", distance="", duration_minutes="")
    post_run(
        runner_client,
        today,
        kind="cross_training",
        distance="",
        duration_minutes="40",
        pain_during="",
    )
    kinds = sorted(RunLog.objects.values_list("kind", flat=True))
    assert kinds == ["cross_training", "no_run"]
    assert set(RunLog.objects.values_list("colour", flat=True)) == {""}


def test_a_code_from_another_runner_is_refused(cast, today):
    run = a_run(cast.runner_a, today, today=today)
    with pytest.raises(RunRefused):
        log_run(runner=cast.runner_b, code=run.code, day=today, today=today, kind="no_run")


def test_next_mornings_pain_turns_a_green_run_red_and_today_says_no_run(cast, today):
    yesterday = today - timedelta(days=1)
    record_morning_pain(runner=cast.runner_a, day=yesterday, pain=1, today=today)
    run = a_run(cast.runner_a, yesterday, today=today, during=2)
    assert run.colour == "green"
    assert run_today(cast.runner_a, today).advice.kind == "run"
    changed = record_morning_pain(runner=cast.runner_a, day=today, pain=3, today=today)
    assert [r.pk for r in changed] == [run.pk]
    run.refresh_from_db()
    assert run.colour == "red"
    advice = run_today(cast.runner_a, today).advice
    assert (advice.kind, advice.headline) == ("no_run", "No run today")


def test_a_morning_up_by_one_makes_the_run_amber_and_today_says_repeat(cast, today):
    yesterday = today - timedelta(days=1)
    record_morning_pain(runner=cast.runner_a, day=yesterday, pain=2, today=today)
    a_run(cast.runner_a, yesterday, today=today, during=1)
    record_morning_pain(runner=cast.runner_a, day=today, pain=3, today=today)
    assert RunLog.objects.get().colour == "amber"
    assert run_today(cast.runner_a, today).advice.headline == "Repeat the same distance"


def test_today_asks_this_mornings_pain_once(runner_client, cast, today):
    page = runner_client.get(reverse("programs:today")).content.decode()
    assert "How does the knee feel this morning?" in page
    response = runner_client.post(
        reverse("programs:morning_pain"), {"day": today.isoformat(), "pain": "2"}
    )
    assert response.status_code == 302
    page = runner_client.get(reverse("programs:today")).content.decode()
    assert "How does the knee feel this morning?" not in page
    assert "This morning's knee pain: <strong>2/10</strong>" in page
    assert MorningPain.objects.get(runner=cast.runner_a).pain == 2


def test_a_morning_pain_out_of_range_changes_nothing(runner_client, today):
    runner_client.post(reverse("programs:morning_pain"), {"day": today.isoformat(), "pain": "12"})
    assert not MorningPain.objects.exists()


def test_weekly_load_sums_runs_by_week_and_compares(cast, today):
    monday = today - timedelta(days=today.weekday())
    for weeks_ago, km in [(4, "10"), (3, "10"), (2, "10"), (1, "10")]:
        day = monday - timedelta(weeks=weeks_ago)
        RunLog.objects.create(
            code=uuid.uuid4(),
            runner=cast.runner_a,
            day=day,
            distance_km=Decimal(km),
            duration_minutes=60,
            pain_during=0,
            colour="green",
        )
    a_run(cast.runner_a, monday, today=max(today, monday), km="14", minutes=80)
    RunLog.objects.create(code=uuid.uuid4(), runner=cast.runner_a, day=monday, kind="no_run")
    load = weekly_load(cast.runner_a, today)
    assert (load.this_week.km, load.this_week.minutes, load.this_week.runs) == (14.0, 80, 1)
    assert load.last_week.km == 10.0
    assert (load.change, load.too_steep, load.threshold) == (40.0, True, 30)
    assert (load.ratio, load.guidance) == (1.4, "Above your usual range")
