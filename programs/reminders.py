"""The daily exercise reminder: who is due (with clinic's clock and ledger) and what it says.

Due: the runner's local reminder time has passed today, on one of their days, they are opted in,
have a program that is active and running on their local date, and hold no ledger row for the
day. Whether they have already logged all of today's sets is checked at send time, on fresh
rows, and recorded as a skip, so the outbox shows why no reminder went.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from clinic import outbox
from clinic.models import Channel, Delivery, DeliveryKind, Runner
from clinic.outbox import Composed, Planned, skip
from clinic.reminders import due_for_daily_reminder, unsubscribe_url

from . import adherence
from .models import Prescription, PrescriptionItem, Program, ProgramStatus, SetLog

KIND = DeliveryKind.DAILY_EXERCISE


def program_last_day(start: datetime.date, weeks: int, ended: datetime.date | None):
    return ended or start + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)


def due_runners(now: datetime.datetime) -> list[Planned]:
    """Runners due for today's reminder at `now`: two queries, however many runners."""
    # One program at a time per runner (programs' unique constraint), so this join adds no rows.
    runners = Runner.objects.filter(programs__status=ProgramStatus.ACTIVE)
    rows = due_for_daily_reminder(now, runners).values_list(
        "pk",
        "reminder_date",
        "reminder_channel",
        "programs__start_date",
        "programs__length_weeks",
        "programs__ended_on",
    )
    return [
        Planned(runner_id=pk, local_date=day, channel=channel)
        for pk, day, channel, start, weeks, ended in rows
        if start <= day <= program_last_day(start, weeks, ended)
    ]


def dispatch_daily_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue a ledger row for each runner due and enqueue their batches. Returns how many."""
    now = now or timezone.now()
    planned = due_runners(now)
    for chunk in outbox.chunks(planned, settings.REMINDER_BATCH_SIZE):
        outbox.enqueue(KIND, outbox.queue(KIND, chunk, now=now))
    return len(planned)


def send_daily_reminders(delivery_ids: list[int]) -> dict[str, int]:
    return outbox.send_batch(delivery_ids, compose_daily_reminders)


def today_url() -> str:
    try:
        return settings.SITE_URL + reverse("programs:today")
    except NoReverseMatch:  # until the Today page lands, the runner's home
        return settings.SITE_URL + reverse("clinic:runner_home")


def compose_daily_reminders(deliveries: list[Delivery]) -> dict[int, Composed]:
    """Each reminder's message, or why it is skipped. Four queries for the whole batch."""
    runner_ids = {d.runner_id for d in deliveries}
    last_date = max(d.local_date for d in deliveries)
    programs = {
        program.runner_id: program
        for program in Program.objects.filter(
            runner_id__in=runner_ids, status=ProgramStatus.ACTIVE
        ).prefetch_related(
            Prefetch(
                "prescriptions",
                queryset=Prescription.objects.filter(effective_from__lte=last_date)
                .order_by("effective_from", "id")
                .prefetch_related(
                    Prefetch(
                        "items",
                        queryset=PrescriptionItem.objects.select_related("exercise").order_by(
                            "position", "id"
                        ),
                    )
                ),
            )
        )
    }
    logged: dict[tuple[int, datetime.date], dict[int, int]] = defaultdict(dict)
    for program_id, day, exercise_id, sets in (
        SetLog.objects.filter(
            program__in=programs.values(),
            day__in={d.local_date for d in deliveries},
            undone_at__isnull=True,
        )
        .values_list("program_id", "day", "exercise_id")
        .annotate(sets=Count("id"))
        .order_by()
    ):
        logged[(program_id, day)][exercise_id] = sets
    link = today_url()
    return {
        delivery.pk: _compose_one(delivery, programs.get(delivery.runner_id), logged, link=link)
        for delivery in deliveries
    }


def _compose_one(delivery, program, logged, *, link: str) -> Composed:
    runner = delivery.runner
    preference = getattr(runner, "reminder_preference", None)
    if preference is not None and not preference.daily_enabled:
        return skip("runner turned daily reminders off")
    day = delivery.local_date
    if program is None or not program.start_date <= day <= program.last_day:
        return skip("no program running today")
    version = None
    for prescription in program.prescriptions.all():
        if prescription.effective_from <= day:
            version = prescription
    if version is None or version.paused:
        return skip("program paused today")
    items = list(version.items.all())
    sets_due = {
        item.exercise_id: item.sets_per_session * version.sessions_per_day for item in items
    }
    done = adherence.counted_sets(sets_due, logged.get((program.pk, day), {}))
    total = sum(sets_due.values())
    if total and done >= total:
        return skip("all of today's sets logged already")
    context = {
        "runner": runner,
        "items": items,
        "sessions_per_day": version.sessions_per_day,
        "sets_done": done,
        "sets_due": total,
        "today_url": link,
        "unsubscribe_url": unsubscribe_url(runner, settings.SITE_URL),
    }
    template = "daily_reminder_sms" if delivery.channel == Channel.SMS else "daily_reminder_body"
    return Composed(
        subject=render_to_string("emails/daily_reminder_subject.txt", context).strip(),
        text=render_to_string(f"emails/{template}.txt", context),
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this address.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
