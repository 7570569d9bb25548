"""The return-to-run rules (programs/return_to_run.py, docs/domain.md §6): pure, no database.

Each table reads as the rule: one row per case, the inputs and what the runner is told.
"""

from decimal import Decimal

import pytest

from programs.return_to_run import (
    DEFAULT_STAGES,
    acute_chronic,
    describe_session,
    km_to_miles,
    miles_to_km,
    next_stage,
    ratio_guidance,
    run_colour,
    session_phases,
    todays_advice,
    week_too_steep,
    weekly_change,
)

# §6.1 a run's colour
# during, next morning, morning before, stopped by pain -> colour
COLOUR_TABLE = [
    (0, None, None, False, "green"),  # no pain, mornings not known yet
    (2, None, None, False, "green"),  # 0-2 is safe
    (2, 1, 1, False, "green"),  # next morning not above the morning before
    (2, 0, 3, False, "green"),  # next morning better than before
    (3, None, None, False, "amber"),  # 3-5 is acceptable
    (5, 2, 2, False, "amber"),
    (1, 3, 2, False, "amber"),  # next morning up by 1
    (6, None, None, False, "red"),  # above 5 is too much
    (10, 0, 0, False, "red"),
    (0, 4, 2, False, "red"),  # next morning up by 2
    (2, 7, 1, False, "red"),  # next morning up by 6
    (0, None, None, True, "red"),  # stopped by pain
    (1, 3, None, False, "green"),  # the morning before unknown: judged on what is known
    (1, None, 3, False, "green"),  # the next morning unknown: judged on what is known
]


@pytest.mark.parametrize(("during", "morning", "before", "stopped", "colour"), COLOUR_TABLE)
def test_a_runs_colour_follows_the_pain_monitoring_rule(during, morning, before, stopped, colour):
    assert run_colour(during, morning, before, stopped) == colour


@pytest.mark.parametrize(
    "args",
    [
        (-1,),
        (11,),
        (2, 11, 0),
        (2, 0, -1),
        (2.5,),
        ("3",),
        (None,),
    ],
)
def test_a_pain_outside_0_to_10_is_refused(args):
    with pytest.raises(ValueError):
        run_colour(*args)


# §6.1 today's advice: the last run's colour, days since it -> what Today says
ADVICE_TABLE = [
    (None, None, "start", "Run as planned"),
    ("green", 1, "run", "Run as planned"),
    ("green", 4, "run", "Run as planned"),
    ("amber", 1, "repeat", "Repeat the same distance"),
    ("red", 0, "no_run", "No run today"),  # a red run this morning: no second run
    ("red", 1, "no_run", "No run today"),  # the day after a red run: cross-train
    ("red", 2, "step_back", "Run one stage back"),  # a day off taken: back one stage
]


@pytest.mark.parametrize(("colour", "days", "kind", "headline"), ADVICE_TABLE)
def test_todays_advice_follows_the_last_runs_colour(colour, days, kind, headline):
    advice = todays_advice(colour, days)
    assert (advice.kind, advice.headline) == (kind, headline)
    assert advice.why  # always says why, in plain words


def test_advice_says_why_in_plain_words():
    assert "Cross-train" in todays_advice("red", 1).why
    with pytest.raises(ValueError):
        todays_advice("purple", 1)


# §6.2 week-over-week change: this week, last week -> percent (one decimal), flagged above 30 %
WEEKLY_TABLE = [
    (10, 10, 0.0, False),
    (13, 10, 30.0, False),  # 30 % exactly is not more than 30 %
    (13.1, 10, 31.0, True),
    (20, 15, 33.3, True),
    (8, 10, -20.0, False),
    (0, 10, -100.0, False),
    (5, 0, None, False),  # nothing last week: no percentage
    (Decimal("11.5"), Decimal("10.0"), 15.0, False),  # distances from the database
]


@pytest.mark.parametrize(("this_week", "last_week", "change", "flagged"), WEEKLY_TABLE)
def test_weekly_change_is_percent_to_one_decimal_and_flags_above_30(
    this_week, last_week, change, flagged
):
    assert weekly_change(this_week, last_week) == change
    assert week_too_steep(change) is flagged


def test_a_practice_may_set_its_own_threshold():
    assert week_too_steep(25.0, threshold=20)
    assert not week_too_steep(25.0, threshold=30)


@pytest.mark.parametrize("args", [(-1, 10), (10, -0.5), ("ten", 5)])
def test_a_negative_distance_is_refused(args):
    with pytest.raises(ValueError):
        weekly_change(*args)


# §6.3 acute:chronic: weekly km oldest first, this week last -> ratio (two decimals), guidance
RATIO_TABLE = [
    ([10, 10, 10, 10, 10], 1.0, "In your usual range"),
    ([8, 10, 12, 10, 15], 1.5, "High: well above your usual weeks"),
    ([10, 10, 10, 10, 14], 1.4, "Above your usual range"),
    ([10, 10, 10, 10, 13], 1.3, "In your usual range"),
    ([10, 10, 10, 10, 7], 0.7, "Below your usual weeks"),
    ([99, 10, 10, 10, 10, 12], 1.2, "In your usual range"),  # only the 4 weeks before count
    ([10, 10, 10, 9], None, "Not enough weeks yet"),  # 3 earlier weeks only
    ([0, 0, 0, 0, 5], None, "Not enough weeks yet"),  # the 4 weeks average 0
    ([3, 3, 4, 0, 0], 0.0, "Below your usual weeks"),
    ([7, 7, 7, 6, 9], 1.33, "Above your usual range"),
]


@pytest.mark.parametrize(("weeks", "ratio", "guidance"), RATIO_TABLE)
def test_acute_chronic_is_this_week_over_the_four_before(weeks, ratio, guidance):
    assert acute_chronic(weeks) == ratio
    assert ratio_guidance(ratio) == guidance


def test_acute_chronic_refuses_a_negative_week():
    with pytest.raises(ValueError):
        acute_chronic([10, 10, -1, 10, 10])


# §6.4 stage advance: stage, this stage's sessions oldest first -> next stage
STAGE_TABLE = [
    (1, [], 1),
    (1, ["green"], 1),  # one green is not enough
    (1, ["green", "green"], 2),  # two green: advance
    (2, ["amber", "green", "green"], 3),  # the last two count
    (2, ["green", "amber"], 2),  # amber: stay
    (2, ["green", "green", "amber"], 2),
    (3, ["green", "red"], 2),  # red: one stage back
    (3, ["green", "green", "red"], 2),  # the last one red wins
    (1, ["red"], 1),  # never below 1
    (6, ["green", "green"], 7),  # 7: back to the training plan
    (7, ["green", "green"], 7),  # and stays 7
    (7, ["red"], 6),
    (4, ["red", "green"], 4),  # a green after red: stay until two greens
]


@pytest.mark.parametrize(("stage", "colours", "expected"), STAGE_TABLE)
def test_the_stage_advances_after_two_greens_and_steps_back_after_red(stage, colours, expected):
    assert next_stage(stage, colours) == expected


@pytest.mark.parametrize(("stage", "colours"), [(0, []), (8, []), (2, ["blue"])])
def test_next_stage_refuses_what_isnt_a_stage_or_a_colour(stage, colours):
    with pytest.raises(ValueError):
        next_stage(stage, colours)


def test_distances_convert_between_km_and_miles():
    assert round(km_to_miles(10), 2) == 6.21
    assert round(miles_to_km(3.1), 2) == 4.99
    with pytest.raises(ValueError):
        km_to_miles(-1)


# §6.4 the default plan's sessions, as the runner reads them and as the timer runs them
SESSION_TABLE = [
    (1, "walk 4 min / run 1 min × 6", 12, 30 * 60),
    (2, "walk 3 min / run 2 min × 6", 12, 30 * 60),
    (3, "walk 2 min / run 3 min × 6", 12, 30 * 60),
    (4, "walk 1 min / run 4 min × 6", 12, 30 * 60),
    (5, "run 20 min continuously", 1, 20 * 60),
    (6, "run 30 min continuously", 1, 30 * 60),
]


@pytest.mark.parametrize(("stage", "words", "phases", "seconds"), SESSION_TABLE)
def test_the_default_plan_reads_as_the_practice_rule(stage, words, phases, seconds):
    spec = DEFAULT_STAGES[stage - 1]
    assert describe_session(*spec) == words
    timer = session_phases(*spec)
    assert (len(timer), sum(s for _, s in timer)) == (phases, seconds)
    if spec[0]:
        assert timer[:2] == [("walk", spec[0] * 60), ("run", spec[1] * 60)]


@pytest.mark.parametrize("spec", [(3, 0, 6), (3, 2, 0), (-1, 2, 6), (3, 2.5, 6)])
def test_a_session_that_cannot_run_is_refused(spec):
    with pytest.raises(ValueError):
        session_phases(*spec)
