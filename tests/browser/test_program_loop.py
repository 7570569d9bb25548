"""The whole loop in a browser: a clinician starts a program from a screening, the runner logs a
day on a phone, and the clinician sees adherence move on the dashboard."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import SessionFeedback, SetLog
from tests.browser.conftest import login, shot
from tests.intake.factories import ScreeningFactory
from tests.programs.factories import ensure_library

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _library(transactional_db):
    """The exercises ship in a data migration, which a flush between browser tests wipes."""
    ensure_library()


def test_clinician_assigns_runner_logs_clinician_sees_adherence(
    live_server, browser, desktop_page, phone_page, cast, password
):
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, findings=["lateral_weakness"]
    )
    clinic = desktop_page
    login(clinic, live_server, cast.clinician.email, password)
    clinic.goto(f"{live_server.url}/intake/screenings/{screening.code}/")
    clinic.get_by_role("link", name="Start a program").click()
    expect(clinic.get_by_text("Suggested by the latest screening")).to_be_visible()
    expect(clinic.get_by_text("Why: weakness moving sideways")).to_be_visible()
    shot(clinic, "programs-assign-with-suggestion")
    clinic.get_by_role("button", name="Start program").click()
    expect(clinic.get_by_role("button", name="Save new version")).to_be_visible()

    # Tune: keep side lunge 2 x 8, hold the 90/90 for 2 s once, drop the rest for the test.
    rows = clinic.locator("table.items-table tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        name = row.locator("select option:checked").inner_text()
        if name == "90/90 hip stretch with PAILs and RAILs":
            row.locator("input[name$='-sets_per_session']").fill("1")
            row.locator("input[name$='-dose']").fill("2")
        elif name not in ("Side lunge", "---------"):
            row.locator("input[name$='-DELETE']").check()
    clinic.get_by_label("Why it changed").fill("Short first week")
    clinic.get_by_role("button", name="Save new version").click()
    expect(clinic.get_by_text("Earlier days keep the doses they had")).to_be_visible()
    clinic.goto(f"{live_server.url}/programs/dashboard/")
    row = clinic.locator(f"tr[data-runner='{cast.runner_a.code}']")
    expect(row.locator("[data-col=adherence_7]")).to_have_text("0%")

    runner = phone_page
    # The page's clock is Playwright's (it still runs): the test moves it on where the page
    # counts time (the double-tap guard, the guided timer) instead of sleeping.
    runner.clock.install()
    login(runner, live_server, cast.runner_a.email, password)
    assert runner.url.endswith("/programs/today/")
    lunge = runner.locator("section.exercise", has_text="Side lunge")
    lunge.get_by_role("button", name="Log set 1 of 2").click()
    expect(lunge.locator(".set-dot.done")).to_have_count(1)
    runner.clock.fast_forward(800)  # a deliberate second tap, not a double tap
    lunge.get_by_role("button", name="Log set 2 of 2").click()
    expect(lunge.locator(".set-dot.done")).to_have_count(2)
    lunge.get_by_role("button", name="Undo last set").click()
    expect(lunge.get_by_role("button", name="Log set 2 of 2")).to_be_enabled()
    expect(runner.get_by_role("status")).to_have_text("Set taken back.")
    lunge.get_by_role("button", name="Log set 2 of 2").click()
    expect(lunge.get_by_role("button", name="All sets done")).to_be_disabled()

    stretch = runner.locator("section.exercise", has_text="90/90")
    stretch.get_by_role("button", name="Start guided timer").click()
    runner.clock.run_for(3_000)  # "Get ready" lasts 3 s
    phase = stretch.locator("[data-timer-phase]")
    expect(phase).to_have_text("First side: PAILs")
    expect(stretch.locator("[data-timer-detail]")).to_have_text(re.compile("^Press the front knee"))
    shot(runner, "programs-today-timer-phone")
    runner.clock.run_for(2_000)  # each phase holds the dose, 2 s as tuned above
    expect(phase).to_have_text("First side: RAILs")
    expect(stretch.locator("[data-timer-detail]")).to_have_text(re.compile("^Lift the front knee"))
    runner.clock.run_for(2_000)
    expect(phase).to_have_text("Other side: PAILs")
    runner.clock.run_for(4_000)  # the other side's PAILs and RAILs
    expect(stretch.locator(".set-dot.done")).to_have_count(1)
    expect(runner.locator("[data-day-done]")).to_have_text("3")

    runner.locator("label[for$='knee_pain_3']").click()
    runner.get_by_label("Note (optional)").fill("Stairs felt easier")
    runner.get_by_role("button", name="Save how it felt").click()
    expect(runner.get_by_text("your clinician will see how the knee felt")).to_be_visible()
    shot(runner, "programs-today-done-phone")
    assert SetLog.objects.filter(runner=cast.runner_a, undone_at__isnull=True).count() == 3
    assert SessionFeedback.objects.get(runner=cast.runner_a).knee_pain == 3

    clinic.reload()
    row = clinic.locator(f"tr[data-runner='{cast.runner_a.code}']")
    expect(row.locator("[data-col=adherence_7]")).to_have_text("100%")
    shot(clinic, "programs-dashboard-after")


def test_a_set_logged_offline_is_sent_once_when_back_online(
    live_server, phone_page, cast, password
):
    from tests.browser.test_program_loop_support import start_short_program

    start_short_program(cast)
    login(phone_page, live_server, cast.runner_a.email, password)
    lunge = phone_page.locator("section.exercise", has_text="Side lunge")
    phone_page.context.set_offline(True)
    lunge.get_by_role("button", name="Log set 1 of 2").click()
    expect(lunge.locator(".set-dot.pending")).to_have_count(1)
    expect(phone_page.get_by_role("status")).to_contain_text("Saved on this phone")
    kept = phone_page.evaluate("localStorage.getItem('roadmap.pendingSets')")
    phone_page.goto("about:blank")  # the runner closes the page while still offline
    phone_page.context.set_offline(False)
    phone_page.goto(f"{live_server.url}/programs/today/")  # a fresh page sends what was kept
    expect(lunge.locator(".set-dot.done")).to_have_count(1, timeout=20_000)
    # The same set resent again (a flaky connection retrying) is still one set. The retry comes
    # from this page, when the browser says it is back online: a reload straight after writing
    # localStorage could read the queue before Chromium had stored the write.
    phone_page.evaluate(f"localStorage.setItem('roadmap.pendingSets', {kept!r})")
    with phone_page.expect_response(
        lambda r: r.request.method == "POST" and "/programs/log/" in r.url
    ) as answer:
        phone_page.evaluate("window.dispatchEvent(new Event('online'))")
    assert answer.value.ok and answer.value.json()["created"] is False
    # The page takes a set off its queue when the server has answered, then says so.
    pending = "JSON.parse(localStorage.getItem('roadmap.pendingSets') || '[]').length"
    phone_page.wait_for_function(f"{pending} === 0")
    expect(phone_page.get_by_role("status")).to_have_text("Side lunge: set 1 logged.")
    expect(lunge.locator(".set-dot.done")).to_have_count(1)
    assert SetLog.objects.filter(runner=cast.runner_a).count() == 1
