"""A clinician screens a runner and reads their scores; a runner fills KOOS on a phone."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.models import QuestionnaireResponse, Screening
from intake.questionnaires import items
from tests.browser.conftest import login, shot
from tests.factories import practice_today
from tests.intake.factories import QuestionnaireResponseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_clinician_screens_a_runner_and_reads_scores(live_server, desktop_page, cast, password):
    today = practice_today()
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
    expect(page.locator(".invalid-feedback").get_by_text("No hip rotates past 90°")).to_be_visible()
    # The summary at the top names the field and leads to it.
    target = page.locator("#error-summary").get_by_role("link").first.get_attribute("href")
    expect(page.locator(target)).to_have_count(1)
    expect(page.get_by_label("Hip internal rotation, left")).to_have_value("22")
    shot(page, "intake-screening-refused")
    page.get_by_label("Hip internal rotation, right").fill("24")
    page.get_by_role("button", name="Sign screening").click()
    expect(page.locator("#red-flags").get_by_text("Locked knee")).to_be_visible()
    assert Screening.objects.get().is_signed
    page.get_by_role("link", name=cast.runner_a.full_name).click()
    # The screening page has red flags too: be on the record before looking.
    expect(page).to_have_url(re.compile(reverse("intake:record", args=[cast.runner_a.code])))
    expect(page.locator("#red-flags")).to_be_visible()
    expect(page.get_by_text("+17 ▲ better")).to_be_visible()
    expect(page.get_by_text("below the healthy average")).to_be_visible()
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
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#q-P1 input:checked")).to_have_count(1)  # kept what was typed
    shot(page, "intake-koos-phone-refused")
    for item in items("koos")[4:]:
        page.locator(f"#q-{item.code} label").nth(1).click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("answers are saved")).to_be_visible()
    response = QuestionnaireResponse.objects.get()
    assert response.runner == cast.runner_a
    assert all(value is not None for value in response.scores.values())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "intake-my-questionnaires-phone")
