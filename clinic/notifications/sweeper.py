"""The sweeper, run after the dispatchers every minute: a message left in flight by a dead
worker goes back to the queue once its lease is over, and queued rows whose time has come (a
retry after back-off, a killed batch's rest whose hold ran out, a row whose task message was
lost) are handed to workers again."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.models import Delivery, DeliveryStatus
from clinic.notifications.ledger import chunks, hold, lease
from clinic.notifications.tasks import send_deliveries


def sweep(*, now: datetime.datetime | None = None, limit: int = 20_000) -> int:
    """Returns how many queued rows it handed to workers."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease())
    stale.filter(attempts__gte=settings.DELIVERY_MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED,
        error="The worker stopped while sending, too many times; gave up.",
        finished_at=now,
    )
    stale.update(
        status=DeliveryStatus.QUEUED,
        next_attempt_at=now,
        error="The worker stopped while sending; sent again with the same message ID.",
    )
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", "kind")[:limit]
        )
        if not due:
            return 0
        # Not handed out again until the task had its chance to hold them.
        Delivery.objects.filter(pk__in=[pk for pk, _ in due]).update(next_attempt_at=now + hold())
        by_kind = defaultdict(list)
        for pk, kind in due:
            by_kind[kind].append(pk)
        for kind, ids in by_kind.items():
            for batch in chunks(sorted(ids), settings.REMINDER_BATCH_SIZE):
                send_deliveries.delay_on_commit(kind, batch)
    return len(due)
