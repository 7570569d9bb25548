"""The daily exercise reminder: who is due (with clinic's clock and ledger) and what it says.

Due: the runner's local reminder time has passed today, on one of their days, they are opted in,
have a program that is active and running on their local date, and hold no ledger row for the
day. Whether they have already logged all of today's sets is checked at send time, on fresh
rows, and recorded as a skip, so the outbox shows why no reminder went.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from clinic.models import DEFAULT_REMIND_AT, Delivery, DeliveryKind, DeliveryStatus, Runner
from clinic.notifications import content, ledger
from clinic.notifications.kinds import Composed, skip
from clinic.notifications.ledger import Planned
from clinic.notifications.preferences import (
    due_for_daily_reminder,
    offered_channel,
    unsubscribe_url_maker,
    zone_known,
)
from programs import adherence, timeline
from programs.models import (
    Prescription,
    PrescriptionItem,
    Program,
    ProgramStatus,
    SetLog,
    describe_dose,
)

KIND = DeliveryKind.DAILY_EXERCISE
# A runner whose program ended this recently still hears why the reminders stopped, once a day.
ENDED_RECENTLY = datetime.timedelta(days=7)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Silent:
    """A runner due today who gets no reminder, and why: written as the day's "skipped" row."""

    runner_id: int
    local_date: datetime.date
    channel: str
    reason: str


def due_runners(now: datetime.datetime) -> tuple[list[Planned], list[Silent]]:
    """Runners due for today's reminder at `now`, and those due who won't get one (reminders
    off, program paused or not running today, program just ended, unknown time zone), with the
    reason. Three queries, however many runners."""
    # One current program (active or paused) per runner: programs' unique constraint, so this
    # join adds no rows.
    on_program = Runner.objects.filter(
        programs__status__in=(ProgramStatus.ACTIVE, ProgramStatus.PAUSED)
    )
    rows = due_for_daily_reminder(now, on_program).values_list(
        "pk",
        "reminder_date",
        "reminder_channel",
        "reminder_enabled",
        "reminder_zone",
        "programs__status",
        "programs__start_date",
        "programs__length_weeks",
        "programs__ended_on",
    )
    planned, silent = [], []
    for pk, day, channel, enabled, zone, status, start, weeks, ended in rows:
        channel = offered_channel(channel)
        reason = _silence(
            enabled, zone, status, start <= day <= timeline.last_day(start, weeks, ended)
        )
        if reason:
            silent.append(Silent(pk, day, channel, reason))
        else:
            planned.append(Planned(runner_id=pk, local_date=day, channel=channel))
    # Runners whose program ended in the past week and who have no current one.
    just_ended = Runner.objects.filter(
        programs__status=ProgramStatus.COMPLETED,
        programs__ended_on__gte=now.date() - ENDED_RECENTLY,
    ).exclude(programs__status__in=(ProgramStatus.ACTIVE, ProgramStatus.PAUSED))
    for pk, day, channel, enabled, zone in (
        due_for_daily_reminder(now, just_ended)
        .values_list("pk", "reminder_date", "reminder_channel", "reminder_enabled", "reminder_zone")
        .distinct()
    ):
        reason = _silence(enabled, zone, None, True) or "no active program"
        silent.append(Silent(pk, day, offered_channel(channel), reason))
    return planned, silent


def _silence(enabled: bool, zone: str, status: str | None, running_today: bool) -> str:
    if not zone_known(zone):
        return f"unknown time zone {zone!r}: set the runner's time zone"
    if not enabled:
        return "runner turned daily reminders off"
    if status == ProgramStatus.PAUSED:
        return "program paused"
    if not running_today:
        return "no program running today"
    return ""


def record_silence(silent: list[Silent], *, now: datetime.datetime) -> int:
    """One "skipped" row per runner and day, with the reason: one INSERT, and none again today
    (the ledger's unique constraint), so the dispatcher finds them settled next minute."""
    written = Delivery.objects.bulk_create(
        [
            Delivery(
                runner_id=item.runner_id,
                kind=KIND,
                local_date=item.local_date,
                channel=item.channel,
                status=DeliveryStatus.SKIPPED,
                reason=item.reason[:200],
                finished_at=now,
            )
            for item in silent
        ],
        ignore_conflicts=True,
    )
    unknown = sorted({s.reason for s in silent if s.reason.startswith("unknown time zone")})
    if unknown:  # once a day per runner: the skipped row keeps them from being due again
        log.warning("daily reminders skipped: %s", "; ".join(unknown))
    return len(written)


def dispatch_daily_reminders(*, now: datetime.datetime | None = None) -> int:
    """Enqueue the runners due, in batches; each batch task writes and claims its ledger rows.
    A batch whose message is lost leaves no row, so the next run (a minute later) finds those
    runners still due. Those due who get no reminder get a "skipped" row with the reason.
    Returns how many runners were due a reminder."""
    from programs.tasks import send_daily_reminders as task  # the task module imports this one

    now = now or timezone.now()
    planned, silent = due_runners(now)
    if silent:
        record_silence(silent, now=now)
    for chunk in ledger.chunks(planned, settings.REMINDER_BATCH_SIZE):
        task.delay_on_commit([item.to_message() for item in chunk])
    return len(planned)


def send_daily_reminders(batch: list[list]) -> dict[str, int]:
    planned = [Planned.from_message(row) for row in batch]
    return ledger.send_planned(KIND, planned, compose_daily_reminders)


def today_url() -> str:
    return settings.SITE_URL + reverse("programs:today")


@dataclass(frozen=True)
class Line:
    """One exercise as the reminder lists it."""

    exercise_id: int
    name: str
    sets: int
    dose: str


@dataclass
class Version:
    effective_from: datetime.date
    sessions_per_day: int
    paused: bool
    lines: list[Line] = field(default_factory=list)


def compose_daily_reminders(deliveries: list[Delivery]) -> dict[int, Composed]:
    """Each reminder's message, or why it is skipped. Four queries for the whole batch, read as
    plain rows: at 100,000 reminders a day, model instances and prefetch machinery cost more
    than the database does."""
    days = {d.local_date for d in deliveries}
    programs = {
        runner_id: (program_id, start, timeline.last_day(start, weeks, ended))
        for program_id, runner_id, start, weeks, ended in Program.objects.filter(
            runner_id__in={d.runner_id for d in deliveries}, status=ProgramStatus.ACTIVE
        ).values_list("pk", "runner_id", "start_date", "length_weeks", "ended_on")
    }
    program_ids = [program_id for program_id, _, _ in programs.values()]
    versions: dict[int, list[Version]] = defaultdict(list)
    by_id: dict[int, Version] = {}
    for pk, program_id, effective_from, sessions, paused in (
        Prescription.objects.filter(program_id__in=program_ids, effective_from__lte=max(days))
        .order_by("effective_from", "id")
        .values_list("pk", "program_id", "effective_from", "sessions_per_day", "paused")
    ):
        by_id[pk] = Version(effective_from, sessions, paused)
        versions[program_id].append(by_id[pk])
    for prescription_id, exercise_id, sets, dose, name, kind, per_side in (
        PrescriptionItem.objects.filter(prescription_id__in=by_id)
        .order_by("position", "id")
        .values_list(
            "prescription_id",
            "exercise_id",
            "sets_per_session",
            "dose",
            "exercise__name",
            "exercise__dose_kind",
            "exercise__per_side",
        )
    ):
        version = by_id[prescription_id]
        line = Line(
            exercise_id,
            name,
            sets * version.sessions_per_day,
            describe_dose(kind, dose, per_side=per_side),
        )
        version.lines.append(line)
    logged: dict[tuple[int, datetime.date], dict[int, int]] = defaultdict(dict)
    for program_id, day, exercise_id, sets in (
        SetLog.objects.filter(program_id__in=program_ids, day__in=days, undone_at__isnull=True)
        .values_list("program_id", "day", "exercise_id")
        .annotate(sets=Count("id"))
        .order_by()
    ):
        logged[(program_id, day)][exercise_id] = sets
    link, unsubscribe_url = today_url(), unsubscribe_url_maker(settings.SITE_URL)
    composed = {}
    for delivery in deliveries:
        program = programs.get(delivery.runner_id)
        composed[delivery.pk] = _compose_one(
            delivery,
            program,
            versions[program[0]] if program else [],
            logged,
            link,
            unsubscribe_url,
        )
    return composed


def _compose_one(delivery, program, versions, logged, link: str, unsubscribe_url) -> Composed:
    runner = delivery.runner
    preference = getattr(runner, "reminder_preference", None)
    if preference is not None and not preference.daily_enabled:
        return skip("runner turned daily reminders off")
    day = delivery.local_date
    if program is None or not program[1] <= day <= program[2]:
        return skip("no program running today")
    version = timeline.in_force_on(versions, day)
    if version is None or version.paused:
        return skip("program paused today")
    sets_due = {line.exercise_id: line.sets for line in version.lines}
    done = adherence.counted_sets(sets_due, logged.get((program[0], day), {}))
    total = sum(sets_due.values())
    if total and done >= total:
        return skip("all of today's sets logged already")
    remind_at = preference.remind_at if preference is not None else DEFAULT_REMIND_AT
    context = {
        "runner": runner,
        "items": version.lines,
        "sessions_per_day": version.sessions_per_day,
        "sets_done": done,
        "sets_due": total,
        "today_url": link,
        "unsubscribe_url": unsubscribe_url(runner),
        # The runner's reminder time on the day, as their clock shows it ("6:00 PM EST").
        "when": content.moment_on(day, remind_at, runner.time_zone),
    }
    return content.render(
        "daily_reminder",
        context,
        channel=delivery.channel,
        zone=runner.time_zone,
        location=runner.location,
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this address.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
