"""The .ics attached to booking mail, so the visit lands in the runner's own calendar."""

from django.utils import timezone
from icalendar import Calendar, Event

from clinic.booking.links import manage_url
from clinic.models import Appointment


def ics(appointment: Appointment, *, cancelled: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Roadmap//Booking//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"{appointment.code}@roadmap")
    event.add("summary", f"{appointment.appointment_type.name} with {appointment.clinician}")
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("location", f"{appointment.location.name}, {appointment.location.address}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A moved appointment keeps its UID; a higher sequence tells calendars to update it.
    event.add("sequence", int(appointment.updated_at.timestamp()) if appointment.updated_at else 0)
    event.add("description", f"Cancel or reschedule: {manage_url(appointment)}")
    calendar.add_component(event)
    return calendar.to_ical()
