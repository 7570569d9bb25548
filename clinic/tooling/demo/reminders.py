"""Demo reminders: Alex (or the first runner on a program) is due for today's reminder a minute
after seeding, so the embedded setup's worker and beat (bin/dev) send one within a minute, to
the console. A few of yesterday's ledger rows show the outbox's states.

Idempotent: run twice, the same preferences and the same history rows.
"""

import datetime

from django.utils import timezone

from clinic.models import Channel, Delivery, DeliveryKind, DeliveryStatus, ReminderPreference
from clinic.notifications.timing import ALL_DAYS, local_moment
from programs.models import Program, ProgramStatus

HISTORY = [
    # (runner index, status, channel, reason or error, attempts)
    (0, DeliveryStatus.SENT, Channel.EMAIL, "", 1),
    (2, DeliveryStatus.SKIPPED, Channel.EMAIL, "all of today's sets logged already", 1),
    (3, DeliveryStatus.FAILED, Channel.SMS, "test provider: number unreachable", 4),
    (5, DeliveryStatus.SENT, Channel.SMS, "", 2),
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
    for index, status, channel, note, attempts in HISTORY:
        if index >= len(practice.runners):
            continue
        runner = practice.runners[index]
        yesterday = local_moment(now, runner.time_zone).date - datetime.timedelta(days=1)
        finished = now - datetime.timedelta(days=1)
        Delivery.objects.update_or_create(
            runner=runner,
            kind=DeliveryKind.DAILY_EXERCISE,
            local_date=yesterday,
            reference="",
            defaults={
                "status": status,
                "channel": channel,
                "reason": note if status == DeliveryStatus.SKIPPED else "",
                "error": note if status == DeliveryStatus.FAILED else "",
                "attempts": attempts,
                "claimed_at": finished,
                "finished_at": finished,
            },
        )
