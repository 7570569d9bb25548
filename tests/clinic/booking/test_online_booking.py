"""Online self-booking: no login, one free assessment each, abuse kept out, a link to manage."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from clinic.booking.links import appointment_from_token, manage_token
from clinic.models import Appointment, Runner
from tests.clinic.booking.factories import AppointmentFactory, local, next_weekday, roadmap

pytestmark = pytest.mark.django_db


def form(cast, **overrides):
    data = {
        "location": cast.location.pk,
        "start": f"{next_weekday(1)}T10:00",
        "first_name": "Nina",
        "last_name": "Park",
        "email": "nina@example.test",
        "phone": "919 555 7788",
        "date_of_birth": "1980-05-05",
        "concern": "Front of the right knee hurts after 8 km.",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, data, address="203.0.113.7"):
    return client.post(reverse("clinic:online_booking_details"), data, REMOTE_ADDR=address)


def test_slot_page_lists_open_times_on_the_locations_clock(client, hours):
    tuesday = next_weekday(1)
    response = client.get(reverse("clinic:online_booking"), {"date": str(tuesday)})
    page = response.content.decode()
    assert "9:00 AM" in page and f"start={tuesday}T09:00" in page


def test_a_new_runner_books_and_gets_a_confirmation_with_calendar_and_link(
    client, hours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form(hours))
    appointment = Appointment.objects.get()
    assert appointment.source == Appointment.Source.ONLINE
    assert appointment.appointment_type == roadmap()
    assert appointment.runner.phone == "919-555-7788"
    assert response["Location"].startswith("/booking/")
    confirmation = next(m for m in mail.outbox if "Roadmap assessment" in m.subject)
    token = re.search(r"/booking/([^/\s]+)/", confirmation.body).group(1)
    assert appointment_from_token(token) == appointment
    assert confirmation.attachments[0][0] == "appointment.ics"


def test_a_second_free_assessment_gets_a_kind_message_to_call(client, hours):
    post(client, form(hours))
    response = post(
        client, form(hours, start=f"{next_weekday(2)}T10:00", email="NINA@example.test")
    )
    assert response.status_code == 409
    assert "call the front desk" in response.content.decode()
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "nina.example.test", "valid email"),
        ("phone", "12", "look like a phone number"),
        ("date_of_birth", "tomorrow", "valid date"),
        ("concern", "", "This field is required"),
        ("start", "2020-01-01T10:00", "too soon"),
        ("start", "<script>", "valid date and time"),
        ("location", "999999", ""),
    ],
)
def test_bad_input_never_saves_and_never_500s(client, hours, field, value, message):
    response = post(client, form(hours, **{field: value}))
    assert response.status_code in (400, 404, 409)
    assert message in response.content.decode()
    assert not Appointment.objects.exists()
    assert not Runner.objects.filter(email="nina@example.test").exists()


def test_what_was_typed_is_kept_after_an_error(client, hours):
    response = post(client, form(hours, phone="nope"))
    assert 'value="Nina"' in response.content.decode()


def test_the_honeypot_saves_nothing(client, hours):
    response = post(client, form(hours, website="http://spam.example"))
    assert response.status_code == 200
    assert not Appointment.objects.exists()


def test_too_many_submissions_from_one_address_are_refused(client, hours, settings):
    settings.BOOKING_RATE_LIMIT_PER_HOUR = 3
    for _ in range(3):
        post(client, form(hours, phone="bad"))
    response = post(client, form(hours))
    assert response.status_code == 429
    assert not Appointment.objects.exists()
    assert post(client, form(hours), address="198.51.100.9").status_code == 302


def test_a_taken_time_offers_the_next_free_times(client, hours):
    tuesday = next_weekday(1)
    for clinician in (hours.clinician, hours.other_clinician):
        AppointmentFactory(
            clinician=clinician, location=hours.location, starts_at=local(tuesday, 10)
        )
    response = post(client, form(hours))
    page = response.content.decode()
    assert response.status_code == 409
    assert "just taken" in page
    assert f'value="{tuesday}T11:00"' in page
    assert not Runner.objects.filter(email="nina@example.test").exists()


def test_the_second_clinician_takes_the_time_when_the_first_is_busy(client, hours):
    tuesday = next_weekday(1)
    AppointmentFactory(
        clinician=hours.clinician, location=hours.location, starts_at=local(tuesday, 10)
    )
    post(client, form(hours))
    assert (
        Appointment.objects.get(runner__email="nina@example.test").clinician
        == hours.other_clinician
    )


@pytest.fixture
def booked(hours):
    return AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        appointment_type=roadmap(),
        starts_at=local(next_weekday(1), 10),
    )


def test_the_link_cancels_without_logging_in(client, booked):
    url = reverse("clinic:manage_booking_cancel", kwargs={"token": manage_token(booked)})
    client.post(url)
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED
    assert booked.cancel_reason == "Cancelled by the runner online"


def test_the_link_moves_the_booking(client, booked):
    wednesday = next_weekday(2)
    url = reverse("clinic:manage_booking_reschedule", kwargs={"token": manage_token(booked)})
    client.post(url, {"start": f"{wednesday}T11:00"})
    booked.refresh_from_db()
    assert booked.starts_at == local(wednesday, 11)


def test_the_link_stops_working_inside_the_cutoff(client, booked, settings):
    settings.BOOKING_CHANGE_CUTOFF_HOURS = 24 * 30
    url = reverse("clinic:manage_booking_cancel", kwargs={"token": manage_token(booked)})
    response = client.post(url)
    assert response.status_code == 409
    assert "call" in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


def test_a_tampered_link_is_404(client, booked):
    token = manage_token(booked)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        client.get(reverse("clinic:manage_booking", kwargs={"token": tampered})).status_code == 404
    )
    assert (
        client.post(reverse("clinic:manage_booking_cancel", kwargs={"token": tampered})).status_code
        == 404
    )


def test_cancelling_twice_through_the_link_is_harmless(client, booked):
    url = reverse("clinic:manage_booking_cancel", kwargs={"token": manage_token(booked)})
    client.post(url)
    response = client.post(url)
    assert response.status_code == 409  # no longer changeable online
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED


def test_slot_page_never_offers_times_inside_the_notice(client, hours, settings):
    settings.BOOKING_MIN_NOTICE_MINUTES = 60 * 24 * 30
    response = client.get(reverse("clinic:online_booking"), {"date": str(next_weekday(1))})
    assert "9:00 AM" not in response.content.decode()
