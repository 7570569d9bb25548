"""Booking mail: a confirmation with an .ics and a signed link to cancel or reschedule.

Sent exactly once per (appointment, kind, time): the ledger row is claimed and committed first,
the mail goes out after, and the outcome is written back (see STYLE.md, "Exactly once").
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment, AppointmentEmail
from .schedule import Policy, zone

MANAGE_SALT = "clinic.booking.manage"


def manage_token(appointment: Appointment) -> str:
    return signing.dumps(str(appointment.code), salt=MANAGE_SALT)


def manage_url(appointment: Appointment) -> str:
    path = reverse("clinic:manage_booking", kwargs={"token": manage_token(appointment)})
    return f"{settings.SITE_URL}{path}"


def appointment_from_token(token: str) -> Appointment:
    """The appointment a signed link points at; a tampered or made-up link is a 404."""
    try:
        code = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as error:
        raise Http404("This link is not valid.") from error
    appointments = Appointment.objects.select_related(
        "runner", "clinician", "location", "appointment_type"
    )
    try:
        return appointments.get(code=code)
    except (Appointment.DoesNotExist, ValueError, signing.BadSignature) as error:
        raise Http404("This link is not valid.") from error


def can_change_online(
    appointment: Appointment, now: datetime.datetime | None = None, policy: Policy | None = None
) -> bool:
    """Runners may cancel or move through their link until the cut-off (24 hours by default)."""
    policy = policy or Policy.from_settings()
    now = now or timezone.now()
    return (
        appointment.status == Appointment.Status.BOOKED
        and appointment.starts_at - now >= policy.change_cutoff
    )


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


def _claim(appointment: Appointment, kind: str) -> AppointmentEmail | None:
    try:
        with transaction.atomic():
            return AppointmentEmail.objects.create(
                appointment=appointment, kind=kind, starts_at=appointment.starts_at
            )
    except IntegrityError:
        # Already sent (or being sent) for this time; a retry of a failed send goes again.
        failed = AppointmentEmail.objects.filter(
            appointment=appointment,
            kind=kind,
            starts_at=appointment.starts_at,
            status=AppointmentEmail.Status.FAILED,
        )
        if failed.update(status=AppointmentEmail.Status.SENDING, error=""):
            return failed.model.objects.get(
                appointment=appointment, kind=kind, starts_at=appointment.starts_at
            )
        return None


def deliver(*, appointment_id: int, kind: str) -> str:
    appointment = (
        Appointment.objects.select_related("runner", "clinician", "location", "appointment_type")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or not appointment.runner.email:
        return "nothing to send"
    cancelled = kind == AppointmentEmail.Kind.CANCELLATION
    if cancelled != appointment.is_cancelled:
        return "out of date"  # e.g. a confirmation queued just before a cancellation
    ledger = _claim(appointment, kind)
    if ledger is None:
        return "already sent"
    local = appointment.starts_at.astimezone(zone(appointment.location))
    context = {
        "appointment": appointment,
        "runner": appointment.runner,
        "local_start": local,
        "manage_url": manage_url(appointment),
        "cutoff_hours": Policy.from_settings().change_cutoff // datetime.timedelta(hours=1),
    }
    name = "booking_cancelled" if cancelled else "booking_confirmation"
    message = EmailMultiAlternatives(
        subject=render_to_string(f"emails/{name}_subject.txt", context).strip(),
        body=render_to_string(f"emails/{name}_body.txt", context),
        to=[appointment.runner.email],
    )
    message.attach("appointment.ics", ics(appointment, cancelled=cancelled), "text/calendar")
    try:
        message.send()
    except Exception as error:
        AppointmentEmail.objects.filter(pk=ledger.pk).update(
            status=AppointmentEmail.Status.FAILED, error=str(error)[:1000]
        )
        raise
    AppointmentEmail.objects.filter(pk=ledger.pk).update(
        status=AppointmentEmail.Status.SENT, sent_at=timezone.now()
    )
    return "sent"
