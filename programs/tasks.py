"""Celery tasks for programs: thin, they take IDs and call a module that does the work.

Messages carry runner IDs and dates only, never names, exercises or anything from a health record.
"""

from celery import shared_task

from clinic.notifications.tasks import SEND_TIME_LIMIT
from programs import daily_reminder as reminders


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_daily_reminders(batch: list[list]):
    """Send one batch of daily reminders: [runner id, local date, channel, reference] rows.
    Safe to run twice: a row already in the ledger belongs to whoever wrote it first."""
    return reminders.send_daily_reminders(batch)
