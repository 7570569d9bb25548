from celery import shared_task

from .models import Heartbeat


@shared_task(bind=True)
def heartbeat(self):
    """Write one row, so operators and tests can see that beat and a worker are running."""
    return Heartbeat.objects.create(hostname=self.request.hostname or "").pk


@shared_task
def send_appointment_email(appointment_id: int, kind: str):
    """Confirmation or cancellation mail; safe to run twice (the ledger claims each send)."""
    from .booking_mail import deliver

    return deliver(appointment_id=appointment_id, kind=kind)
