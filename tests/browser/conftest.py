"""Playwright for Python driving Debian's Chromium against pytest-django's live server.

No browser download: the executable is /usr/bin/chromium (override with CHROMIUM_PATH).
Helpers: `login(page, live_server, email)` and `shot(page, name)` (PNG under test-results/).

Every wait is on state: an element (`expect`), a response (`expect_response`), a navigation or a
URL; never a fixed time or "network idle". A click that submits a form only starts the
navigation, so what follows waits for the next page's content, never reads the page at once.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory, and every request thread shares its one
    connection: two requests at once (a page and the service worker's fetch) can find a table
    locked. Connections are still kept alive, each in its own thread; only the app is serialised.
    """

    lock = threading.Lock()

    def set_app(self, application):
        def serially(environ, start_response):
            with self.lock:
                return application(environ, start_response)

        super().set_app(serially)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = OneRequestAtATime

# Assertions wait for state to appear; this is only how long a slow machine may take. Playwright's
# own 5 s was too short on two busy cores, where the live server answers a page, its files and
# the service worker's fetches one at a time.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (bin/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _page(browser, options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    # A page load is waited for longer: the session's first one starts Chromium's renderer and
    # Django's first request (URLconf, templates) together, >10 s on two busy cores.
    context.set_default_navigation_timeout(30_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def desktop_page(browser):
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, PHONE)
    yield page
    context.close()


def login(page, live_server, email, password):
    """Sign in through the real login page; returns once the answer page has loaded (home, or
    the login page again with its message)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()


def shot(page, name: str) -> Path:
    """Save a screenshot for people to look at; the tests never compare pixels."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
