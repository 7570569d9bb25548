"""One record per person: booking finds the runner someone already is, by email or phone, and
an existing patient can't take the free new-runner assessment."""

import datetime

import pytest
from django.urls import reverse

from clinic.booking import identity
from clinic.booking import services as booking
from clinic.models import Appointment, IdentityLock, Runner
from tests.clinic.booking.factories import (
    AppointmentFactory,
    follow_up,
    local,
    next_weekday,
    roadmap,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("(919) 555-0101", "+19195550101"),
        ("+1 919 555 0101", "+19195550101"),
        ("９１９-５５５-０１０１", "+19195550101"),  # full-width
        ("٩١٩٥٥٥٠١٠١", "+19195550101"),  # Arabic-Indic
        ("۹۱۹۵۵۵۰۱۰۱", "+19195550101"),  # Eastern Arabic-Indic (Persian)
        ("+44 20 7946 0958", "+442079460958"),
        ("555", ""),
        ("not a phone", ""),
        ("", ""),
    ],
)
def test_phones_are_one_number_whatever_the_script(typed, e164):
    assert identity.normal_phone(typed) == e164


def test_identity_keys_hold_no_contact_details_and_ignore_case_and_spelling():
    keys = identity.identity_keys(email=" Alex@Example.TEST ", phone="٩١٩٥٥٥٠١٠١")
    assert keys == identity.identity_keys(email="alex@example.test", phone="(919) 555-0101")
    assert len(keys) == 2 and all("alex" not in key and "919" not in key for key in keys)


def _new(hours, day, **details):
    return booking.book(
        location=hours.location,
        clinician=hours.clinician,
        appointment_type=follow_up(),
        starts_at=local(day, 10),
        new_runner={
            "first_name": "Alex",
            "last_name": "Morgan",
            "email": "",
            "phone": "",
            "date_of_birth": None,
            **details,
        },
    )


@pytest.mark.parametrize(
    "details",
    [
        {"email": "RUNNER.A@example.test"},
        {"phone": "PHONE"},
        {"email": "someone.else@example.test", "phone": "PHONE"},
    ],
)
def test_new_runner_details_that_match_a_runner_book_that_runner(hours, details):
    runner = hours.runner_a
    details = {k: (str(runner.phone) if v == "PHONE" else v) for k, v in details.items()}
    before = Runner.objects.count()
    appointment = _new(hours, next_weekday(1), **details)
    assert appointment.runner == runner
    assert Runner.objects.count() == before


def test_a_phone_in_other_digits_finds_the_runner(hours):
    runner = hours.runner_a
    runner.phone = "+19195550101"
    runner.save()
    appointment = _new(hours, next_weekday(1), phone="٩١٩-٥٥٥-٠١٠١")
    assert appointment.runner == runner


def test_a_returning_runner_gains_missing_details_but_keeps_theirs(hours):
    runner = hours.runner_a
    runner.date_of_birth = None
    runner.save()
    _new(
        hours,
        next_weekday(1),
        email=runner.email,
        phone="+442079460958",
        date_of_birth=datetime.date(1990, 1, 1),
    )
    runner.refresh_from_db()
    assert runner.date_of_birth == datetime.date(1990, 1, 1)
    assert str(runner.phone) != "+442079460958"  # theirs stays


def test_an_existing_patient_cannot_book_the_free_assessment_under_a_new_record(hours):
    AppointmentFactory(runner=hours.runner_a, clinician=hours.clinician, location=hours.location)
    with pytest.raises(booking.AlreadyAssessed, match="seen here before"):
        booking.book(
            location=hours.location,
            clinician=hours.clinician,
            appointment_type=roadmap(),
            starts_at=local(next_weekday(2), 10),
            new_runner={
                "first_name": "Maren",
                "last_name": "Q",
                "email": "RUNNER.A@EXAMPLE.TEST",
                "phone": "",
            },
        )
    assert Appointment.objects.count() == 1


def test_the_online_page_tells_an_existing_patient_kindly_with_the_practice_number(hours, client):
    hours.location.phone = "+19195550100"
    hours.location.save()
    AppointmentFactory(runner=hours.runner_a, clinician=hours.clinician, location=hours.location)
    start = local(next_weekday(3), 10).astimezone(datetime.timezone(datetime.timedelta(hours=0)))
    response = client.post(
        reverse("clinic:online_booking_details"),
        {
            "location": hours.location.pk,
            "start": start.isoformat(),
            "first_name": "Maren",
            "last_name": "Quillfeather",
            "email": "runner.a@example.test",
            "phone": "919-555-0000",
            "date_of_birth": "1980-01-01",
            "concern": "Knee again",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "let's talk" in page and "tel:+19195550100" in page
    assert Appointment.objects.count() == 1


def test_booking_takes_a_lock_on_the_persons_identity(hours):
    _new(hours, next_weekday(1), email="nina@example.test", phone="919-555-7788")
    assert IdentityLock.objects.count() == 2


def test_the_front_desk_typing_a_known_caller_books_their_record_and_is_told(hours, client):
    Runner.objects.filter(pk=hours.runner_a.pk).update(
        created_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(hours.front_desk)
    response = client.post(
        reverse("clinic:book_appointment"),
        {
            "location": hours.location.pk,
            "appointment_type": follow_up().pk,
            "clinician": hours.clinician.pk,
            "starts_at": f"{next_weekday(1)}T10:00",
            "first_name": "Maren",
            "last_name": "Quillfeather",
            "email": "Runner.A@example.test",
        },
        follow=True,
    )
    assert "already on file" in response.content.decode()
    assert Appointment.objects.get().runner == hours.runner_a
