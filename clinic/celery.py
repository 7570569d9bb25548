"""The Celery app, and the entries beat runs on the clock.

Configured from Django settings (CELERY_*). Tasks live in each area's `tasks.py`; the beat
schedule below names its tasks by the objects defined here, so "find usages" leads from the
schedule to the code it runs. Production runs exactly one beat process.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["clinic.booking", "clinic.notifications", "intake", "programs"])


@worker_init.connect
def refuse_to_start_misconfigured(**kwargs):
    """A worker runs Django's system checks before taking any task, as `migrate` does for the
    web: e.g. one must not start sending while texts are offered with no SMS provider."""
    from django.core import checks
    from django.core.management.base import SystemCheckError

    serious = [message for message in checks.run_checks() if message.is_serious()]
    if serious:
        raise SystemCheckError("\n".join(str(message) for message in serious))


@app.task(bind=True)
def heartbeat(self):
    """Write one row, so operators and tests can see that beat and a worker are running."""
    from clinic.models import Heartbeat

    return Heartbeat.objects.create(hostname=self.request.hostname or "").pk


@app.task
def dispatch_reminders():
    """Every minute: queue whatever message is due for every runner, then sweep the ledger."""
    from clinic.notifications.dispatch import dispatch_all

    dispatch_all()


@app.task
def refresh_adherence_summaries():
    """Every hour: the dashboard's adherence figures again for runners whose day has turned over
    (a day passing with nothing logged changes them as much as a set does)."""
    from programs import summaries

    return summaries.rebuild()


@app.on_after_configure.connect
def schedule_on_the_clock(sender, **kwargs):
    from django.conf import settings

    sender.conf.beat_schedule = {
        "heartbeat": {"task": heartbeat.name, "schedule": settings.HEARTBEAT_SECONDS},
        # One entry for every runner's reminders (per-user periodic tasks stall at scale).
        "reminders": {"task": dispatch_reminders.name, "schedule": crontab(minute="*")},
        "adherence-summaries": {
            "task": refresh_adherence_summaries.name,
            "schedule": crontab(minute=5),
        },
    }
