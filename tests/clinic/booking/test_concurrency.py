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
