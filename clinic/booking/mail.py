"""Booking mail: a confirmation with an .ics and a signed link to cancel or reschedule.

Sent exactly once per (appointment, kind, time): the ledger row is claimed and committed first,
the mail goes out after, and the outcome is written back (docs/architecture.md, "Exactly once").
"""

import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.booking.calendar import ics
from clinic.booking.links import manage_url
from clinic.booking.schedule import Policy, zone
from clinic.models import Appointment, AppointmentEmail


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
