import datetime
from datetime import UTC

import pytest

from clinic.notifications.transports.sms import RecordingSmsProvider
from programs.daily_reminder import dispatch_daily_reminders

# Wednesday 3 June 2026, 19:00 in New York: past the default 18:00 reminder.
EVENING = datetime.datetime(2026, 6, 3, 23, 0, tzinfo=UTC)
TODAY = datetime.date(2026, 6, 3)


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Run the daily dispatcher at `now` and its (eager) send tasks once the rows are committed."""

    def run(now=EVENING):
        with django_capture_on_commit_callbacks(execute=True):
            return dispatch_daily_reminders(now=now)

    return run


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    RecordingSmsProvider.outbox.clear()
    yield
    RecordingSmsProvider.outbox.clear()
