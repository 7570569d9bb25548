"""Scores as people read them: named, in the instrument's order, arrows that follow the number,
and a reason where a subscale has no score."""

import datetime

from django.urls import reverse

from intake.trends import change_between, named_scores
from tests.factories import practice_today
from tests.intake.factories import QuestionnaireResponseFactory

KOOS_SCORES = {"adl": 72.2, "qol": None, "pain": None, "symptoms": 60.7, "sport_rec": 45.0}


def test_koos_scores_come_in_the_instruments_order_with_names():
    assert named_scores("koos", KOOS_SCORES) == [
        ("Pain", None),
        ("Symptoms", 60.7),
        ("Daily living", 72.2),
        ("Sport & recreation", 45.0),
        ("Quality of life", None),
    ]


def test_a_fall_in_pain_points_down_and_is_better():
    change = change_between("nprs", 6, 4)
    assert (change.label, change.arrow, change.better) == ("−2", "▼", True)


def test_a_rise_in_function_points_up_and_is_better():
    change = change_between("kujala", 50, 65)
    assert (change.label, change.arrow, change.better) == ("+15", "▲", True)


def test_runner_sees_named_subscales_and_why_one_is_not_scored(client, cast):
    QuestionnaireResponseFactory(
        runner=cast.runner_a, questionnaire="koos", scores=KOOS_SCORES, answers={}
    )
    client.force_login(cast.runner_a.user)
    text = client.get(reverse("intake:my_questionnaires")).content.decode()
    assert "Pain not scored: fewer than half answered, Symptoms 60.7, Daily living 72.2" in text
    assert "ADL" not in text


def test_record_shows_a_fall_in_pain_as_down_and_better(client, cast):
    today = practice_today()
    for weeks, pain in ((6, 6), (2, 4)):
        QuestionnaireResponseFactory(
            runner=cast.runner_a,
            questionnaire="nprs",
            scores={"total": pain},
            answers={"NPRS": pain},
            completed_on=today - datetime.timedelta(weeks=weeks),
        )
    client.force_login(cast.clinician)
    text = client.get(reverse("intake:record", kwargs={"code": cast.runner_a.code})).content
    text = text.decode()
    assert "−2 ▼ better" in text
    assert "lower is better" in text
