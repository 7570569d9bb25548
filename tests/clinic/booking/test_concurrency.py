"""Never double-booked under load: the database itself refuses overlapping appointments."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from clinic.models import Appointment, Runner
from tests.clinic.booking.factories import (
    AppointmentFactory,
    WorkingHoursFactory,
    local,
    next_weekday,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

REQUESTS = 20


def test_twenty_people_booking_the_same_slot_get_exactly_one_appointment(cast):
    WorkingHoursFactory(clinician=cast.clinician, location=cast.location, weekday=1)
    tuesday = next_weekday(1)
    barrier = threading.Barrier(REQUESTS)
    statuses: list[int] = []
    pages: list[str] = []

    def book(n: int):
        try:
            client = Client()
            data = {
                "location": cast.location.pk,
                "start": f"{tuesday}T10:00",
                "first_name": "Runner",
                "last_name": f"Number{n}",
                "email": f"racer{n}@example.test",
                "phone": f"919-555-{n:04d}",
                "date_of_birth": "1980-05-05",
                "concern": "Knee pain after long runs.",
            }
            barrier.wait()
            response = client.post(
                reverse("clinic:online_booking_details"), data, REMOTE_ADDR=f"203.0.113.{n}"
            )
            statuses.append(response.status_code)
            pages.append(response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] + [409] * (REQUESTS - 1), statuses
    assert Appointment.objects.count() == 1
    # The losers saved nothing: only the winner's runner exists besides the cast.
    assert Runner.objects.filter(email__startswith="racer").count() == 1
    losers = [page for page, status in zip(pages, statuses, strict=True) if status == 409]
    assert all("just taken" in page and 'name="pick"' in page for page in losers)


def test_one_person_sending_ten_bookings_at_once_gets_one_free_assessment(cast):
    """The same email and phone to ten different slots at once: the lock on the person's
    identity queues them, so the first books and the other nine are told kindly it's one each."""
    for clinician in (cast.clinician, cast.other_clinician):
        WorkingHoursFactory(clinician=clinician, location=cast.location, weekday=1)
    tuesday = next_weekday(1)
    starts = [f"{tuesday}T{9 + n // 2:02d}:{30 * (n % 2):02d}" for n in range(10)]
    barrier = threading.Barrier(len(starts))
    statuses: list[int] = []
    pages: list[str] = []

    def book(n: int):
        try:
            data = {
                "location": cast.location.pk,
                "start": starts[n],
                "first_name": "Sam",
                "last_name": "Twice",
                # One person, spelt ten ways: case, punctuation, digits of another script.
                "email": "Sam.Twice@example.test" if n % 2 else "sam.twice@EXAMPLE.test",
                "phone": "(919) 555-4242" if n % 3 else "٩١٩٥٥٥٤٢٤٢",
                "date_of_birth": "1980-05-05",
                "concern": "Knee pain after long runs.",
            }
            barrier.wait()
            response = Client().post(
                reverse("clinic:online_booking_details"), data, REMOTE_ADDR=f"203.0.113.{n}"
            )
            statuses.append(response.status_code)
            pages.append(response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(len(starts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] + [409] * (len(starts) - 1), statuses
    assert Runner.objects.filter(last_name="Twice").count() == 1
    assert Appointment.objects.filter(runner__last_name="Twice").count() == 1
    refused = [page for page, status in zip(pages, statuses, strict=True) if status == 409]
    assert all("let&#x27;s talk" in page or "let's talk" in page for page in refused)


def test_postgres_refuses_an_overlapping_appointment_even_past_the_code(cast):
    tuesday = next_weekday(1)
    AppointmentFactory(
        runner=cast.runner_a,
        clinician=cast.clinician,
        location=cast.location,
        starts_at=local(tuesday, 10),
    )
    with (
        pytest.raises(IntegrityError, match="appointment_clinician_no_overlap"),
        transaction.atomic(),
    ):
        AppointmentFactory(
            runner=cast.runner_b,
            clinician=cast.clinician,
            location=cast.location,
            starts_at=local(tuesday, 10, 30),
        )
    with pytest.raises(IntegrityError, match="appointment_runner_no_overlap"), transaction.atomic():
        AppointmentFactory(
            runner=cast.runner_a,
            clinician=cast.other_clinician,
            location=cast.location,
            starts_at=local(tuesday, 10, 30),
        )
