"""The practice admin edits clinicians' weekly hours, time off and extra hours in the app, and
the booking pages offer what they say at once."""

import pytest
from django.urls import reverse

from clinic.booking.schedule import load_schedule
from clinic.models import ScheduleChange, WorkingHours
from tests.clinic.booking.factories import next_weekday, roadmap

pytestmark = pytest.mark.django_db


def _open_on(cast, day):
    schedule = load_schedule(cast.location, [day], roadmap())
    return [slot for slot, person in schedule.open_slots() if person == cast.clinician]


def test_adding_a_weekly_block_opens_slots_and_removing_it_closes_them(client, cast):
    client.force_login(cast.admin)
    tuesday = next_weekday(1)
    assert not _open_on(cast, tuesday)
    response = client.post(
        reverse("clinic:hours_add"),
        {
            "clinician": cast.clinician.pk,
            "location": cast.location.pk,
            "weekday": 1,
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 302
    assert len(_open_on(cast, tuesday)) == 5  # 9:00 to 11:00 every 30 minutes, an hour long
    block = WorkingHours.objects.get()
    page = client.get(f"{reverse('clinic:hours')}?clinician={cast.clinician.pk}")
    assert "Tuesday 9:00 AM–12:00 PM" in page.content.decode()
    client.post(reverse("clinic:hours_remove", kwargs={"pk": block.pk}))
    assert not _open_on(cast, tuesday)


def test_a_block_that_ends_before_it_starts_is_refused_at_the_field(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("clinic:hours_add"),
        {
            "clinician": cast.clinician.pk,
            "location": cast.location.pk,
            "weekday": 1,
            "start_time": "12:00",
            "end_time": "09:00",
        },
    )
    assert response.status_code == 400
    assert "end after it starts" in response.content.decode()
    assert not WorkingHours.objects.exists()


def test_time_off_closes_the_slots_it_covers(client, cast):
    WorkingHours.objects.create(
        clinician=cast.clinician,
        location=cast.location,
        weekday=1,
        start_time="09:00",
        end_time="17:00",
    )
    tuesday = next_weekday(1)
    before = len(_open_on(cast, tuesday))
    client.force_login(cast.admin)
    response = client.post(
        reverse("clinic:schedule_change_add"),
        {
            "clinician": cast.clinician.pk,
            "kind": "time_off",
            "location": cast.location.pk,
            "starts_at": f"{tuesday}T13:00",
            "ends_at": f"{tuesday}T17:00",
            "note": "Dentist",
        },
    )
    assert response.status_code == 302
    assert len(_open_on(cast, tuesday)) < before
    change = ScheduleChange.objects.get()
    assert change.location is None  # time off applies wherever they work


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "extra_hours", "location": ""}, "location"),
        ({"starts_at": "9999-12-31T10:00"}, "starts_at"),
        ({"ends_at": "2020-01-01T10:00"}, "ends_at"),
    ],
)
def test_bad_schedule_changes_are_refused_by_the_field(client, cast, data, field):
    tuesday = next_weekday(1)
    client.force_login(cast.admin)
    post = {
        "clinician": cast.clinician.pk,
        "kind": "time_off",
        "location": cast.location.pk,
        "starts_at": f"{tuesday}T13:00",
        "ends_at": f"{tuesday}T17:00",
        **data,
    }
    response = client.post(reverse("clinic:schedule_change_add"), post)
    assert response.status_code == 400
    assert field in response.context["change_form"].errors
    assert not ScheduleChange.objects.exists()
