"""Online booking's open times come from the cache, and every change that opens or closes a time
shows on the next view."""

import datetime

import pytest
from django.urls import reverse

from clinic.booking.open_times import open_times
from clinic.models import ScheduleChange
from tests.clinic.booking.factories import (
    AppointmentFactory,
    WorkingHoursFactory,
    local,
    next_weekday,
    roadmap,
)


@pytest.fixture
def tuesday(cast):
    WorkingHoursFactory(clinician=cast.clinician, location=cast.location, weekday=1)
    return next_weekday(1)


def offered(client, cast, day) -> list[str]:
    """The times the online booking page offers on `day`, as the runner reads them."""
    response = client.get(
        reverse("clinic:online_booking"), {"location": cast.location.pk, "date": day.isoformat()}
    )
    return [local.strftime("%H:%M") for local, _ in dict(response.context["by_day"])[day]]


def test_a_second_view_reads_the_cache_not_the_schedule(
    client, cast, tuesday, django_assert_num_queries
):
    first = offered(client, cast, tuesday)
    with django_assert_num_queries(2):  # the locations and the appointment type; no schedule
        second = offered(client, cast, tuesday)
    assert first == second and "10:00" in first


def test_a_booked_time_is_no_longer_offered(client, cast, tuesday):
    assert "10:00" in offered(client, cast, tuesday)
    AppointmentFactory(
        clinician=cast.clinician,
        location=cast.location,
        appointment_type=roadmap(),
        starts_at=local(tuesday, 10),
    )
    assert "10:00" not in offered(client, cast, tuesday)


def test_a_booking_at_another_location_closes_the_time_here_too(client, cast, tuesday):
    assert "10:00" in offered(client, cast, tuesday)
    AppointmentFactory(clinician=cast.clinician, starts_at=local(tuesday, 10))  # elsewhere
    assert "10:00" not in offered(client, cast, tuesday)


def test_new_hours_and_time_off_show_on_the_next_view(client, cast, tuesday):
    wednesday = tuesday + datetime.timedelta(days=1)
    assert offered(client, cast, wednesday) == []
    WorkingHoursFactory(clinician=cast.clinician, location=cast.location, weekday=2)
    assert "10:00" in offered(client, cast, wednesday)
    ScheduleChange.objects.create(
        clinician=cast.clinician,
        kind=ScheduleChange.Kind.TIME_OFF,
        starts_at=local(wednesday, 0),
        ends_at=local(wednesday, 23, 59),
        note="Course",
    )
    assert offered(client, cast, wednesday) == []


def test_a_clinician_who_leaves_stops_being_offered(client, cast, tuesday):
    assert "10:00" in offered(client, cast, tuesday)
    cast.clinician.is_active = False
    cast.clinician.save()
    assert offered(client, cast, tuesday) == []


def test_a_cached_day_never_offers_a_time_that_has_become_too_soon(cast, tuesday, settings):
    settings.BOOKING_MIN_NOTICE_MINUTES = 60
    kind = roadmap()
    early = local(tuesday, 6)
    assert local(tuesday, 9) in [
        t for t, _ in open_times(cast.location, [tuesday], kind, now=early)[tuesday]
    ]
    # Cached now; an hour before nine, nine is inside the notice and must go.
    at_eight_thirty = local(tuesday, 8, 30)
    times = [t for t, _ in open_times(cast.location, [tuesday], kind, now=at_eight_thirty)[tuesday]]
    assert local(tuesday, 9) not in times and local(tuesday, 10) in times
