"""Celery tasks of the ledger: thin, they take IDs and call the module doing the work."""

from celery import shared_task

from clinic.notifications.kinds import composer_for
from clinic.notifications.ledger import send_batch

# Killed well before the ledger's lease (DELIVERY_LEASE_SECONDS) runs out, so a row is never
# swept back to "queued" while a live worker is still sending it.
SEND_TIME_LIMIT = 600


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_deliveries(kind: str, delivery_ids: list[int]):
    """Send queued ledger rows again (a retry after back-off, or rows a dead worker left)."""
    return send_batch(delivery_ids, composer_for(kind))
