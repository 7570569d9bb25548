from celery import shared_task

from .models import Heartbeat
from .outbox import composer_for, dispatch_all, send_batch


@shared_task(bind=True)
def heartbeat(self):
    """Write one row, so operators and tests can see that beat and a worker are running."""
    return Heartbeat.objects.create(hostname=self.request.hostname or "").pk


@shared_task
def send_appointment_email(appointment_id: int, kind: str):
    """Confirmation or cancellation mail; safe to run twice (the ledger claims each send)."""
    from .booking_mail import deliver

    return deliver(appointment_id=appointment_id, kind=kind)


@shared_task
def dispatch_reminders():
    """The single beat entry for reminders: queue whatever is due, then sweep the ledger."""
    dispatch_all()


# Killed well before the ledger's lease (DELIVERY_LEASE_SECONDS) runs out, so a row is never
# swept back to "queued" while a live worker is still sending it.
SEND_TIME_LIMIT = 600


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_deliveries(kind: str, delivery_ids: list[int]):
    """Send queued ledger rows again (a retry after back-off, or rows a dead worker left)."""
    return send_batch(delivery_ids, composer_for(kind))


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 30)
def send_appointment_reminders(batch: list[list]):
    """Send a batch of visit reminders: [runner id, local date, channel, reference] rows."""
    from . import appointment_reminders  # imports booking mail, which imports the tasks

    return appointment_reminders.send_appointment_reminders(batch)
