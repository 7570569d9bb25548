"""The delivery ledger's services: claim, send, record, retry, sweep. Shaped on healthchecks'
sendalerts and Notification: claim a row, commit, send outside any transaction, then record.

Guarantees:
- one ledger row per runner, kind, local day and reference: the database's unique constraint.
  A batch task writes its rows already claimed (INSERT ... ON CONFLICT DO NOTHING, tagged with a
  token of its own) and sends only those it wrote, so two dispatchers, a dispatcher overlapping
  itself, or a task delivered twice (acks_late) cannot send a second reminder;
- a retry claims queued rows with a conditional update (status queued -> sending), so only one
  worker wins each row;
- a worker killed mid-batch leaves rows in "sending"; after the lease the sweeper queues them
  again. They are resent with the same key (the Message-ID, the SMS idempotency key), so a
  provider or mail client that already has the message recognises it; the runner still has one
  reminder (one ledger row) for the day. A batch killed before its INSERT leaves nothing, and
  the next dispatcher run finds those runners still due.
Each batch costs a fixed number of queries, whatever its size.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from clinic.models import Channel, Delivery, DeliveryKind, DeliveryStatus
from clinic.notifications.timing import retry_delay
from clinic.notifications.transports import Outgoing, TransportError, transport_for

log = logging.getLogger(__name__)


@dataclass
class Composed:
    """What a kind's composer makes of one delivery: a message, or the reason not to send."""

    subject: str = ""
    text: str = ""
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    skip_reason: str = ""


def skip(reason: str) -> Composed:
    return Composed(skip_reason=reason)


Composer = Callable[[list[Delivery]], dict[int, Composed]]  # delivery pk -> what to send


@dataclass(frozen=True)
class Planned:
    """A message a dispatcher found due: who, for which local day, by what, about what."""

    runner_id: int
    local_date: datetime.date
    channel: str = Channel.EMAIL
    reference: str = ""

    def to_message(self) -> list:
        """What a Celery message carries: IDs, a date and a channel, never a health record."""
        return [self.runner_id, self.local_date.isoformat(), self.channel, self.reference]

    @classmethod
    def from_message(cls, row: list) -> "Planned":
        runner_id, day, channel, reference = row
        return cls(int(runner_id), datetime.date.fromisoformat(day), channel, reference)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def claim_planned(kind: str, planned: list[Planned], *, now: datetime.datetime) -> Q:
    """Write the ledger rows of a batch, already claimed for this caller: one INSERT ... ON
    CONFLICT DO NOTHING. A row that exists (another dispatcher, an earlier run of this task)
    keeps its owner; the rows this call wrote carry its token. Returns what selects them."""
    token = uuid.uuid4()
    Delivery.objects.bulk_create(
        [
            Delivery(
                runner_id=item.runner_id,
                kind=kind,
                local_date=item.local_date,
                reference=item.reference,
                channel=item.channel,
                status=DeliveryStatus.SENDING,
                attempts=1,
                claimed_at=now,
                claim_token=token,
            )
            for item in planned
        ],
        ignore_conflicts=True,
    )
    # Read back through the unique index (runner first), keeping only rows with our token.
    return Q(
        kind=kind,
        runner_id__in={item.runner_id for item in planned},
        local_date__in={item.local_date for item in planned},
        claim_token=token,
    )


def claim(ids: list[int], *, now: datetime.datetime) -> Q:
    """Claim queued rows (retries, swept rows) with a conditional update: a row another worker
    claimed first is no longer queued, so it is not ours. Returns what selects the rows won."""
    token = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        claim_token=token,
    )
    return Q(pk__in=ids, claim_token=token)


def send_planned(kind: str, planned: list[Planned], compose: "Composer") -> dict[str, int]:
    """Claim, compose, send and record a batch a dispatcher planned. Safe to run twice."""
    now = timezone.now()
    return _send_claimed(claim_planned(kind, planned, now=now), compose, now=now)


def send_batch(ids: list[int], compose: "Composer") -> dict[str, int]:
    """Claim, compose, send and record queued rows by ID. Safe to run twice with the same IDs."""
    now = timezone.now()
    return _send_claimed(claim(ids, now=now), compose, now=now)


def address_for(delivery: Delivery) -> str:
    """Where this message goes: the staff recipient's email, or the runner's email or phone."""
    if delivery.recipient_id:
        return delivery.recipient.email
    runner = delivery.runner
    if delivery.channel == Channel.SMS:
        return runner.phone.as_e164 if runner.phone and runner.phone.is_valid() else ""
    return runner.email


def _send_claimed(claimed: Q, compose: "Composer", *, now) -> dict[str, int]:
    deliveries = list(
        Delivery.objects.filter(claimed).select_related(
            "runner", "runner__location", "runner__reminder_preference", "recipient"
        )
    )
    if not deliveries:
        return {}
    composed = compose(deliveries)
    sent: list[int] = []
    settled: list[Delivery] = []  # skipped, failed or queued again for a retry
    transports = {}
    try:
        for delivery in deliveries:
            content = composed.get(delivery.pk) or skip("nothing to send")
            address = address_for(delivery)
            if not content.skip_reason and not address:
                content = skip(f"no {Channel(delivery.channel).label.lower()} address")
            if content.skip_reason:
                delivery.status, delivery.reason = DeliveryStatus.SKIPPED, content.skip_reason
                settled.append(delivery)
                continue
            if delivery.channel not in transports:
                transports[delivery.channel] = transport_for(delivery.channel)
            message = Outgoing(
                key=str(delivery.code),
                to=address,
                subject=content.subject,
                text=content.text,
                html=content.html,
                headers=content.headers,
                attachments=content.attachments,
            )
            try:
                transports[delivery.channel].send(message)
            except TransportError as error:
                _record_failure(delivery, error, now=now)
                settled.append(delivery)
            except Exception as error:  # noqa: BLE001 - one bad message must not lose the batch's record
                log.exception("delivery %s: unexpected error while sending", delivery.pk)
                _record_failure(
                    delivery, TransportError(f"{type(error).__name__}: {error}"), now=now
                )
                settled.append(delivery)
            else:
                sent.append(delivery.pk)
    finally:
        for transport in transports.values():
            transport.close()
    finished = timezone.now()
    if sent:  # the rows still carry this claim's token; only those sent are marked
        Delivery.objects.filter(pk__in=sent).update(
            status=DeliveryStatus.SENT, finished_at=finished, error=""
        )
    for delivery in settled:
        if delivery.status != DeliveryStatus.QUEUED:
            delivery.finished_at = finished
    if settled:
        Delivery.objects.bulk_update(
            settled, ["status", "reason", "error", "next_attempt_at", "finished_at"]
        )
    counts = defaultdict(int)
    counts["sent"] = len(sent)
    for delivery in settled:
        counts[delivery.status] += 1
    return dict(counts)


def _record_failure(delivery: Delivery, error: TransportError, *, now) -> None:
    delivery.error = str(error)[:2000]
    if error.retryable and delivery.attempts < settings.DELIVERY_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.QUEUED
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    else:
        delivery.status = DeliveryStatus.FAILED
    log.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)


def last_reminded(runner, kind: str = DeliveryKind.DAILY_EXERCISE) -> Delivery | None:
    return (
        Delivery.objects.filter(runner=runner, kind=kind, status=DeliveryStatus.SENT)
        .order_by("-finished_at")
        .first()
    )
