"""The demo's hours and appointments agree: no visit falls outside its clinician's working hours,
by the same rule the front desk's day view warns with."""

import pytest
from django.core.management import call_command

from clinic.booking.schedule import load_schedule, zone
from clinic.models import Appointment, AppointmentType, Location


@pytest.mark.django_db
def test_seed_demo_books_no_appointment_outside_its_clinicians_hours():
    call_command("seed_demo")
    appointments = Appointment.objects.exclude(status=Appointment.Status.CANCELLED)
    assert appointments.exists()
    follow_up = AppointmentType.objects.get(kind=AppointmentType.Kind.FOLLOW_UP)
    outside = []
    for location in Location.objects.filter(appointments__isnull=False).distinct():
        days = sorted(
            {
                a.starts_at.astimezone(zone(location)).date()
                for a in appointments.filter(location=location)
            }
        )
        schedule = load_schedule(location, days, follow_up, bookable_only=False)
        outside += [
            (
                str(a.starts_at.astimezone(zone(location))),
                a.clinician.get_full_name(),
                a.runner.full_name,
            )
            for day in days
            for a in schedule.outside_hours(day)
        ]
    assert outside == [], "\n".join(map(str, outside))
