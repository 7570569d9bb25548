"""Celery tasks of booking: thin, they take IDs and call the module doing the work. Booking mail
goes through the ledger's own task (clinic.notifications.tasks.send_deliveries)."""

from celery import shared_task

from clinic.booking import reminders
from clinic.notifications.tasks import SEND_TIME_LIMIT


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_appointment_reminders(batch: list[list]):
    """Send a batch of visit reminders: [runner id, local date, channel, reference] rows."""
    return reminders.send_appointment_reminders(batch)
