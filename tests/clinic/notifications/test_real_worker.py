"""The dispatcher and sends through a real Celery worker on Redis against Postgres.

Exactly once, checked from the outside: the ledger has one row per runner and day, and the SMS
provider (recording to a file the worker writes) got one reminder per runner.
"""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from clinic.celery import dispatch_reminders
from clinic.models import Delivery, DeliveryStatus
from clinic.notifications import ledger, sweeper
from clinic.notifications.timing import local_moment
from programs.daily_reminder import dispatch_daily_reminders
from tests.clinic.notifications.factories import SMS, on_program, prefer
from tests.clinic.notifications.worker import Worker, wait_until
from tests.factories import LocationFactory, RunnerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ZONE = "America/New_York"


def due_runners(count: int):
    """`count` runners on a program whose reminder (00:00, by text) is due for the rest of today."""
    location = LocationFactory()
    today = local_moment(timezone.now(), ZONE).date
    runners = []
    for n in range(count):
        runner = RunnerFactory(location=location, time_zone=ZONE, phone=f"919-8{n:05d}1")
        on_program(runner, start=today - datetime.timedelta(days=1), exercises=1)
        prefer(runner, remind_at=datetime.time(0, 0), channel=SMS)
        runners.append(runner)
    return runners


def settled() -> bool:
    return not Delivery.objects.filter(
        status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
    ).exists()


@pytest.fixture
def worker(tmp_path):
    started = []

    def start(**env):
        started.append(Worker(tmp_path, **env).start())
        return started[-1]

    yield start
    for each in started:
        each.stop()


def assert_one_reminder_each(runners, recorded):
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == len(runners)
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    keys_by_phone = {}
    for message in recorded:
        keys_by_phone.setdefault(message["to"], set()).add(message["key"])
    assert set(keys_by_phone) == {r.phone.as_e164 for r in runners}
    # One reminder per runner: whatever was resent after a crash carried the same key.
    assert all(len(keys) == 1 for keys in keys_by_phone.values())


def test_two_concurrent_dispatchers_send_each_reminder_once(worker, settings):
    settings.REMINDER_BATCH_SIZE = 7  # the dispatcher here batches as the worker's do
    runners = due_runners(60)
    running = worker(REMINDER_BATCH_SIZE=7)
    # Two beats at once: two dispatch tasks on a worker with two processes, and a third
    # dispatcher in this process for good measure.
    dispatch_reminders.delay()
    dispatch_reminders.delay()
    dispatch_daily_reminders()
    wait_until(
        lambda: (
            Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(runners)
            and settled()
        ),
        timeout=60,
        worker=running,
    )
    recorded = running.recorded()
    assert_one_reminder_each(runners, recorded)
    assert len(recorded) == len(runners)  # no crash here, so not even a resend


def test_worker_killed_mid_batch_still_ends_with_one_reminder_each(worker, settings):
    settings.REMINDER_BATCH_SIZE = 25
    runners = due_runners(200)
    first = worker(REMINDER_BATCH_SIZE=25, SMS_TEST_DELAY_SECONDS=0.02)
    dispatch_daily_reminders()
    wait_until(
        lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() >= 40,
        timeout=60,
        worker=first,
    )
    first.kill()  # SIGKILL, main process and pool children: nothing gets to clean up
    stranded = Delivery.objects.filter(status=DeliveryStatus.SENDING).count()
    unsent = Delivery.objects.exclude(status=DeliveryStatus.SENT).count()
    assert unsent > 0, "the worker finished before it was killed; slow it down"
    assert stranded > 0, "killed between batches, not mid-batch"

    second = worker(REMINDER_BATCH_SIZE=25)  # records to the same file as the first
    # The next beat tick: batches the dead worker never started left no rows, so the runners
    # are still due; rows it left in "sending" go back once the lease has run out (as it would,
    # minutes later), and are resent under their own key.
    dispatch_daily_reminders()
    sweeper.sweep(now=timezone.now() + ledger.lease() + datetime.timedelta(seconds=1))
    wait_until(
        lambda: (
            Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(runners)
            and settled()
        ),
        timeout=90,
        worker=second,
    )
    recorded = first.recorded()
    assert_one_reminder_each(runners, recorded)
    resent = sum(n - 1 for n in Counter(m["key"] for m in recorded).values())
    # Only rows in flight when the worker died can be resent (same key): at most a batch
    # per pool process.
    assert resent <= stranded <= 2 * 25
    print(f"killed with {stranded} rows mid-send; {resent} resent under their original key")
