"""Benchmark (not a test): 100,000 runners due at the same minute, sent by a real worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roadmap_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py bench_reminders

It creates the runners (spread over five time zones, each due at this very minute on their own
clock, each on a program), starts `celery worker --pool=prefork -c 2` on a queue of its own,
enqueues the one beat task and times until every ledger row is settled. Mail goes through the
real email transport to files (EMAIL_URL=filemail://), and the Message-IDs written are counted
to prove no runner got two. Then it reports the queries one batch of the same size costs, and
deletes what it made (--keep to keep it).
"""

import datetime
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.db.models import Count
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from clinic.celery import app as celery_app
from clinic.celery import dispatch_reminders
from clinic.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Location,
    ReminderPreference,
    Runner,
)
from clinic.notifications import ledger
from clinic.notifications.timing import local_moment
from programs.daily_reminder import compose_daily_reminders
from programs.models import Exercise, Prescription, PrescriptionItem, Program, ProgramStatus

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
]
LOCATION = "Benchmark (bench_reminders)"
CHUNK = 5_000


class Command(BaseCommand):
    help = "Time a real Celery worker sending 100,000 daily reminders due at the same minute."

    def add_arguments(self, parser):
        parser.add_argument("--runners", type=int, default=100_000)
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--batch-size", type=int, default=settings.REMINDER_BATCH_SIZE)
        parser.add_argument("--timeout", type=int, default=600)
        parser.add_argument("--keep", action="store_true", help="keep the benchmark's rows")
        parser.add_argument("--worker-log", default=os.devnull, help="where the worker logs")

    def handle(self, *args, runners, concurrency, batch_size, timeout, keep, worker_log, **options):
        self.worker_log = worker_log
        if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
            raise CommandError("Run it on Postgres (DATABASE_URL) and Redis (CELERY_BROKER_URL).")
        self.cleanup()
        mail_dir = Path(tempfile.mkdtemp(prefix="bench-reminders-mail-"))
        try:
            self.run(runners, concurrency, batch_size, timeout, mail_dir)
        finally:
            shutil.rmtree(mail_dir, ignore_errors=True)
            if not keep:
                self.cleanup()

    def run(self, count, concurrency, batch_size, timeout, mail_dir):
        now = timezone.now()
        self.stdout.write(f"Creating {count:,} runners due at {now:%H:%M} UTC on their own clocks…")
        started = time.monotonic()
        self.create_runners(count, now)
        self.stdout.write(f"  made in {time.monotonic() - started:.1f} s")

        queue = f"bench-reminders-{uuid.uuid4().hex[:8]}"
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": "postgres://{}{}@{}:{}/{}".format(
                db["USER"],
                f":{db['PASSWORD']}" if db["PASSWORD"] else "",
                db["HOST"],
                db["PORT"] or 5432,
                db["NAME"],
            ),
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "REMINDER_BATCH_SIZE": str(batch_size),
            "EMAIL_URL": f"filemail:///{mail_dir}",  # four slashes: an absolute path
            "LOG_LEVEL": "WARNING",
            "DEBUG": "false",
            "TEXT_MESSAGES": "false",  # email only: no SMS provider is configured here
            "SECRET_KEY": os.environ.get("SECRET_KEY") or settings.SECRET_KEY,
        }
        log = open(self.worker_log, "ab")  # noqa: SIM115 - closed with the worker below
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "clinic", "worker", "--pool=prefork",
             f"--concurrency={concurrency}", "-Q", queue, "--loglevel=info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_before = os.getloadavg()[0]
        try:
            time.sleep(3)  # let the worker boot, so its start-up is not counted as sending time
            celery_app.conf.task_default_queue = queue
            started = time.monotonic()
            # What beat does each minute: the single reminders entry, run by the worker.
            dispatch_reminders.apply_async(queue=queue)
            settled = self.wait(count, started, timeout)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
            log.close()
        # CPU the worker and its pool used (they are waited for, so they count as our children):
        # a figure the other loads on a shared machine don't distort, unlike the wall time.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

        statuses = dict(
            self.bench_deliveries().values_list("status").annotate(n=Count("id")).order_by()
        )
        per_runner = (
            self.bench_deliveries().values("runner_id", "local_date").annotate(n=Count("id"))
        )
        duplicate_rows = per_runner.filter(n__gt=1).count()
        message_ids = Counter()
        for path in mail_dir.iterdir():
            message_ids.update(re.findall(rb"^Message-ID: <([^>]+)>", path.read_bytes(), re.M))
        duplicate_mail = sum(n - 1 for n in message_ids.values() if n > 1)
        sent = statuses.get(DeliveryStatus.SENT, 0)
        queries = self.queries_per_batch(batch_size)

        self.stdout.write("")
        self.stdout.write(f"Runners due:              {count:,}")
        self.stdout.write(f"Worker:                   prefork, concurrency {concurrency}, "
                          f"batches of {batch_size}, {os.cpu_count()} CPUs")  # fmt: skip
        self.stdout.write(f"Ledger rows by status:    {statuses}")
        self.stdout.write(f"Emails written:           {sum(message_ids.values()):,}")
        self.stdout.write(
            f"Time to send them all:    {elapsed:.1f} s (beat task in → last row out)"
        )
        self.stdout.write(f"Reminders per second:     {sent / elapsed:,.0f}")
        per_reminder_ms = worker_cpu / max(sent, 1) * 1000
        self.stdout.write(
            f"Worker CPU time:          {worker_cpu:.1f} s, {per_reminder_ms:.2f} ms a reminder:"
            f" {worker_cpu / concurrency:.1f} s of wall time on {concurrency} idle cores"
        )
        self.stdout.write(
            f"Load average (1 min):     {load_before:.1f} before, {os.getloadavg()[0]:.1f} after,"
            f" on {os.cpu_count()} CPUs"
        )
        self.stdout.write(
            f"SQL queries per batch:    {queries} for {batch_size} reminders"
            f" ({queries - batch_size} fixed, one UPDATE per message)"
        )
        self.stdout.write(f"Duplicate ledger rows:    {duplicate_rows}")
        self.stdout.write(f"Duplicate emails:         {duplicate_mail}")
        if not settled or duplicate_rows or duplicate_mail or sent != count:
            raise CommandError("The benchmark did not send exactly one reminder to each runner.")

    def wait(self, count, started, timeout) -> bool:
        """Poll once a second, without joins: the count competes with the worker for the CPUs."""
        first_runner = Runner.objects.filter(location__name=LOCATION).order_by("pk").first()
        settled = Delivery.objects.filter(
            runner_id__gte=first_runner.pk,
            kind=DeliveryKind.DAILY_EXERCISE,
            status__in=(DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED),
        )
        reported = 0.0
        while time.monotonic() - started < timeout:
            done = settled.count()
            if time.monotonic() - reported >= 5:
                self.stdout.write(f"  {time.monotonic() - started:5.1f} s  {done:,} settled")
                reported = time.monotonic()
            if done >= count:
                return True
            time.sleep(1)
        return False

    def queries_per_batch(self, batch_size) -> int:
        """Send one batch again (its rows reset to queued) in this process and count queries."""
        ids = list(self.bench_deliveries().order_by("pk").values_list("pk", flat=True)[:batch_size])
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.QUEUED)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                ledger.send_batch(ids, compose_daily_reminders)
        return len(captured)

    def create_runners(self, count, now):
        location, _ = Location.objects.get_or_create(name=LOCATION, defaults={"address": "—"})
        exercises = list(Exercise.objects.order_by("pk")[:2])
        for first in range(0, count, CHUNK):
            size = min(CHUNK, count - first)
            runners = Runner.objects.bulk_create(
                Runner(
                    first_name="Bench",
                    last_name=f"Runner {first + n}",
                    email=f"bench{first + n}@runners.test",
                    time_zone=ZONES[(first + n) % len(ZONES)],
                    location=location,
                )
                for n in range(size)
            )
            ReminderPreference.objects.bulk_create(
                ReminderPreference(
                    runner=runner,
                    remind_at=local_moment(now, runner.time_zone).time.replace(
                        second=0, microsecond=0
                    ),
                )
                for runner in runners
            )
            programs = Program.objects.bulk_create(
                Program(
                    runner=runner,
                    name="Hip mobility foundations",
                    start_date=local_moment(now, runner.time_zone).date
                    - datetime.timedelta(days=3),
                    status=ProgramStatus.ACTIVE,
                )
                for runner in runners
            )
            prescriptions = Prescription.objects.bulk_create(
                Prescription(program=program, effective_from=program.start_date)
                for program in programs
            )
            PrescriptionItem.objects.bulk_create(
                PrescriptionItem(
                    prescription=prescription,
                    exercise=exercise,
                    exercise_version_id=exercise.current_version_id,
                    position=position,
                    sets_per_session=3,
                    dose=exercise.default_dose,
                )
                for prescription in prescriptions
                for position, exercise in enumerate(exercises)
            )

    def bench_deliveries(self):
        return Delivery.objects.filter(
            runner__location__name=LOCATION, kind=DeliveryKind.DAILY_EXERCISE
        )

    def cleanup(self):
        """Plain SQL: Django's delete() would load each table's 100,000 rows to cascade."""
        runners = (
            "SELECT r.id FROM clinic_runner r JOIN clinic_location l ON l.id = r.location_id"
            " WHERE l.name = %s"
        )
        programs = f"SELECT id FROM programs_program WHERE runner_id IN ({runners})"  # noqa: S608
        prescriptions = f"SELECT id FROM programs_prescription WHERE program_id IN ({programs})"  # noqa: S608
        steps = [
            ("programs_prescriptionitem", "prescription_id", prescriptions),
            ("programs_prescription", "program_id", programs),
            ("programs_setlog", "runner_id", runners),
            ("programs_program", "runner_id", runners),
            ("clinic_delivery", "runner_id", runners),
            ("clinic_reminderpreference", "runner_id", runners),
            ("clinic_runner", "id", runners),
        ]
        with connection.cursor() as cursor:
            for table, column, subquery in steps:  # constants only, no user input
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({subquery})", [LOCATION])  # noqa: S608
