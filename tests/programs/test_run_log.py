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
    changed = record_morning_pain(runner=cast.runner_a, day=today, pain=3, today=today).recoloured
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
        reverse("programs:morning_pain"),
        {"code": str(uuid.uuid4()), "day": today.isoformat(), "pain": "2"},
    )
    assert response.status_code == 302
    page = runner_client.get(reverse("programs:today")).content.decode()
    assert "How does the knee feel this morning?" not in page
    assert "This morning's knee pain: <strong>2/10</strong>" in page
    assert MorningPain.objects.get(runner=cast.runner_a).pain == 2


def test_a_morning_pain_out_of_range_changes_nothing(runner_client, today):
    runner_client.post(
        reverse("programs:morning_pain"),
        {"code": str(uuid.uuid4()), "day": today.isoformat(), "pain": "12"},
    )
    assert not MorningPain.objects.exists()


# ---- offline-safe and idempotent: one row per code, whatever is resent ----------------------

RUN = {"kind": "run", "distance_km": Decimal("5"), "duration_minutes": 30, "pain_during": 1}
NO_RUN = {"kind": "no_run"}
CROSS = {"kind": "cross_training", "duration_minutes": 40}


@pytest.mark.parametrize(
    ("first", "again", "kept"),
    [
        # what was sent first, the same code resent with other values, what the row keeps
        (RUN, {**RUN, "distance_km": Decimal("9")}, {"distance_km": Decimal("5.00")}),
        (RUN, {**RUN, "pain_during": 8}, {"pain_during": 1, "colour": "green"}),
        (NO_RUN, RUN, {"kind": "no_run", "distance_km": None}),
        (CROSS, {**CROSS, "duration_minutes": 90}, {"duration_minutes": 40}),
    ],
    ids=["run-distance", "run-pain", "no-run-then-run", "cross-training"],
)
def test_a_run_resent_with_its_code_returns_the_first_log(cast, today, first, again, kept):
    code = uuid.uuid4()
    one = log_run(runner=cast.runner_a, code=code, day=today, today=today, **first)
    two = log_run(runner=cast.runner_a, code=code, day=today, today=today, **again)
    assert (one.created, two.created) == (True, False)
    assert two.run.pk == one.run.pk
    assert RunLog.objects.filter(runner=cast.runner_a).count() == 1
    row = RunLog.objects.get()
    assert {field: getattr(row, field) for field in kept} == kept


@pytest.mark.parametrize(
    ("answers", "pain", "rows"),
    [
        # (code, pain) answers for this morning, in the order they arrive
        ([("a", 3), ("a", 3)], 3, 1),  # a resend
        ([("a", 3), ("a", 7)], 3, 1),  # a resend can't change the answer
        ([("a", 3), ("b", 5)], 5, 1),  # a new answer for the same morning: the last one
        ([("a", 3), ("b", 5), ("a", 3)], 5, 1),  # the first resent once the second is in
    ],
    ids=["resend", "resend-other-value", "new-answer", "late-resend"],
)
def test_this_mornings_pain_resent_with_its_code_is_one_answer(cast, today, answers, pain, rows):
    codes = {}
    created = []
    for name, value in answers:
        code = codes.setdefault(name, uuid.uuid4())
        answer = record_morning_pain(
            runner=cast.runner_a, code=code, day=today, pain=value, today=today
        )
        created.append(answer.created)
    assert created[1] is (answers[1][0] != answers[0][0])
    assert MorningPain.objects.filter(runner=cast.runner_a).count() == rows
    assert MorningPain.objects.get().pain == pain


def test_a_morning_code_from_another_runner_is_refused(cast, today):
    code = uuid.uuid4()
    record_morning_pain(runner=cast.runner_a, code=code, day=today, pain=2, today=today)
    with pytest.raises(RunRefused):
        record_morning_pain(runner=cast.runner_b, code=code, day=today, pain=2, today=today)


JSON = {"HTTP_ACCEPT": "application/json"}


def test_the_phones_queue_sending_a_run_twice_makes_one_run(runner_client, cast, today):
    code = str(uuid.uuid4())
    url = reverse("programs:run_log")
    fields = {"code": code, "day": today.isoformat(), "kind": "run", "distance": "5"}
    fields |= {"duration_minutes": "30", "pain_during": "6"}
    first = runner_client.post(url, fields, **JSON)
    again = runner_client.post(url, {**fields, "distance": "7"}, **JSON)
    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.json()["created"], again.json()["created"]) == (True, False)
    assert (
        first.json()["message"] == "Run logged: 5.0 km, red: no run tomorrow, cross-train instead."
    )
    assert first.json()["next"] == reverse("programs:today")
    assert RunLog.objects.filter(runner=cast.runner_a).count() == 1
    # Today shows the first answer's message once, not the resend's.
    page = runner_client.get(reverse("programs:today")).content.decode()
    assert page.count("Run logged: 5.0 km") == 1


def test_the_phones_queue_sending_this_mornings_pain_twice_is_one_answer(
    runner_client, cast, today
):
    fields = {"code": str(uuid.uuid4()), "day": today.isoformat(), "pain": "2"}
    url = reverse("programs:morning_pain")
    first = runner_client.post(url, fields, **JSON)
    again = runner_client.post(url, {**fields, "pain": "6"}, **JSON)
    assert (first.json()["created"], again.json()["created"]) == (True, False)
    assert list(MorningPain.objects.values_list("pain", flat=True)) == [2]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"distance": ""}, {"distance": ["How far did you run?"]}),
        (
            {"pain_during": "11"},
            {"pain_during": ["Select a valid choice. 11 is not one of the available choices."]},
        ),
        (
            {"day": "1999-01-01"},
            {"__all__": ["Runs can be logged for today and the past week only."]},
        ),
    ],
    ids=["no-distance", "pain-11", "old-day"],
)
def test_a_queued_run_the_server_refuses_answers_each_fields_message(
    runner_client, today, fields, errors
):
    data = {"code": str(uuid.uuid4()), "day": today.isoformat(), "kind": "run", "distance": "5"}
    data |= {"duration_minutes": "30", "pain_during": "1", **fields}
    response = runner_client.post(reverse("programs:run_log"), data, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert response.json()["message"] == next(iter(errors.values()))[0]
    assert not RunLog.objects.exists()


def test_a_queued_morning_pain_the_server_refuses_says_why(runner_client, today):
    fields = {"code": str(uuid.uuid4()), "day": today.isoformat(), "pain": "12"}
    response = runner_client.post(reverse("programs:morning_pain"), fields, **JSON)
    assert response.status_code == 400
    assert response.json()["message"] == "Pick a number from 0 to 10 for this morning's pain."
    assert not MorningPain.objects.exists()


def test_without_javascript_the_forms_carry_a_code_drawn_by_the_server(runner_client):
    for url in (reverse("programs:run_log"), reverse("programs:today")):
        page = runner_client.get(url).content.decode()
        assert 'type="hidden" name="code"' in page, url


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


def test_progress_without_a_program_asks_this_mornings_pain_with_a_working_form(runner_client):
    page = runner_client.get(reverse("programs:progress")).content.decode()
    assert "How does the knee feel this morning?" in page
    assert 'type="hidden" name="code"' in page and 'name="pain"' in page
