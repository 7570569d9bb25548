"""Booking on the grid: online booking and the move link take only the times the practice
offers, the move page offers only times it will accept, and losing a race says "just taken"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.booking import slots
from clinic.booking.links import manage_token
from clinic.models import Appointment, Runner, WorkingHours
from tests.clinic.booking.factories import AppointmentFactory, local, next_weekday, roadmap
from tests.clinic.booking.test_online_booking import form, post

pytestmark = pytest.mark.django_db
T = datetime.time


def test_the_grid_is_every_step_from_the_start_of_working_time():
    day = datetime.datetime(2026, 6, 2, tzinfo=datetime.UTC)
    spans = [slots.Span(day.replace(hour=9), day.replace(hour=11))]
    starts = slots.grid_starts(
        spans, duration=datetime.timedelta(minutes=60), step=datetime.timedelta(minutes=30)
    )
    assert sorted(s.strftime("%H:%M") for s in starts) == ["09:00", "09:30", "10:00"]


@pytest.mark.parametrize("minute", ["07", "15", "59"])
def test_online_booking_refuses_a_time_off_the_grid(client, hours, minute):
    response = post(client, form(hours, start=f"{next_weekday(1)}T10:{minute}"))
    assert response.status_code == 400
    assert "choose one of the times shown" in response.content.decode()
    assert not Appointment.objects.exists()
    assert not Runner.objects.filter(email="nina@example.test").exists()


def test_losing_the_race_says_just_taken_not_that_nobody_works(client, hours):
    tuesday = next_weekday(1)
    # Only the first clinician works Tuesdays; someone else took her 10:00.
    WorkingHours.objects.filter(clinician=hours.other_clinician, weekday=1).delete()
    AppointmentFactory(
        clinician=hours.clinician, location=hours.location, starts_at=local(tuesday, 10)
    )
    response = post(client, form(hours))
    page = response.content.decode()
    assert response.status_code == 409
    assert "just taken" in page and "isn&#x27;t working" not in page
    assert 'name="pick"' in page


@pytest.fixture
def booked(hours):
    return AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        appointment_type=roadmap(),
        starts_at=local(next_weekday(1, at_least_days=5), 10),
    )


def _move_url(appointment):
    return reverse("clinic:manage_booking_reschedule", kwargs={"token": manage_token(appointment)})


def test_the_move_link_refuses_a_time_off_the_grid(client, booked):
    original = booked.starts_at
    response = client.post(_move_url(booked), {"start": f"{next_weekday(2)}T11:07"})
    assert response.status_code == 409
    assert "choose one of the times shown" in response.content.decode()
    booked.refresh_from_db()
    assert booked.starts_at == original


def test_the_move_page_offers_only_times_it_accepts(client, booked, settings):
    settings.BOOKING_CHANGE_CUTOFF_HOURS = 48
    today = timezone.localdate()
    response = client.get(_move_url(booked), {"date": str(today)})
    offered = [local_time for _day, times in response.context["by_day"] for local_time, _ in times]
    cutoff = timezone.now() + datetime.timedelta(hours=48)
    assert offered, "the week after the cutoff has free times"
    assert all(moment >= cutoff for moment in offered)
    # ...and it accepts the first of them.
    first = response.context["by_day"]
    value = next(v for _day, times in first for _t, v in times)
    assert client.post(_move_url(booked), {"start": value}).status_code == 302


def test_losing_a_race_on_the_move_link_offers_the_next_free_times(client, hours, booked):
    wednesday = next_weekday(2, at_least_days=5)
    for clinician in (hours.clinician, hours.other_clinician):  # both taken meanwhile
        AppointmentFactory(
            clinician=clinician, location=hours.location, starts_at=local(wednesday, 11)
        )
    response = client.post(_move_url(booked), {"start": f"{wednesday}T11:00"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "just taken" in page and "next free times" in page
    assert f'name="start" value="{wednesday}T12:00"' in page  # 11:00-11:45 is taken
