"""The run log and this morning's pain on a phone with no signal: saved on the phone, sent once
when the phone is back online, and the same one sent again (a flaky connection retrying) is
still one run, one answer."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from programs.models import MorningPain, RunLog
from tests.browser.conftest import login, shot

pytestmark = pytest.mark.django_db(transaction=True)

PENDING = "JSON.parse(localStorage.getItem('roadmap.pendingRuns') || '[]').length"


def is_morning_post(response):
    return response.request.method == "POST" and "/programs/runs/morning/" in response.url


def is_run_post(response):
    return response.request.method == "POST" and "/programs/runs/log/" in response.url


def test_a_run_logged_offline_is_sent_once_when_back_online(
    live_server, phone_page, cast, password
):
    page = phone_page
    login(page, live_server, cast.runner_a.email, password)
    page.goto(f"{live_server.url}/programs/runs/log/")
    expect(page.get_by_role("heading", name="Log a run")).to_be_visible()

    page.context.set_offline(True)
    page.get_by_label("Distance (km)").fill("5.4")
    page.get_by_label("Time (minutes)").fill("33")
    page.locator("fieldset", has_text="Knee pain during").get_by_text("2", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-run-status]")).to_have_text(
        "Saved on this phone. It will be sent when you're back online."
    )
    assert page.evaluate(PENDING) == 1
    kept = page.evaluate("localStorage.getItem('roadmap.pendingRuns')")
    shot(page, "run-log-offline-phone")
    assert not RunLog.objects.exists()

    # Back online, the browser says so and the page sends the run, then moves on to Today.
    with page.expect_response(is_run_post) as answer:
        page.context.set_offline(False)
    assert answer.value.status == 200  # its body is gone with the page: Today says what it was
    expect(page.get_by_text("Run logged: 5.4 km, green")).to_be_visible()
    assert page.url.endswith("/programs/today/")
    card = page.locator("#run-today")
    expect(card).to_contain_text("Logged today: run, 5.4 km.")

    # The same run resent (its answer lost on the way): still one run. The retry comes from this
    # page when the browser says it is online, not from a reload straight after writing
    # localStorage, which could read the queue before Chromium had stored the write.
    page.evaluate(f"localStorage.setItem('roadmap.pendingRuns', {kept!r})")
    with page.expect_response(is_run_post) as answer:
        page.evaluate("window.dispatchEvent(new Event('online'))")
    assert answer.value.ok and answer.value.json()["created"] is False
    page.wait_for_function(f"{PENDING} === 0")
    expect(card.locator("[data-run-status]")).to_have_text(
        "Run logged: 5.4 km, green: run as planned next time."
    )
    run = RunLog.objects.get(runner=cast.runner_a)
    assert (run.kind, run.distance_km, run.duration_minutes, run.pain_during) == (
        "run",
        Decimal("5.40"),
        33,
        2,
    )


def test_this_mornings_pain_given_offline_is_sent_once_when_back_online(
    live_server, phone_page, cast, password
):
    page = phone_page
    login(page, live_server, cast.runner_a.email, password)
    page.goto(f"{live_server.url}/programs/today/")
    card = page.locator("#run-today")
    expect(card.get_by_role("button", name="Save this morning's pain")).to_be_visible()

    page.context.set_offline(True)
    card.locator("fieldset").get_by_text("3", exact=True).click()
    card.get_by_role("button", name="Save this morning's pain").click()
    expect(card.locator("[data-run-pending]")).to_have_text(
        "Saved on this phone, not sent yet: this morning's pain, 3/10."
    )
    expect(card.locator("[data-run-status]")).to_contain_text("Saved on this phone")
    kept = page.evaluate("localStorage.getItem('roadmap.pendingRuns')")
    assert not MorningPain.objects.exists()

    with page.expect_response(is_morning_post) as answer:
        page.context.set_offline(False)
    assert answer.value.status == 200  # then Today is drawn again with the new advice
    expect(card).to_contain_text("This morning's knee pain: 3/10.")

    page.evaluate(f"localStorage.setItem('roadmap.pendingRuns', {kept!r})")
    with page.expect_response(is_morning_post) as answer:
        page.evaluate("window.dispatchEvent(new Event('online'))")
    assert answer.value.ok and answer.value.json()["created"] is False
    page.wait_for_function(f"{PENDING} === 0")
    assert list(MorningPain.objects.values_list("runner", "pain")) == [(cast.runner_a.pk, 3)]


def test_a_run_the_server_refuses_says_why_by_the_field(live_server, phone_page, cast, password):
    page = phone_page
    login(page, live_server, cast.runner_a.email, password)
    page.goto(f"{live_server.url}/programs/runs/log/")
    page.get_by_label("Time (minutes)").fill("20")
    with page.expect_response(is_run_post) as answer:
        page.get_by_role("button", name="Save").click()
    assert answer.value.status == 400
    expect(page.locator("[data-errors-for=distance]")).to_have_text("How far did you run?")
    expect(page.get_by_label("Distance (km)")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("[data-run-status]")).to_have_text("Please check the form.")
    assert page.evaluate(PENDING) == 0  # the server will never take it: nothing waits
    assert page.url.endswith("/programs/runs/log/") and not RunLog.objects.exists()
