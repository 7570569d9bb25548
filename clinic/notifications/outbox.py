"""The one way to send a message when something happens: `enqueue` a kind for someone.

A booking confirmation, an invitation, a clinician's alert: the service that makes it happen
calls `enqueue(...)` inside its transaction. That writes the ledger row (queued), and once the
transaction commits a task claims, composes, sends and records it through the ledger. A rolled
back transaction leaves neither row nor message; a lost task message is picked up by the
sweeper (the row is queued and due). Clock-driven reminders are planned by their dispatchers
instead (clinic.notifications.dispatch), through the same ledger.

The kind's composer (registered in clinic.notifications.kinds) writes the message from the row:
who (runner or recipient), the local date and the reference (e.g. an appointment's code).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.models import Channel, Delivery, DeliveryStatus, ReminderPreference, Runner, User
from clinic.notifications.content import zone_named
from clinic.notifications.preferences import offered_channel

HELD_FOR_CALLER = datetime.timedelta(minutes=5)


def enqueue(
    kind: str,
    *,
    runner: Runner | None = None,
    recipient: User | None = None,
    reference: str = "",
    local_date: datetime.date | None = None,
    channel: str | None = None,
    send_later: bool = True,
) -> Delivery | None:
    """Queue one message of `kind` to `runner` (or to the member of staff `recipient`, about
    `runner` if given). Once per (person, kind, local date, reference): enqueueing the same
    again returns None and sends nothing. Sent after the surrounding transaction commits.

    The channel: staff get email; a runner gets what they chose in their reminder settings
    (email unless they picked text messages), unless the caller names one.

    `send_later=False`: no task is queued; the caller sends the row itself, at once, in this
    process (`ledger.send_batch`), as a sign-in code is (the code lives only in its memory)."""
    from clinic.notifications.tasks import send_deliveries  # the tasks import the ledger

    if runner is None and recipient is None:
        raise ValueError("A message needs a runner or a recipient.")
    now = timezone.now()
    if local_date is None:  # the runner's own day; staff messages count days in UTC
        to_runner = runner is not None and recipient is None
        local_date = now.astimezone(zone_named(runner.time_zone if to_runner else "UTC")).date()
    if channel is None:
        channel = Channel.EMAIL if recipient is not None else channel_chosen_by(runner)
    key = {
        "kind": kind,
        "runner": runner,
        "recipient": recipient,
        "reference": reference,
        "local_date": local_date,
    }
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                **key,
                channel=channel,
                status=DeliveryStatus.QUEUED,
                # the caller's own send comes first: the sweeper leaves the row alone meanwhile
                next_attempt_at=now if send_later else now + HELD_FOR_CALLER,
            )
    except IntegrityError:
        if Delivery.objects.filter(**key).exists():
            return None  # already queued or sent: the ledger's unique constraint says once
        raise
    if send_later:
        send_deliveries.delay_on_commit(str(kind), [delivery.pk])
    return delivery


def channel_chosen_by(runner: Runner) -> str:
    chosen = (
        ReminderPreference.objects.filter(runner=runner).values_list("channel", flat=True).first()
    )
    return offered_channel(chosen or Channel.EMAIL)
