"""Done-when of return to run, on a phone: a runner in stage 2 logs a run with pain 6 during;
the next morning Today says "no run today"; the clinician gets the alert and sees the run on the
runner's running chart."""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.clock import local_today
from programs.models import ClinicianAlert, RunLog, default_entry_criteria, default_plan_stages
from programs.plans import prescribe_plan
from tests.browser.conftest import login, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_red_run_means_no_run_next_morning_and_the_clinician_sees_it(
    live_server, browser, desktop_page, phone_page, cast, password, monkeypatch
):
    today = local_today(cast.runner_a.time_zone)
    prescribe_plan(
        runner=cast.runner_a,
        stages=default_plan_stages(),
        stage=2,
        sessions_per_week=3,
        entry_criteria=default_entry_criteria(),
        today=today - datetime.timedelta(days=4),
        by=cast.clinician,
    )

    runner = phone_page
    login(runner, live_server, cast.runner_a.email, password)
    runner.goto(f"{live_server.url}/programs/today/")
    card = runner.locator("#run-today")
    expect(card.get_by_text("Stage 2 of 6")).to_be_visible()
    expect(card.get_by_text("walk 3 min / run 2 min × 6", exact=False)).to_be_visible()
    shot(runner, "rtr-phone-today-stage-2")
    card.get_by_role("link", name="Log a run").click()
    runner.get_by_label("Distance (km)").fill("3.2")
    runner.get_by_label("Time (minutes)").fill("26")
    runner.locator("fieldset", has_text="Knee pain during").get_by_text("6", exact=True).click()
    runner.locator("fieldset", has_text="Knee pain after").get_by_text("4", exact=True).click()
    shot(runner, "rtr-phone-log-run")
    runner.get_by_role("button", name="Save").click()
    expect(runner.get_by_text("Run logged: 3.2 km, red")).to_be_visible()
    run = RunLog.objects.get(runner=cast.runner_a)
    assert (run.colour, run.stage, run.pain_during) == ("red", 2, 6)

    # The next morning: the clock moves a day on.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=1))
    runner.goto(f"{live_server.url}/programs/today/")
    card = runner.locator("#run-today")
    card.locator("fieldset").get_by_text("3", exact=True).click()
    card.get_by_role("button", name="Save this morning's pain").click()
    expect(runner.locator("[data-advice=no_run]")).to_contain_text("No run today")
    expect(runner.locator("[data-advice=no_run]")).to_contain_text("Cross-train")
    expect(runner.get_by_role("button", name="Start guided run")).to_have_count(0)
    shot(runner, "rtr-phone-next-morning-no-run")

    alert = ClinicianAlert.objects.get(runner=cast.runner_a)
    assert (alert.kind, alert.clinician) == ("red_run", cast.clinician)
    clinic = desktop_page
    login(clinic, live_server, cast.clinician.email, password)
    clinic.goto(f"{live_server.url}/programs/dashboard/")
    alerts = clinic.locator("#alerts")
    expect(alerts).to_contain_text("Red run")
    expect(alerts).to_contain_text("pain 6/10 during")
    shot(clinic, "rtr-clinician-dashboard-alert")
    alerts.get_by_role("link", name=cast.runner_a.full_name).click()
    expect(clinic.locator(f"tr[data-run-day='{today.isoformat()}']")).to_contain_text("Red")
    expect(clinic.locator("[data-suggestion]")).to_contain_text("stage 1")
    chart = json.loads(clinic.locator("#running-chart").text_content())
    assert chart["colour"][-2] == "red" and chart["pain_during"][-2] == 6
    assert chart["morning_pain"][-1] == 3
    clinic.wait_for_function(
        "() => { const c = document.querySelector('canvas[data-running-chart]');"
        " return c && window.Chart && window.Chart.getChart(c); }"
    )
    shot(clinic, "rtr-clinician-running-chart")
