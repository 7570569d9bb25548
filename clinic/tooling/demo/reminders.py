"""Demo reminders and the outbox: Alex (or the first runner on a program) is due for today's
reminder a minute after seeding, so the embedded setup's worker and beat (bin/dev) send one
within a minute, to the console. Yesterday's ledger rows show every kind of message and every
state the outbox knows: sent (and delivered), skipped with each reason, failed with a provider's
bounce, a retry queued, a message in flight (which the sweeper sends again once its lease is
over), and messages to staff.

Idempotent: run twice, the same preferences and the same history rows.
"""

import datetime

from django.utils import timezone

from clinic.booking.reminders import reference
from clinic.booking.schedule import clinician_zones
from clinic.models import (
    Appointment,
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    ReminderPreference,
)
from clinic.notifications.timing import ALL_DAYS, local_moment
from programs.models import Program, ProgramStatus

HISTORY = [
    # (runner index, status, channel, reason or error, attempts)
    (0, DeliveryStatus.SENT, Channel.EMAIL, "", 1),
    (1, DeliveryStatus.SKIPPED, Channel.EMAIL, "runner turned daily reminders off", 0),
    (2, DeliveryStatus.SKIPPED, Channel.EMAIL, "all of today's sets logged already", 1),
    (3, DeliveryStatus.FAILED, Channel.SMS, "test provider: number unreachable", 4),
    (4, DeliveryStatus.SKIPPED, Channel.EMAIL, "program paused", 0),
    (5, DeliveryStatus.SENT, Channel.SMS, "", 2),
    (6, DeliveryStatus.QUEUED, Channel.SMS, "test provider: number unreachable", 1),
    (7, DeliveryStatus.SKIPPED, Channel.EMAIL, "no program running today", 0),
]
# Messages about visits and to staff: (kind, status, channel, reason or error, delivered).
VISIT_MAIL = [
    (DeliveryKind.BOOKING_CONFIRMATION, DeliveryStatus.SENT, Channel.EMAIL, "", True),
    (DeliveryKind.BOOKING_CHANGE, DeliveryStatus.SENT, Channel.SMS, "", True),
    (
        DeliveryKind.BOOKING_CANCELLATION,
        DeliveryStatus.FAILED,
        Channel.EMAIL,
        "Mailgun: bounced (550 5.1.1 mailbox does not exist)",
        False,
    ),
    (DeliveryKind.APPOINTMENT_REMINDER, DeliveryStatus.SENT, Channel.EMAIL, "", False),
    (
        DeliveryKind.INTAKE_INVITATION,
        DeliveryStatus.SKIPPED,
        Channel.EMAIL,
        "no email address",
        False,
    ),
    (
        DeliveryKind.ACCOUNT_INVITATION,
        DeliveryStatus.SKIPPED,
        Channel.EMAIL,
        "email address 'two@@at.example' is not valid",
        False,
    ),
    (DeliveryKind.SIGN_IN_CODE, DeliveryStatus.SENT, Channel.SMS, "", True),
    (DeliveryKind.PASSWORD_LINK, DeliveryStatus.SENT, Channel.EMAIL, "", True),
]


def seed(practice) -> None:
    on_program = set(
        Program.objects.filter(
            runner__in=practice.runners, status=ProgramStatus.ACTIVE
        ).values_list("runner_id", flat=True)
    )
    due = next((r for r in practice.runners if r.pk in on_program), None)
    if due is None:
        return
    now = timezone.now()
    moment = local_moment(now, due.time_zone)
    # A minute ago on the runner's clock (midnight just after midnight): due at the next tick.
    ago = datetime.datetime.combine(moment.date, moment.time) - datetime.timedelta(minutes=1)
    remind_at = ago.time() if ago.date() == moment.date else datetime.time(0, 0)
    ReminderPreference.objects.update_or_create(
        runner=due,
        defaults={
            "daily_enabled": True,
            "remind_at": remind_at.replace(second=0, microsecond=0),
            "days": ALL_DAYS,
            "channel": Channel.EMAIL,
        },
    )
    finished = now - datetime.timedelta(days=1)
    for index, status, channel, note, attempts in HISTORY:
        if index >= len(practice.runners):
            continue
        runner = practice.runners[index]
        yesterday = local_moment(now, runner.time_zone).date - datetime.timedelta(days=1)
        _row(
            {"runner": runner, "kind": DeliveryKind.DAILY_EXERCISE, "local_date": yesterday},
            status,
            channel,
            note,
            attempts=attempts,
            finished=finished,
            retry_at=now + datetime.timedelta(minutes=25),
        )
    # A message in flight right now: the sweeper sends it again once its lease is over.
    runner = practice.runners[-1]
    _row(
        {
            "runner": runner,
            "kind": DeliveryKind.DAILY_EXERCISE,
            "local_date": local_moment(now, runner.time_zone).date - datetime.timedelta(days=2),
        },
        DeliveryStatus.SENDING,
        Channel.EMAIL,
        "",
        attempts=1,
        finished=now,
    )
    _visit_mail(practice, finished)


def _visit_mail(practice, finished) -> None:
    # The booking demo lays out its visits afresh each time: their mail goes with them.
    Delivery.objects.filter(
        runner__in=practice.runners,
        kind__in=[kind for kind, *_ in VISIT_MAIL],
        reference__contains="@",  # a visit's reference: code@start
    ).delete()
    visits = list(
        Appointment.objects.filter(runner__in=practice.runners)
        .select_related("location")
        .order_by("starts_at")[: len(VISIT_MAIL)]
    )
    for visit, (kind, status, channel, note, delivered) in zip(visits, VISIT_MAIL, strict=False):
        key = {
            "runner": visit.runner,
            "kind": kind,
            "local_date": local_moment(visit.starts_at, visit.location.time_zone).date,
            "reference": reference(visit.code, visit.starts_at),
        }
        _row(key, status, channel, note, attempts=1, finished=finished, delivered=delivered)
    clinician = practice.clinicians[0]
    about = practice.runners[0]
    day = local_moment(finished, "UTC").date
    _row(
        {"recipient": clinician, "runner": about, "kind": DeliveryKind.CLINICIAN_ALERT,
         "local_date": day, "reference": "demo"},
        DeliveryStatus.SENT, Channel.EMAIL, "", attempts=1, finished=finished, delivered=True,
    )  # fmt: skip
    # The digest goes on the clinician's own clock (their location's zone): its date is theirs.
    zone = clinician_zones([clinician.pk])[clinician.pk]
    _row(
        {"recipient": clinician, "kind": DeliveryKind.CLINICIAN_DIGEST,
         "local_date": local_moment(finished, zone).date},
        DeliveryStatus.SENT, Channel.EMAIL, "", attempts=1, finished=finished,
    )  # fmt: skip


def _row(key, status, channel, note, *, attempts, finished, retry_at=None, delivered=False):
    """One ledger row in a settled state (or in flight, or waiting for its retry)."""
    settled = status in (DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED)
    Delivery.objects.update_or_create(
        **{"reference": "", **key},
        defaults={
            "status": status,
            "channel": channel,
            "reason": note if status == DeliveryStatus.SKIPPED else "",
            "error": note if status in (DeliveryStatus.FAILED, DeliveryStatus.QUEUED) else "",
            "attempts": attempts,
            "claimed_at": finished if attempts else None,
            "finished_at": finished if settled else None,
            "next_attempt_at": retry_at if status == DeliveryStatus.QUEUED else None,
            "delivered_at": finished if delivered else None,
        },
    )
