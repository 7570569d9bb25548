"""Booking end to end: the front desk books a caller; a new runner books on a phone and
cancels through the link in their confirmation email."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clinic.models import Appointment
from tests.browser.conftest import login, shot
from tests.clinic.booking.factories import WorkingHoursFactory, next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hours(cast):
    for clinician in (cast.clinician, cast.other_clinician):
        for weekday in range(5):
            WorkingHoursFactory(clinician=clinician, location=cast.location, weekday=weekday)
    return cast


def test_front_desk_books_a_caller_from_the_day_view(live_server, desktop_page, hours, password):
    page = desktop_page
    tuesday = next_weekday(1)
    login(page, live_server, hours.front_desk.email, password)
    page.goto(f"{live_server.url}/schedule/?date={tuesday}")
    shot(page, "booking-day-view-desktop")
    column = page.get_by_role("region", name=hours.clinician.get_full_name())
    column.get_by_role("link", name="10:00 AM free").click()
    # The search box works through htmx, which binds once the booking page has loaded; typing
    # before that would send no search at all. (Waiting for "load" alone could still be the day
    # view's: the click only starts the navigation.)
    page.wait_for_url(re.compile(r"/schedule/book/"), wait_until="load")
    with page.expect_response(lambda response: "/schedule/runner-search/" in response.url):
        page.get_by_label("Find an existing runner").fill(hours.runner_b.last_name)
    page.get_by_label(re.compile(hours.runner_b.full_name)).check()
    page.get_by_label("What's bothering them").fill("Left knee on downhills")
    shot(page, "booking-book-caller-desktop")
    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_url(re.compile(r"/appointments/"))
    expect(page.get_by_role("alert")).to_contain_text("Booked")
    appointment = Appointment.objects.get()
    assert (appointment.runner, appointment.clinician) == (hours.runner_b, hours.clinician)
    shot(page, "booking-appointment-desktop")


def test_new_runner_books_on_a_phone_and_cancels_through_the_email_link(
    live_server, phone_page, hours, settings
):
    settings.SITE_URL = live_server.url
    page = phone_page
    wednesday = next_weekday(2)
    page.goto(f"{live_server.url}/book/?date={wednesday}")
    shot(page, "booking-online-slots-phone")
    page.get_by_role("link", name="11:00 AM").first.click()
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Park")
    page.get_by_label("Email").fill("nina.park@example.test")
    page.get_by_label("Phone").fill("(919) 555-7788")
    page.get_by_label("Date of birth").fill("1980-05-05")
    page.get_by_label("What's bothering you?").fill("Front of the right knee after 8 km.")
    shot(page, "booking-online-details-phone")
    page.get_by_role("button", name="Book my free assessment").click()
    expect(page.get_by_role("status")).to_contain_text("You're booked")
    shot(page, "booking-online-booked-phone")

    confirmation = next(
        m
        for m in mail.outbox
        if m.to == ["nina.park@example.test"] and "Roadmap assessment" in m.subject
    )
    link = re.search(r"http://\S+/booking/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("cancelled")
    shot(page, "booking-online-cancelled-phone")
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED
