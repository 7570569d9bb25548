"""Celery tasks of booking: thin, they take IDs and call the module doing the work."""

from celery import shared_task

from clinic.booking import mail, reminders
from clinic.notifications.tasks import SEND_TIME_LIMIT


@shared_task
def send_appointment_email(appointment_id: int, kind: str):
    """Confirmation or cancellation mail; safe to run twice (the ledger claims each send)."""
    return mail.deliver(appointment_id=appointment_id, kind=kind)


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_appointment_reminders(batch: list[list]):
    """Send a batch of visit reminders: [runner id, local date, channel, reference] rows."""
    return reminders.send_appointment_reminders(batch)
