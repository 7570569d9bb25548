"""The one beat entry's work: every kind sent on the clock finds what is due, then the sweeper
runs. Each dispatcher queues batch tasks; each batch writes and claims its own ledger rows."""

import datetime
import logging

from django.utils import timezone

from clinic.notifications import kinds
from clinic.notifications.sweeper import sweep

log = logging.getLogger(__name__)


def dispatch_all(*, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    for name, dispatch in kinds.dispatchers():
        try:
            dispatch(now=now)
        except Exception:  # one broken dispatcher must not stop the others or the sweeper
            log.exception("dispatcher for %s failed", name)
    sweep(now=now)
