"""The reminder before a visit: settings.APPOINTMENT_REMINDER_HOURS ahead (24 by default).

Due once the visit is that close, for booked visits still ahead, to runners who have not turned
appointment reminders off. One per appointment and start time (the ledger's reference), so a
moved visit gets its own reminder. A visit booked or moved inside the window is not reminded:
booking's confirmation, sent at that moment, already says when it is. Re-checked at send time:
a visit cancelled, moved or past by then is skipped with the reason.
"""

import datetime

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clinic.booking.links import manage_url
from clinic.models import Appointment, Channel, Delivery, DeliveryKind
from clinic.notifications import content, ledger
from clinic.notifications.kinds import Composed, skip
from clinic.notifications.ledger import Planned
from clinic.notifications.preferences import offered_channel

KIND = DeliveryKind.APPOINTMENT_REMINDER


def lead_time() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)


def reference(appointment_code, starts_at: datetime.datetime) -> str:
    """Which visit at which time: a reminder for 10:00 does not cover the visit moved to 14:00."""
    return f"{appointment_code}@{starts_at.astimezone(datetime.UTC):%Y%m%dT%H%MZ}"


def due_appointments(now: datetime.datetime) -> list[Planned]:
    """Visits whose reminder is due at `now` and not yet in the ledger: two queries."""
    rows = (
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            starts_at__gt=now,
            starts_at__lte=now + lead_time(),
            # Booked or moved before the reminder moment; otherwise the confirmation was enough.
            updated_at__lte=F("starts_at") - lead_time(),
        )
        .annotate(
            wants=Coalesce("runner__reminder_preference__appointment_reminders", Value(True)),
            channel=Coalesce("runner__reminder_preference__channel", Value(Channel.EMAIL.value)),
        )
        .filter(wants=True)
        .values_list("code", "starts_at", "runner_id", "channel", "location__time_zone")
    )
    planned = []
    for code, starts_at, runner_id, channel, zone in rows:
        planned.append(
            Planned(
                runner_id=runner_id,
                local_date=starts_at.astimezone(content.zone_named(zone)).date(),
                channel=offered_channel(channel),
                reference=reference(code, starts_at),
            )
        )
    if not planned:
        return []
    taken = set(
        Delivery.objects.filter(
            kind=KIND, reference__in=[p.reference for p in planned]
        ).values_list("runner_id", "reference")
    )
    return [p for p in planned if (p.runner_id, p.reference) not in taken]


def dispatch_appointment_reminders(*, now: datetime.datetime | None = None) -> int:
    from clinic.booking.tasks import send_appointment_reminders  # the tasks import this module

    now = now or timezone.now()
    planned = due_appointments(now)
    for chunk in ledger.chunks(planned, settings.REMINDER_BATCH_SIZE):
        send_appointment_reminders.delay_on_commit([item.to_message() for item in chunk])
    return len(planned)


def send_appointment_reminders(batch: list[list]) -> dict[str, int]:
    return ledger.send_planned(
        KIND, [Planned.from_message(row) for row in batch], compose_appointment_reminders
    )


def compose_appointment_reminders(deliveries: list[Delivery]) -> dict[int, Composed]:
    """One query for the batch's appointments, then each message."""
    codes = {d.reference.split("@")[0] for d in deliveries}
    appointments = {
        str(a.code): a
        for a in Appointment.objects.filter(code__in=codes).select_related(
            "clinician", "location", "appointment_type"
        )
    }
    now = timezone.now()
    return {d.pk: _compose_one(d, appointments, now) for d in deliveries}


def _compose_one(delivery, appointments, now) -> Composed:
    code = delivery.reference.split("@")[0]
    appointment = appointments.get(code)
    preference = getattr(delivery.runner, "reminder_preference", None)
    if preference is not None and not preference.appointment_reminders:
        return skip("runner turned appointment reminders off")
    if appointment is None or appointment.status == Appointment.Status.CANCELLED:
        return skip("appointment cancelled")
    if reference(appointment.code, appointment.starts_at) != delivery.reference:
        return skip("appointment moved; the new time gets its own reminder")
    if appointment.starts_at <= now or appointment.status != Appointment.Status.BOOKED:
        return skip("appointment already started")
    appointment.runner = delivery.runner  # loaded with the delivery; saves a join
    return content.render(
        "appointment_reminder",
        {
            "appointment": appointment,
            "runner": delivery.runner,
            "manage_url": manage_url(appointment),
        },
        channel=delivery.channel,
        zone=appointment.location.time_zone,
        location=appointment.location,
    )
