"""No 500 from anything typed: every booking and schedule page, every role, extreme dates and
control characters in what it reads (query string) and in what it takes (a POST).

Dates a page can't show (year 9999 or 0001, far outside the booking horizon) are refused with a
message by the field; control characters are refused at the form and in the runner search.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.clinic.access_table import ACCESS, ROLES
from tests.clinic.booking.access_rows import ROWS as BOOKING_ROWS
from tests.conftest import signed_in

PAGES = sorted([*BOOKING_ROWS, "clinic:runner_list"])
EXTREME_DATES = ["9999-12-31", "0001-01-01", "9999-12-31T23:30", "0001-01-01T00:00"]
CONTROL = ["nul\x00byte", "bell\x07", "\x1b[31mred", "tab\x0bvertical"]
# Every name the booking pages read from a query string or a form.
FIELDS = ("date", "start", "starts_at", "pick", "q", "location", "type", "first_name")
OUT_OF_RANGE = "outside the dates we can show"  # the message on a refused date
REFUSED = {200, 302, 400, 403, 404, 405, 409, 429}


def _client(sessions, role) -> Client:
    """A fresh client (no cookies left by the value before) holding the role's session: one
    login per role, not per value (a login costs as much as the page). Each value's writes are
    rolled back, the session's row included, so every value meets the session as it was."""
    return signed_in(Client(), sessions[role][0])


def _values():
    for value in EXTREME_DATES + CONTROL:
        yield value, {name: value for name in FIELDS}
    # A date alone, so the page gets past every other field to the date itself.
    for value in EXTREME_DATES:
        yield value, {"date": value}
        yield value, {"start": value if "T" in value else f"{value}T09:00"}


@pytest.mark.parametrize("name", PAGES)
def test_booking_pages_refuse_extreme_dates_and_control_characters(hours, sessions, name):
    cast = hours
    rule = ACCESS[name]
    url = reverse(name, kwargs=rule.kwargs(cast) if rule.kwargs else None)
    for role in ROLES:
        for value, data in _values():
            cache.clear()  # the public pages' rate limit would hide the page behind a 429
            with transaction.atomic():
                client = _client(sessions, role)
                got = client.get(url, data)  # a server error raises here and fails the test
                assert got.status_code in REFUSED, (name, role, "GET", repr(value), got)
                posted = client.post(url, data)
                assert posted.status_code in REFUSED, (name, role, "POST", repr(value), posted)
                transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("clinic:schedule_day", {"date": "9999-12-31"}),
        ("clinic:schedule_day", {"date": "0001-01-01"}),
        ("clinic:schedule_week", {"date": "9999-12-31"}),
        ("clinic:schedule_week", {"date": "0001-01-01"}),
        ("clinic:online_booking", {"date": "9999-12-31"}),
        ("clinic:online_booking_details", {"start": "9999-12-31T23:30"}),
        ("clinic:online_booking_details", {"start": "0001-01-01T00:00"}),
    ],
)
def test_a_date_outside_the_range_is_refused_with_a_message(hours, client, name, query):
    client.force_login(hours.front_desk)
    response = client.get(reverse(name), query)
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.content.decode()


def test_front_desk_booking_refuses_a_far_date_by_the_field_keeping_what_was_typed(hours, client):
    client.force_login(hours.front_desk)
    response = client.post(
        reverse("clinic:book_appointment"),
        {
            "runner": hours.runner_a.code,
            "clinician": hours.clinician.pk,
            "appointment_type": 1,
            "starts_at": "9999-12-31T23:30",
        },
    )
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.context["form"].errors["starts_at"][0]
    assert 'value="9999-12-31T23:30"' in response.content.decode()


def test_online_booking_refuses_control_characters_in_a_name(hours, client):
    from tests.clinic.booking.factories import local, next_weekday

    start = local(next_weekday(), 10).astimezone(
        __import__("zoneinfo").ZoneInfo(hours.location.time_zone)
    )
    response = client.post(
        reverse("clinic:online_booking_details"),
        {
            "location": hours.location.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "first_name": "Ann\x07",
            "last_name": "Lee",
            "email": "ann@example.test",
            "phone": "919-555-0199",
            "date_of_birth": "1990-01-01",
            "concern": "Knee",
        },
    )
    assert response.status_code == 400
    assert "control characters" in response.context["form"].errors["first_name"][0]


@pytest.mark.parametrize("name", ["clinic:runner_list", "clinic:booking_runner_search"])
def test_runner_search_with_control_characters_says_so(cast, client, name):
    client.force_login(cast.front_desk)
    response = client.get(reverse(name), {"q": "Mar\x00en"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
