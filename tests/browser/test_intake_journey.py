"""A clinician screens a runner and reads their scores; a runner fills KOOS on a phone."""

import datetime

import pytest
from django.urls import reverse

from intake.models import QuestionnaireResponse, Screening
from intake.questionnaires import items
from tests.browser.conftest import login, shot
from tests.intake.factories import QuestionnaireResponseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_clinician_screens_a_runner_and_reads_scores(live_server, desktop_page, cast, password):
    today = datetime.date.today()
    for weeks, total in ((8, 55), (2, 72)):
        QuestionnaireResponseFactory(
            runner=cast.runner_a,
            questionnaire="kujala",
            answers={},
            scores={"total": total},
            completed_on=today - datetime.timedelta(weeks=weeks),
        )
    page = desktop_page
    login(page, live_server, cast.clinician.email, password)
    page.get_by_role("link", name="Intake record").first.click()
    page.get_by_role("link", name="New screening").click()
    page.get_by_label("Anterior pelvic tilt").check()
    page.get_by_label("Hip internal rotation, left").fill("22")
    page.get_by_label("Hip internal rotation, right").fill("120")
    page.get_by_label("Locked knee").check()
    page.get_by_role("button", name="Sign screening").click()
    assert page.locator(".invalid-feedback").get_by_text("No hip rotates past 90°").is_visible()
    # The summary at the top names the field and leads to it.
    target = page.locator("#error-summary").get_by_role("link").first.get_attribute("href")
    assert page.locator(target).count() == 1
    assert page.get_by_label("Hip internal rotation, left").input_value() == "22"
    shot(page, "intake-screening-refused")
    page.get_by_label("Hip internal rotation, right").fill("24")
    page.get_by_role("button", name="Sign screening").click()
    assert page.locator("#red-flags").get_by_text("Locked knee").is_visible()
    assert Screening.objects.get().is_signed
    page.get_by_role("link", name=cast.runner_a.full_name).click()
    assert page.locator("#red-flags").is_visible()
    assert page.get_by_text("+17 ▲ better").is_visible()
    assert page.get_by_text("below the healthy average").is_visible()
    page.wait_for_function("document.querySelector('canvas.trend-chart').width > 0")
    shot(page, "intake-record")


def test_runner_fills_koos_on_a_phone(live_server, phone_page, cast, password):
    page = phone_page
    login(page, live_server, cast.runner_a.email, password)
    page.goto(f"{live_server.url}{reverse('intake:my_questionnaires')}")
    page.get_by_role("link", name="KOOS").click()
    for item in items("koos")[:4]:  # four pain items: no part is half answered yet
        page.locator(f"#q-{item.code} label").first.click()
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("#form-errors").is_visible()
    assert page.locator("#q-P1 input:checked").count() == 1  # kept what was typed
    shot(page, "intake-koos-phone-refused")
    for item in items("koos")[4:]:
        page.locator(f"#q-{item.code} label").nth(1).click()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_text("answers are saved").is_visible()
    response = QuestionnaireResponse.objects.get()
    assert response.runner == cast.runner_a
    assert all(value is not None for value in response.scores.values())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "intake-my-questionnaires-phone")
