"""Celery tasks for programs: thin, they take IDs and call a module that does the work.

Messages carry ledger IDs only, never names, exercises or anything else from a health record.
"""

from celery import shared_task

from . import reminders

# Killed well before the ledger's lease (DELIVERY_LEASE_SECONDS) runs out, so a row is never
# swept back to "queued" while a live worker is still sending it.
SEND_TIME_LIMIT = 600


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_daily_reminders(delivery_ids: list[int]):
    """Send one batch of daily reminders. Safe to run twice: only unclaimed rows are sent."""
    return reminders.send_daily_reminders(delivery_ids)
