"""A practice's first day without the Django admin: the front desk books a new caller, the
runner sets up their login from the invitation on a phone, the clinician assigns a program from
the screening, and the runner logs a set on the phone and finds their visit on My clinic."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clinic.models import Runner
from programs.models import SetLog
from tests.browser.conftest import login, shot
from tests.clinic.booking.factories import WorkingHoursFactory, next_weekday
from tests.intake.factories import ScreeningFactory
from tests.programs.factories import ensure_library

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "long-run-sunday-42"


@pytest.fixture(autouse=True)
def _library(transactional_db):
    ensure_library()


def test_first_day_book_activate_assign_log(
    live_server, desktop_page, phone_page, cast, password, settings
):
    settings.SITE_URL = live_server.url
    for weekday in range(5):
        WorkingHoursFactory(clinician=cast.clinician, location=cast.location, weekday=weekday)
    tuesday = next_weekday(1)

    # The front desk books a new caller from the day view.
    desk = desktop_page
    login(desk, live_server, cast.front_desk.email, password)
    desk.goto(f"{live_server.url}/schedule/?date={tuesday}")
    column = desk.get_by_role("region", name=cast.clinician.get_full_name())
    column.get_by_role("link", name="10:00 AM free").click()
    desk.wait_for_load_state("load")
    desk.get_by_label("First name").fill("Nina")
    desk.get_by_label("Last name").fill("Park")
    desk.get_by_label("Phone").fill("(919) 555-7788")
    desk.get_by_label("Email").fill("nina.park@example.test")
    desk.get_by_label("What's bothering them").fill("Right knee after 8 km")
    desk.get_by_role("button", name="Book", exact=True).click()
    desk.wait_for_load_state("networkidle")
    expect(desk.get_by_role("alert").first).to_contain_text("Booked Nina Park")
    runner = Runner.objects.get(email="nina.park@example.test")
    desk.goto(f"{live_server.url}{runner.get_absolute_url()}")
    expect(desk.locator("#runner-login")).to_contain_text("Not activated")
    expect(desk.locator("#runner-login")).to_contain_text("Invitation last sent")
    shot(desk, "first-day-runner-invited-desktop")

    # The runner opens the invitation on their phone and sets a password: they land on Today.
    invitation = next(m for m in mail.outbox if "login" in m.subject)
    link = re.search(r"http://\S+/welcome/\S+/", invitation.body).group(0)
    phone = phone_page
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Welcome, Nina")).to_be_visible()
    shot(phone, "first-day-activate-phone")
    phone.get_by_label("Choose a password").fill(NEW_PASSWORD)
    phone.get_by_label("The same password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Set my password and sign in").click()
    phone.wait_for_url(re.compile(r"/programs/today/$"))
    expect(phone.get_by_text("Your login is ready")).to_be_visible()
    desk.reload()
    expect(desk.locator("#runner-login")).to_contain_text("Activated")

    # The clinician screens (the signed screening) and assigns a program from it.
    screening = ScreeningFactory(
        runner=runner, clinician=cast.clinician, findings=["lateral_weakness"]
    )
    clinic = desk
    clinic.context.clear_cookies()
    login(clinic, live_server, cast.clinician.email, password)
    clinic.goto(f"{live_server.url}/intake/screenings/{screening.code}/")
    clinic.get_by_role("link", name="Start a program").click()
    clinic.get_by_role("button", name="Start program").click()
    clinic.wait_for_load_state("networkidle")
    expect(clinic.get_by_text("Tune the doses")).to_be_visible()

    # The runner logs a set on the phone, and finds the visit on My clinic.
    phone.goto(f"{live_server.url}/programs/today/")
    first = phone.locator("section.exercise").first
    first.get_by_role("button", name=re.compile(r"Log set 1 of")).click()
    expect(first.locator(".set-dot.done")).to_have_count(1)
    shot(phone, "first-day-today-phone")
    assert SetLog.objects.filter(runner=runner, undone_at__isnull=True).count() == 1
    phone.goto(f"{live_server.url}/me/")
    expect(phone.locator(".upcoming-visit")).to_contain_text("Runner's Roadmap")
    expect(phone.get_by_role("link", name="Move")).to_be_visible()
    shot(phone, "first-day-my-clinic-phone")
