"""Booking mail: the confirmation, the change of time and the cancellation, as kinds of the one
delivery ledger. Booking's services enqueue them inside the booking's transaction
(`enqueue_for`); the ledger sends them after commit, by the runner's chosen channel, once.

Email carries an .ics (so the visit lands in the runner's calendar) and the signed link to cancel
or move it; every time is the location's wall clock with its zone ("12:00 PM EST").
"""

import datetime

from django.conf import settings
from django.urls import reverse

from clinic.booking.calendar import ics
from clinic.booking.links import manage_url
from clinic.booking.reminders import reference
from clinic.booking.schedule import Policy
from clinic.clock import local_today
from clinic.models import Appointment, Delivery, DeliveryKind
from clinic.notifications import content, outbox
from clinic.notifications.kinds import Composed, skip

KINDS = (
    DeliveryKind.BOOKING_CONFIRMATION,
    DeliveryKind.BOOKING_CHANGE,
    DeliveryKind.BOOKING_CANCELLATION,
)
TEMPLATES = {
    DeliveryKind.BOOKING_CONFIRMATION: "booking_confirmation",
    DeliveryKind.BOOKING_CHANGE: "booking_change",
    DeliveryKind.BOOKING_CANCELLATION: "booking_cancellation",
}


def enqueue_for(appointment: Appointment, kind: str) -> Delivery | None:
    """Queue `kind` about `appointment` (inside the booking's transaction). Once per
    appointment and time: a visit moved twice gets a message for each new time."""
    return outbox.enqueue(
        kind,
        runner=appointment.runner,
        reference=reference(appointment.code, appointment.starts_at),
        local_date=local_today(appointment.location.time_zone, appointment.starts_at),
    )


def compose_booking_mail(deliveries: list[Delivery]) -> dict[int, Composed]:
    """One query for the batch's appointments, then each message (or why it is out of date)."""
    codes = {d.reference.split("@")[0] for d in deliveries}
    appointments = {
        str(a.code): a
        for a in Appointment.objects.filter(code__in=codes).select_related(
            "clinician", "location", "appointment_type"
        )
    }
    cutoff_hours = Policy.from_settings().change_cutoff // datetime.timedelta(hours=1)
    return {d.pk: _compose_one(d, appointments, cutoff_hours) for d in deliveries}


def _compose_one(delivery: Delivery, appointments: dict, cutoff_hours: int) -> Composed:
    appointment = appointments.get(delivery.reference.split("@")[0])
    if appointment is None:
        return skip("appointment no longer exists")
    cancellation = delivery.kind == DeliveryKind.BOOKING_CANCELLATION
    if not cancellation and appointment.is_cancelled:
        return skip("appointment cancelled since; the cancellation says so")
    if not cancellation and reference(appointment.code, appointment.starts_at) != (
        delivery.reference
    ):
        return skip("appointment moved since; the message for the new time says so")
    appointment.runner = delivery.runner  # loaded with the delivery; saves a join
    context = {
        "appointment": appointment,
        "runner": delivery.runner,
        "manage_url": manage_url(appointment),
        "booking_url": f"{settings.SITE_URL}{reverse('clinic:online_booking')}",
        "cutoff_hours": cutoff_hours,
    }
    return content.render(
        TEMPLATES[delivery.kind],
        context,
        channel=delivery.channel,
        zone=appointment.location.time_zone,
        location=appointment.location,
        attachments=[
            ("appointment.ics", ics(appointment, cancelled=cancellation), "text/calendar")
        ],
    )
