"""Installable for runners: after one visit online, Today opens with no network (the service
worker's copy), its timers and offline queue work, and the queue syncs once back online."""

import pytest
from playwright.sync_api import expect

from programs.models import SetLog
from tests.browser.conftest import login, shot
from tests.programs.factories import ensure_library

pytestmark = pytest.mark.django_db(transaction=True)


def poll(page, script, tries=200):
    # evaluate, not wait_for_function: the site's CSP refuses the eval the latter compiles with.
    for _ in range(tries):
        if page.evaluate(script):
            return True
        page.wait_for_timeout(100)
    return False


def test_today_opens_offline_after_one_visit_and_syncs_when_back(
    live_server, phone_page, cast, password
):
    from tests.browser.test_program_loop_support import start_short_program

    ensure_library()
    start_short_program(cast)
    login(phone_page, live_server, cast.runner_a.email, password)
    today = f"{live_server.url}/programs/today/"
    assert poll(
        phone_page,
        "navigator.serviceWorker.ready.then(() => caches.keys())"
        ".then(async (names) => names.length > 0 && !!(await caches.match('/programs/today/')))",
    )
    # Renamed on the server: a page naming the old name can only have come from the phone.
    old_name = cast.runner_a.first_name
    cast.runner_a.user.first_name = "Renamed"
    cast.runner_a.user.save()

    phone_page.context.set_offline(True)
    phone_page.goto(today)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Today")
    assert old_name in phone_page.content() and "Renamed" not in phone_page.content()
    lunge = phone_page.locator("section.exercise", has_text="Side lunge")
    lunge.get_by_role("button", name="Log set 1 of 2").click()
    expect(phone_page.get_by_role("status")).to_contain_text("Saved on this phone")
    shot(phone_page, "today-offline-phone")
    assert SetLog.objects.filter(runner=cast.runner_a).count() == 0

    phone_page.context.set_offline(False)
    phone_page.reload()
    pending = "JSON.parse(localStorage.getItem('roadmap.pendingSets') || '[]').length === 0"
    assert poll(phone_page, pending)  # the queue was sent
    assert SetLog.objects.filter(runner=cast.runner_a).count() == 1
    # Online again, Today comes from the server (network first), showing the set as done.
    phone_page.goto(today)
    assert "Renamed" in phone_page.content()
    expect(lunge.locator(".set-dot.done")).to_have_count(1)
