"""Runner history in the runner's unit; score trends with meaningful changes; what is due."""

import datetime
from decimal import Decimal

from django.urls import reverse

from intake.models import RunnerHistory
from intake.trends import change_between, due_note
from tests.factories import practice_today
from tests.intake.factories import QuestionnaireResponseFactory

TODAY = datetime.date(2026, 6, 1)


def test_runner_enters_miles_and_they_are_stored_in_km(client, cast):
    client.force_login(cast.runner_a.user)
    client.post(
        reverse("intake:my_history"),
        {"distance_unit": "mi", "weekly_distance": "30", "longest_run": "13.1", "pain_now": "2"},
    )
    history = RunnerHistory.objects.get(runner=cast.runner_a)
    assert history.weekly_distance_km == Decimal("48.3")
    assert history.longest_run_km == Decimal("21.1")
    assert history.weekly_distance_display == "30.0 mi"


def test_history_form_shows_stored_km_back_in_miles(client, cast):
    RunnerHistory.objects.create(
        runner=cast.runner_a, distance_unit="mi", weekly_distance_km=Decimal("48.3")
    )
    client.force_login(cast.runner_a.user)
    form = client.get(reverse("intake:my_history")).context["form"]
    assert form.initial["weekly_distance"] == Decimal("30.0")


def test_worst_pain_below_pain_now_is_refused(client, cast):
    client.force_login(cast.clinician)
    url = reverse("intake:history_edit", kwargs={"code": cast.runner_a.code})
    response = client.post(url, {"distance_unit": "km", "pain_now": "6", "pain_worst": "3"})
    assert "pain_worst" in response.context["form"].errors
    assert not RunnerHistory.objects.exists()


def test_pain_above_ten_is_refused(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(reverse("intake:my_history"), {"distance_unit": "km", "pain_now": "11"})
    assert "pain_now" in response.context["form"].errors


def test_negative_distance_is_refused(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(
        reverse("intake:my_history"), {"distance_unit": "km", "weekly_distance": "-5"}
    )
    assert "weekly_distance" in response.context["form"].errors


def test_implausible_weekly_miles_are_refused_in_miles(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(
        reverse("intake:my_history"), {"distance_unit": "mi", "weekly_distance": "300"}
    )
    assert "mi" in response.context["form"].errors["weekly_distance"][0]


def test_kujala_change_of_ten_is_meaningful():
    assert change_between("kujala", 60, 70).meaningful
    assert not change_between("kujala", 60, 69).meaningful


def test_lefs_line_is_nine_points():
    assert change_between("lefs", 40, 49).meaningful
    assert not change_between("lefs", 40, 48).meaningful


def test_koos_drop_of_ten_is_meaningful_and_worse():
    change = change_between("koos", 75.0, 65.0)
    assert change.meaningful
    assert not change.better


def test_nprs_fall_of_two_is_meaningful_and_better():
    change = change_between("nprs", 6, 4)
    assert change.meaningful and change.better


def test_nprs_fall_of_thirty_percent_is_meaningful():
    assert change_between("nprs", 3, 2).meaningful  # 1 point but 33% (Farrar 2001)
    assert not change_between("nprs", 8, 7).meaningful  # 1 point, 12.5%


def test_missing_subscale_has_no_change():
    assert change_between("koos", None, 70.0) is None


def test_due_when_never_answered():
    assert due_note("koos", None, TODAY) == "KOOS due: never answered"


def test_due_after_four_weeks_says_how_long_ago():
    assert due_note("koos", TODAY - datetime.timedelta(weeks=6), TODAY) == (
        "KOOS due: last one 6 weeks ago"
    )


def test_not_due_within_four_weeks():
    assert due_note("lefs", TODAY - datetime.timedelta(days=20), TODAY) == ""


def test_record_page_marks_meaningful_change_and_due(client, cast):
    today = practice_today()
    for weeks, total in ((12, 50), (6, 65)):
        QuestionnaireResponseFactory(
            runner=cast.runner_a,
            questionnaire="kujala",
            scores={"total": total},
            answers={},
            completed_on=today - datetime.timedelta(weeks=weeks),
        )
    client.force_login(cast.clinician)
    html = client.get(reverse("intake:record", kwargs={"code": cast.runner_a.code})).content
    text = html.decode()
    assert "+15 ▲ better" in text
    assert "higher is better" in text
    assert "Kujala (AKPS) due: last one 6 weeks ago" in text
    assert "KOOS due: never answered" in text


def test_record_page_query_count_does_not_grow_with_history(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.clinician)
    url = reverse("intake:record", kwargs={"code": cast.runner_a.code})
    from tests.intake.factories import ScreeningFactory

    ScreeningFactory(runner=cast.runner_a, red_flags=["locked_knee"])
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _ in range(10):
        ScreeningFactory(runner=cast.runner_a, red_flags=["locked_knee"])
        QuestionnaireResponseFactory(runner=cast.runner_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_refused_number_comes_back_as_typed(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(
        reverse("intake:my_history"),
        {"distance_unit": "km", "weekly_distance": "thirty", "pain_now": "2"},
    )
    page = response.content.decode()
    assert 'value="thirty"' in page
    assert 'inputmode="decimal"' in page or 'inputmode="numeric"' in page
    assert 'type="number"' not in page
