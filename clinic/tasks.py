from celery import shared_task

from .models import Heartbeat
from .outbox import dispatch_all


@shared_task(bind=True)
def heartbeat(self):
    """Write one row, so operators and tests can see that beat and a worker are running."""
    return Heartbeat.objects.create(hostname=self.request.hostname or "").pk


@shared_task
def dispatch_reminders():
    """The single beat entry for reminders: queue whatever is due, then sweep the ledger."""
    dispatch_all()
