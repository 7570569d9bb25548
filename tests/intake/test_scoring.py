"""The questionnaires' scoring rules (docs/domain.md §4), including the published examples."""

import pytest

from intake.scoring import score_koos, score_kujala, score_lefs, score_nprs

KOOS_ALL = (
    [f"P{n}" for n in range(1, 10)]
    + [f"S{n}" for n in range(1, 8)]
    + [f"A{n}" for n in range(1, 18)]
    + [f"SP{n}" for n in range(1, 6)]
    + [f"Q{n}" for n in range(1, 5)]
)


def test_kujala_best_answers_score_100():
    assert score_kujala([0] * 13) == 100


def test_kujala_worst_answers_score_0():
    worst = [2, 2, 3, 3, 4, 4, 3, 4, 4, 4, 4, 2, 2]
    assert score_kujala(worst) == 0


def test_kujala_adds_the_points_of_each_chosen_option():
    # limp slight 3, stairs pain both ways 5, running pain after 2 km 8, sitting constant pain 6,
    # swelling after daily activities 6; everything else best.
    choices = [1, 0, 0, 2, 0, 1, 0, 2, 0, 2, 0, 0, 0]
    assert score_kujala(choices) == 100 - 2 - 5 - 2 - 4 - 4


def test_kujala_squat_row_follows_domain_table():
    # squatting: partial weight bearing is 2 points, not the 1 some web copies give
    assert score_kujala([0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]) == 97


def test_kujala_refuses_a_missing_item():
    with pytest.raises(ValueError):
        score_kujala([0] * 12)


def test_kujala_refuses_an_option_the_item_does_not_have():
    with pytest.raises(ValueError):
        score_kujala([3] + [0] * 12)  # limp has three options


def test_kujala_refuses_none_for_an_item():
    with pytest.raises(ValueError):
        score_kujala([None] + [0] * 12)


def test_koos_published_pain_example_scores_75():
    answers = dict(zip([f"P{n}" for n in range(1, 10)], [2, 1, 0, 2, 0, 2, 1, 1, 0], strict=True))
    assert score_koos(answers)["pain"] == 75.0


def test_koos_published_qol_example_scores_50():
    answers = {"Q1": 3, "Q2": 2, "Q3": 2, "Q4": 1}
    assert score_koos(answers)["qol"] == 50.0


def test_koos_no_problems_scores_100_in_every_subscale():
    assert score_koos(dict.fromkeys(KOOS_ALL, 0)) == {
        "pain": 100.0,
        "symptoms": 100.0,
        "adl": 100.0,
        "sport_rec": 100.0,
        "qol": 100.0,
    }


def test_koos_extreme_problems_score_0_in_every_subscale():
    assert set(score_koos(dict.fromkeys(KOOS_ALL, 4)).values()) == {0.0}


def test_koos_subscale_missing_below_half_while_others_are_scored():
    answers = dict.fromkeys(KOOS_ALL, 0)
    for code in ("P1", "P2", "P3", "P4", "P5"):  # 4 of 9 pain items left: below the 5 needed
        answers[code] = None
    scores = score_koos(answers)
    assert scores["pain"] is None
    assert scores["symptoms"] == scores["adl"] == scores["sport_rec"] == scores["qol"] == 100.0


def test_koos_subscale_scored_at_exactly_half_answered():
    # Sport needs 3 of 5: the mean of the answered ones counts, missing items are not zeros.
    scores = score_koos({"SP1": 2, "SP2": 2, "SP3": 2})
    assert scores["sport_rec"] == 50.0


@pytest.mark.parametrize(
    ("subscale", "codes"),
    [
        ("pain", ["P1", "P2", "P3", "P4"]),
        ("symptoms", ["S1", "S2", "S3"]),
        ("adl", [f"A{n}" for n in range(1, 9)]),
        ("sport_rec", ["SP1", "SP2"]),
        ("qol", ["Q1"]),
    ],
)
def test_koos_each_subscale_missing_one_short_of_its_minimum(subscale, codes):
    assert score_koos(dict.fromkeys(codes, 1))[subscale] is None


def test_koos_rounds_to_one_decimal():
    # Symptoms 1,0,0,0,0,0,0: 100 - (1/7) x 25 = 96.43 -> 96.4
    assert (
        score_koos({"S1": 1, "S2": 0, "S3": 0, "S4": 0, "S5": 0, "S6": 0, "S7": 0})["symptoms"]
        == 96.4
    )


def test_koos_refuses_an_answer_out_of_range():
    with pytest.raises(ValueError):
        score_koos({"P1": 5})


def test_koos_refuses_an_unknown_item():
    with pytest.raises(ValueError):
        score_koos({"P10": 1})


def test_lefs_adds_the_twenty_answers():
    assert score_lefs([4] * 20) == 80
    assert score_lefs([0] * 20) == 0
    assert score_lefs([3, 2] * 10) == 50


def test_lefs_refuses_a_missing_answer():
    with pytest.raises(ValueError):
        score_lefs([4] * 19 + [None])


def test_lefs_refuses_an_answer_out_of_range():
    with pytest.raises(ValueError):
        score_lefs([4] * 19 + [5])


def test_lefs_refuses_nineteen_answers():
    with pytest.raises(ValueError):
        score_lefs([4] * 19)


def test_nprs_is_the_rating_itself_from_0_to_10():
    assert score_nprs(0) == 0
    assert score_nprs(10) == 10
    with pytest.raises(ValueError):
        score_nprs(11)
    with pytest.raises(ValueError):
        score_nprs(True)
