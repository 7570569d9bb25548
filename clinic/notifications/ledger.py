"""The delivery ledger's services: write, hold, take, send, record. Shaped on healthchecks'
sendalerts and Notification: the row exists and is committed before anything is sent.

A row's life:
    queued, held by a batch  ->  sending (this one message, in flight)  ->  sent | skipped | failed
                                                                       \\->  queued (retry later)

- **Once per person, kind, local day and reference**: the database's unique constraints. A
  dispatcher's batch writes its rows with one INSERT ... ON CONFLICT DO NOTHING, tagged with a
  token of its own, and works only on the rows carrying its token; a retry task tags queued rows
  the same way (`hold`). Two dispatchers, an overlapping run or a task delivered twice
  (acks_late) find the rows taken.
- **Held, not in flight**: a batch's rows wait in "queued" with its token and a short hold
  (DELIVERY_HOLD_SECONDS, renewed while the batch runs). Each row is *taken* into "sending" by a
  conditional update just before its send, and recorded as soon as the send returns, in the same
  statement that takes the next row: one UPDATE per message. So at any instant a worker process
  has at most one row in "sending": the one it is handing over.
- **A worker killed at any instant** (SIGKILL, power loss) leaves
  - rows already recorded: done, never sent again;
  - at most one row per process in "sending": it may or may not have reached the provider. The
    sweeper returns it to the queue after DELIVERY_LEASE_SECONDS and it goes again with the same
    key (Message-ID, provider idempotency key, status-callback address): the only messages that
    can go twice, at most the worker's concurrency;
  - the rest of the batch still queued: its hold runs out within DELIVERY_HOLD_SECONDS and the
    next sweep (every minute) hands it to another worker. Taking is conditional on the token and
    on "queued", so a slow batch and the task that picked up its rows never both send one.
- The lease for a row in flight outlives any send: transports time out well before it
  (EMAIL_TIMEOUT, the HTTP clients' timeouts), so a live send is never swept and resent.

On Postgres the per-message updates commit asynchronously (synchronous_commit off for the
batch): a worker that dies loses nothing (the server has the commit); only a crash of the database
server itself could forget the last fraction of a second of records, and those rows would go again
under their own key. That is what makes 100,000 reminders a minute affordable
(docs/performance.md): a flushed commit per message costs milliseconds here.
"""

import datetime
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from clinic.models import Channel, Delivery, DeliveryKind, DeliveryStatus, Suppression
from clinic.notifications import addresses
from clinic.notifications.kinds import Composed, Composer, skip
from clinic.notifications.timing import retry_delay
from clinic.notifications.transports import Outgoing, TransportError, transport_for

log = logging.getLogger(__name__)

__all__ = ["Composed", "Planned", "send_batch", "send_planned", "skip"]


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
    """How long a row may stay in "sending" (one message in flight) before it is taken as lost."""
    return datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


def hold() -> datetime.timedelta:
    """How long a batch keeps its not-yet-sent rows without renewing the hold."""
    return datetime.timedelta(seconds=settings.DELIVERY_HOLD_SECONDS)


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def claim_planned(kind: str, planned: list[Planned], *, now: datetime.datetime) -> uuid.UUID:
    """Write the ledger rows of a batch, held by a fresh token: one INSERT ... ON CONFLICT DO
    NOTHING. A row that exists (another dispatcher, an earlier run of this task) keeps its
    owner; only the rows this call wrote carry the token it returns."""
    token = uuid.uuid4()
    Delivery.objects.bulk_create(
        [
            Delivery(
                runner_id=item.runner_id,
                kind=kind,
                local_date=item.local_date,
                reference=item.reference,
                channel=item.channel,
                status=DeliveryStatus.QUEUED,
                next_attempt_at=now + hold(),
                claim_token=token,
            )
            for item in planned
        ],
        ignore_conflicts=True,
    )
    return token


def claim(ids: list[int], *, now: datetime.datetime) -> uuid.UUID:
    """Hold queued rows (retries, swept rows) for this caller. A row another task holds may be
    held again here: whoever *takes* it first (queued -> sending, conditional) sends it, the
    other finds it gone, so no row goes twice."""
    token = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED).update(
        claim_token=token, next_attempt_at=now + hold()
    )
    return token


def send_planned(kind: str, planned: list[Planned], compose: Composer) -> dict[str, int]:
    """Write, compose, send and record a batch a dispatcher planned. Safe to run twice."""
    now = timezone.now()
    token = claim_planned(kind, planned, now=now)
    held = Q(
        kind=kind,
        runner_id__in={item.runner_id for item in planned},
        local_date__in={item.local_date for item in planned},
        claim_token=token,
    )  # read back through the unique index (runner first), keeping only our rows
    return _send_held(held, token, compose)


def send_batch(ids: list[int], compose: Composer) -> dict[str, int]:
    """Hold, compose, send and record queued rows by ID. Safe to run twice with the same IDs."""
    token = claim(ids, now=timezone.now())
    return _send_held(Q(pk__in=ids, claim_token=token), token, compose)


def _send_held(held: Q, token: uuid.UUID, compose: Composer) -> dict[str, int]:
    deliveries = list(
        Delivery.objects.filter(held, status=DeliveryStatus.QUEUED)
        .select_related("runner", "runner__location", "runner__reminder_preference", "recipient")
        .order_by("pk")
    )
    if not deliveries:
        return {}
    composed = compose(deliveries)
    suppressed = suppressed_hashes(deliveries)
    counts: dict[str, int] = defaultdict(int)
    skipped: list[Delivery] = []
    transports = {}
    with fast_commits():
        recorder = Recorder(token)
        try:
            for delivery in deliveries:
                content = composed.get(delivery.pk) or skip("nothing to send")
                address = addresses.address_for(delivery)
                reason = content.skip_reason or addresses.problem(delivery.channel, address)
                if not reason and addresses.digest(address) in suppressed:
                    reason = addresses.SUPPRESSED
                if reason:
                    delivery.status, delivery.reason = DeliveryStatus.SKIPPED, reason[:200]
                    skipped.append(delivery)
                    continue
                if not recorder.take(delivery):
                    continue  # another task took it first (it had been swept); it sends it
                if delivery.channel not in transports:
                    transports[delivery.channel] = transport_for(delivery.channel)
                outcome = _send_one(transports[delivery.channel], delivery, content, address)
                recorder.done(delivery, outcome)
                counts[outcome.status] += 1
        finally:
            recorder.flush()
            for transport in transports.values():
                transport.close()
    if skipped:  # nothing was sent for these, so they are written together
        finished = timezone.now()
        for delivery in skipped:
            delivery.finished_at = finished
        Delivery.objects.bulk_update(skipped, ["status", "reason", "finished_at"])
        counts[DeliveryStatus.SKIPPED] += len(skipped)
    return dict(counts)


@dataclass
class Outcome:
    status: str
    error: str = ""
    provider_id: str = ""
    retry_at: datetime.datetime | None = None


def _send_one(transport, delivery: Delivery, content: Composed, address: str) -> Outcome:
    sms = delivery.channel == Channel.SMS
    message = Outgoing(
        key=str(delivery.code),
        to=address,
        subject=content.subject,
        text=(content.sms or content.text) if sms else content.text,
        html="" if sms else content.html,
        headers=content.headers,
        attachments=[] if sms else content.attachments,
    )
    try:
        provider_id = transport.send(message) or ""
    except TransportError as error:
        return _failure(delivery, error)
    except Exception as error:  # noqa: BLE001 - one bad message must not lose the batch's record
        log.exception("delivery %s: unexpected error while sending", delivery.pk)
        return _failure(delivery, TransportError(f"{type(error).__name__}: {error}"))
    return Outcome(DeliveryStatus.SENT, provider_id=provider_id[:200])


def _failure(delivery: Delivery, error: TransportError) -> Outcome:
    attempts = delivery.attempts + 1  # taking the row counted this attempt in the database
    log.warning("delivery %s failed (attempt %s): %s", delivery.pk, attempts, error)
    if error.retryable and attempts < settings.DELIVERY_MAX_ATTEMPTS:
        retry_at = timezone.now() + retry_delay(attempts)
        return Outcome(DeliveryStatus.QUEUED, error=str(error)[:2000], retry_at=retry_at)
    return Outcome(DeliveryStatus.FAILED, error=str(error)[:2000])


class Recorder:
    """Takes each row into "sending" just before its send and records the previous row's outcome
    in the same UPDATE, so a batch costs one statement per message and at most one row of it is
    ever in flight. Renews the hold on the batch's rows still waiting every third of the hold."""

    def __init__(self, token: uuid.UUID):
        self.token = token
        self.pending: tuple[Delivery, Outcome] | None = None
        self.renewed = time.monotonic()

    def take(self, delivery: Delivery) -> bool:
        self._renew_hold()
        taken = _advance(self.token, done=self.pending, take=delivery.pk)
        self.pending = None
        return taken

    def done(self, delivery: Delivery, outcome: Outcome) -> None:
        self.pending = (delivery, outcome)

    def flush(self) -> None:
        if self.pending is not None:
            _advance(self.token, done=self.pending, take=None)
            self.pending = None

    def _renew_hold(self) -> None:
        if time.monotonic() - self.renewed < settings.DELIVERY_HOLD_SECONDS / 3:
            return
        Delivery.objects.filter(claim_token=self.token, status=DeliveryStatus.QUEUED).update(
            next_attempt_at=timezone.now() + hold()
        )
        self.renewed = time.monotonic()


_ADVANCE = """
UPDATE {table} SET
    status = CASE WHEN id = %(done)s THEN %(outcome)s ELSE %(sending)s END,
    error = CASE WHEN id = %(done)s THEN %(error)s ELSE error END,
    provider_id = CASE WHEN id = %(done)s THEN %(provider_id)s ELSE provider_id END,
    next_attempt_at = CASE WHEN id = %(done)s THEN %(retry_at)s ELSE next_attempt_at END,
    finished_at = CASE WHEN id = %(done)s THEN %(finished_at)s ELSE finished_at END,
    claimed_at = CASE WHEN id = %(done)s THEN claimed_at ELSE %(now)s END,
    attempts = CASE WHEN id = %(done)s THEN attempts ELSE attempts + 1 END
WHERE claim_token = %(token)s
  AND ((id = %(done)s AND status = %(sending)s) OR (id = %(take)s AND status = %(queued)s))
RETURNING id
"""


def _advance(token: uuid.UUID, *, done: tuple[Delivery, Outcome] | None, take: int | None) -> bool:
    """Record `done`'s outcome and take row `take` into "sending", in one statement. Both are
    conditional on this batch's token; returns whether `take` is now ours to send."""
    now = timezone.now()
    delivery, outcome = done if done else (None, Outcome(DeliveryStatus.SENT))
    field = Delivery._meta.get_field
    finished = outcome.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED)
    params = {
        "done": delivery.pk if delivery else None,
        "take": take,
        "outcome": outcome.status,
        "error": outcome.error,
        "provider_id": outcome.provider_id,
        "retry_at": field("next_attempt_at").get_db_prep_value(outcome.retry_at, connection),
        "finished_at": field("finished_at").get_db_prep_value(
            now if finished else None, connection
        ),
        "now": field("claimed_at").get_db_prep_value(now, connection),
        "token": field("claim_token").get_db_prep_value(token, connection),
        "sending": DeliveryStatus.SENDING,
        "queued": DeliveryStatus.QUEUED,
    }
    with _server_bound_cursor() as cursor:
        cursor.execute(_ADVANCE.format(table=Delivery._meta.db_table), params)
        changed = {row[0] for row in cursor.fetchall()}
    return take is not None and take in changed


def _server_bound_cursor():
    """On Postgres, a cursor that prepares the per-message UPDATE once and then sends only its
    parameters, instead of quoting every value into the SQL in Python as Django's own
    (client-binding) cursors do: 0.07 ms less CPU a message. Still wrapped by Django, so query
    logging and counting see it."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    return connection._prepare_cursor(_Prepared(psycopg.Cursor(connection.connection)))


class _Prepared:
    """A psycopg cursor (server-side binding) whose statements are prepared on the server."""

    def __init__(self, cursor: psycopg.Cursor):
        self._cursor = cursor

    def execute(self, sql, params=None):
        return self._cursor.execute(sql, params, prepare=True)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


@contextmanager
def fast_commits():
    """Postgres: the batch's per-message records commit without waiting for the disk flush
    (see the module's docstring for what that costs and why it is safe against worker crashes).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def suppressed_hashes(deliveries: list[Delivery]) -> set[str]:
    """Which of the batch's addresses a provider has told us are dead: one query."""
    digests = {addresses.digest(addresses.address_for(d)) for d in deliveries}
    digests.discard("")
    if not digests:
        return set()
    return set(
        Suppression.objects.filter(address_hash__in=digests).values_list("address_hash", flat=True)
    )


def suppress(address: str, *, channel: str, reason: str, delivery: Delivery | None = None) -> None:
    """Never send to `address` again (a hard bounce, a complaint, a dead number)."""
    digest = addresses.digest(address)
    if digest:
        Suppression.objects.get_or_create(
            address_hash=digest,
            defaults={"channel": channel, "reason": reason[:200], "delivery": delivery},
        )


def last_reminded(runner, kind: str = DeliveryKind.DAILY_EXERCISE) -> Delivery | None:
    return (
        Delivery.objects.filter(runner=runner, kind=kind, status=DeliveryStatus.SENT)
        .order_by("-finished_at")
        .first()
    )
