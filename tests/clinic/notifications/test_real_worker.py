"""The dispatcher and sends through a real Celery worker on Redis against Postgres.

Exactly once, checked from the outside: the ledger has one row per runner and day, and the SMS
provider (recording to a file the worker writes) got one reminder per runner; killed at any
instant, only the messages in flight then may arrive twice, none is lost, and the rest goes
within two minutes. The counts per kill point are printed at the end of the run.
"""

import datetime
import time
from collections import Counter

import pytest
from django.utils import timezone

from clinic.celery import dispatch_reminders
from clinic.models import Delivery, DeliveryStatus
from clinic.notifications.dispatch import dispatch_all
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


# Where the worker is killed: (name, messages received before the kill, provider settings).
# "handed over" holds each send open after the provider has the message, so the kill lands
# between hand-over and record: the one moment a message can go twice.
KILL_POINTS = [
    ("first batch just started", 3, {"SMS_TEST_DELAY_SECONDS": 0.03}),
    ("halfway through the run", 150, {"SMS_TEST_DELAY_SECONDS": 0.02}),
    ("message handed over, not yet recorded", 60, {"SMS_TEST_HOLD_SECONDS": 0.05}),
]
RUNNERS = 300
BEAT_EVERY = 5  # seconds here; beat runs the same dispatch_all every 60 s in production


@pytest.mark.parametrize(
    ("point", "after", "provider"), KILL_POINTS, ids=[k[0] for k in KILL_POINTS]
)
def test_worker_killed_at_any_instant_sends_each_reminder_once_and_the_rest_within_two_minutes(
    worker, settings, point, after, provider, record_property
):
    """Two dispatchers, a worker (2 processes) killed with SIGKILL mid-run, a new worker, beat
    ticking: count every message the provider received, not only ledger rows."""
    settings.REMINDER_BATCH_SIZE = 25
    runners = due_runners(RUNNERS)
    first = worker(REMINDER_BATCH_SIZE=25, **provider)
    dispatch_reminders.delay()  # two beats at once
    dispatch_reminders.delay()
    wait_until(lambda: len(first.recorded()) >= after, timeout=60, worker=first)
    first.kill()  # SIGKILL to the main process and the pool: nothing gets to clean up
    killed_at = time.monotonic()
    flying = set(
        Delivery.objects.filter(status=DeliveryStatus.SENDING).values_list("pk", flat=True)
    )
    in_flight = len(flying)
    received_before = len(first.recorded())
    assert Delivery.objects.exclude(status=DeliveryStatus.SENT).exists() or (
        Delivery.objects.count() < RUNNERS
    ), "the run finished before the kill"

    second = worker(REMINDER_BATCH_SIZE=25)  # records to the same file as the first
    rest_done_at = done_at = None
    next_tick = 0.0
    while time.monotonic() - killed_at < 180:
        if time.monotonic() >= next_tick:  # beat's minute entry: dispatchers, then the sweeper
            dispatch_all()
            next_tick = time.monotonic() + BEAT_EVERY
        sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
        if rest_done_at is None and sent.exclude(pk__in=flying).count() == RUNNERS - in_flight:
            rest_done_at = time.monotonic()
        if sent.count() == RUNNERS and settled():
            done_at = time.monotonic()
            break
        time.sleep(0.2)
    assert done_at is not None, "not every reminder went: " + second.log()[-3000:]
    recorded = first.recorded()
    assert_one_reminder_each(runners, recorded)
    keys = Counter(m["key"] for m in recorded)
    duplicates = sum(n - 1 for n in keys.values())
    lost = RUNNERS - len(keys)
    rest_seconds, all_seconds = rest_done_at - killed_at, done_at - killed_at
    # Only a message in flight at the kill can go twice: at most one per worker process.
    assert in_flight <= 2
    assert duplicates <= in_flight
    assert lost == 0
    # The hold (45 s) and lease (60 s) are production's; beat ticks every 60 s there instead of
    # every BEAT_EVERY here, so production's worst case is these plus (60 - BEAT_EVERY) s. The
    # unsent rest waits out the hold; the messages in flight, their lease.
    assert rest_seconds + 60 - BEAT_EVERY < 120
    assert all_seconds + 60 - BEAT_EVERY < 60 + 60 + 15
    record_property(
        "kill_point",
        {
            "point": point,
            "received": len(recorded),
            "received_before_kill": received_before,
            "in_flight": in_flight,
            "duplicates": duplicates,
            "lost": lost,
            "rest_seconds": round(rest_seconds, 1),
            "all_seconds": round(all_seconds, 1),
        },
    )
