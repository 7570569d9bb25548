"""The booking demo fills today's day view and can be loaded twice without doubling."""

import pytest

from clinic.booking.schedule import zone
from clinic.clock import local_today
from clinic.models import Appointment, ScheduleChange, WorkingHours
from clinic.tooling.demo import booking as demo_booking
from clinic.tooling.demo import practice as demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_books_today_for_both_clinicians():
    practice = demo.seed()
    demo_booking.seed(practice)
    counts = (Appointment.objects.count(), WorkingHours.objects.count())
    demo_booking.seed(demo.seed())
    assert (Appointment.objects.count(), WorkingHours.objects.count()) == counts
    today = local_today(practice.location.time_zone)
    booked_today = {
        a.clinician_id
        for a in Appointment.objects.all()
        if a.starts_at.astimezone(zone(practice.location)).date() == today
    }
    assert booked_today == {c.pk for c in practice.clinicians}
    assert ScheduleChange.objects.filter(kind=ScheduleChange.Kind.TIME_OFF).exists()
