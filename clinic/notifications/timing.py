"""When a reminder is due: wall-clock rules in the runner's own time zone. Pure, no database.

A daily reminder is due once the runner's local clock has passed their chosen time on one of
their chosen weekdays. "Once a day" is keyed by the *local* date, never the server's, so:
- spring forward (02:00 jumps to 03:00): a 02:30 reminder never sees 02:30, but at 03:00 the
  local time has passed 02:30, so it goes then, once;
- fall back (01:00-02:00 happens twice): a 01:30 reminder is due at the first 01:30; the second
  01:30 falls on the same local date, which the ledger already holds, so it does not go again.
The ledger's unique (runner, kind, local date) makes the "once". The dispatcher applies the
rule in one query for every runner (clinic.notifications.preferences.due_for_daily_reminder),
with the wall clock of each zone in use worked out here; tests step it through both DST days.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

# Weekdays as a bitmask, Monday = bit 0 (Python's date.weekday()), so one small integer holds a
# runner's chosen days and the database can filter on it.
ALL_DAYS = 0b1111111
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class LocalMoment:
    date: datetime.date
    time: datetime.time
    weekday: int  # Monday = 0


def local_moment(now: datetime.datetime, zone: str) -> LocalMoment:
    """What the runner's wall clock shows at the aware instant `now`."""
    if now.tzinfo is None:
        raise ValueError("`now` must be an aware datetime")
    local = now.astimezone(zoneinfo.ZoneInfo(zone))
    return LocalMoment(
        date=local.date(), time=local.time().replace(tzinfo=None), weekday=local.weekday()
    )


def digest_due(now: datetime.datetime, zone: str, hour: int) -> datetime.date | None:
    """The local date whose daily digest is due at `now` for someone in `zone`: once their wall
    clock has passed `hour`:00, like a daily reminder (above); None before then.

    The ledger's unique (recipient, kind, local date) makes it once a local day, so the same
    DST days hold: a 02:00 digest goes at 03:00 when spring skips 02:00, and an hour repeated
    in the fall falls on a date already sent."""
    moment = local_moment(now, zone)
    return moment.date if moment.time >= datetime.time(hour) else None


def next_digest_day(now: datetime.datetime, zone: str, hour: int) -> datetime.date:
    """The local date of the first digest after `now` in `zone`: today's if it isn't due yet,
    else tomorrow's (what an alert raised at `now` waits for)."""
    moment = local_moment(now, zone)
    if moment.time < datetime.time(hour):
        return moment.date
    return moment.date + datetime.timedelta(days=1)


def days_mask(weekdays) -> int:
    """The bitmask for an iterable of weekday numbers (Monday = 0)."""
    mask = 0
    for day in weekdays:
        mask |= 1 << int(day)
    return mask


def weekdays_of(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


def masks_including(weekday: int) -> list[int]:
    """Every days-mask that contains `weekday`: lets the database filter with a plain IN."""
    bit = 1 << weekday
    return [mask for mask in range(1, ALL_DAYS + 1) if mask & bit]


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after a provider error: 1, 5, 25 minutes... short, so nothing waits on the broker
    long (a long countdown on Redis is redelivered after the visibility timeout)."""
    return datetime.timedelta(minutes=5 ** max(attempts - 1, 0))
