"""The runner's own clinic page: visits with move and cancel where the rules allow, where the
clinic is, their clinician and program, findings in plain words, questionnaires due."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.booking.links import manage_token
from clinic.models import Appointment
from intake.findings import FINDING_CODES, in_plain_words
from tests.clinic.booking.factories import AppointmentFactory, local, next_weekday
from tests.intake.factories import ScreeningFactory
from tests.programs.factories import start_program

pytestmark = pytest.mark.django_db
URL = "/me/"


@pytest.fixture
def runner(cast):
    cast.location.address = "1 Kildaire Farm Rd, Suite 200\nCary, NC 27511"
    cast.location.phone = "+19195550100"
    cast.location.save()
    return cast.runner_a


def _visit(cast, starts_at, **extra):
    return AppointmentFactory(
        runner=cast.runner_a,
        clinician=cast.clinician,
        location=cast.location,
        starts_at=starts_at,
        **extra,
    )


def test_upcoming_visits_can_be_moved_and_cancelled_through_their_link(client, cast, runner):
    visit = _visit(cast, local(next_weekday(2), 10))
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    token = manage_token(visit)
    assert reverse("clinic:manage_booking_reschedule", kwargs={"token": token}) in page
    assert reverse("clinic:manage_booking", kwargs={"token": token}) in page
    assert cast.clinician.get_full_name() in page


def test_a_visit_inside_the_cutoff_says_call_us_instead(client, cast, runner):
    _visit(cast, timezone.now() + datetime.timedelta(hours=3))
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    assert "please call us" in page and "tel:+19195550100" in page
    assert "/move/" not in page


def test_past_and_cancelled_visits_are_listed_as_earlier(client, cast, runner):
    _visit(cast, timezone.now() - datetime.timedelta(days=20), status=Appointment.Status.ARRIVED)
    _visit(
        cast,
        local(next_weekday(3), 11),
        status=Appointment.Status.CANCELLED,
        cancel_reason="Runner is unwell",
        cancelled_at=timezone.now(),
    )
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    assert "Earlier" in page and "arrived" in page and "cancelled" in page
    assert "No visit booked" in page


def test_the_clinic_shows_its_address_phone_and_a_map(client, runner):
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    assert "1 Kildaire Farm Rd" in page
    assert "tel:+19195550100" in page
    assert "google.com/maps/search/?api=1&amp;query=1+Kildaire+Farm+Rd" in page


def test_findings_are_in_plain_words_and_questionnaires_due_have_links(client, cast, runner):
    ScreeningFactory(runner=runner, clinician=cast.clinician, findings=["lateral_weakness"])
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    assert "muscles at the side of your hip" in page
    assert "Single-leg squat quality" not in page  # the clinician's words stay on their side
    assert "Questionnaires due" in page and "/intake/me/koos/" in page


def test_every_finding_a_screening_can_make_is_told_to_the_runner(client, cast, runner):
    """A finding added to the screening needs its sentence for the runner too: the page once
    answered 500 for a runner whose screening found a forward lean."""
    ScreeningFactory(runner=runner, clinician=cast.clinician, findings=list(FINDING_CODES))
    client.force_login(runner.user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "weight tipped forward" in page
    assert "Your calves and ankles are tight." in page
    assert "your ankle bends less than it could" in page
    assert len(in_plain_words({code: "" for code in FINDING_CODES})) == len(FINDING_CODES)


def test_the_program_links_to_today(client, cast, runner):
    start_program(runner)
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    assert "Today&#x27;s exercises" in page or "Today's exercises" in page


def test_another_runners_visits_never_show(client, cast, runner):
    AppointmentFactory(
        runner=cast.runner_b,
        clinician=cast.clinician,
        location=cast.location,
        starts_at=local(next_weekday(2), 14),
    )
    client.force_login(runner.user)
    page = client.get(URL).content.decode()
    assert "No visit booked" in page


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


BUDGET = 8  # session, user, runner, visits, screening, its red flags, responses, program


def test_my_clinic_costs_the_same_queries_with_one_visit_or_twenty(client, cast, runner):
    ScreeningFactory(runner=runner, clinician=cast.clinician, findings=["hip_stiffness"])
    start_program(runner)
    _visit(cast, local(next_weekday(2), 10))
    few = _queries(client, runner.user)
    for n in range(19):
        _visit(cast, timezone.now() - datetime.timedelta(days=7 * (n + 1)))
    many = _queries(client, runner.user)
    assert few == many <= BUDGET, (few, many)
