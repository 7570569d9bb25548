"""When a daily reminder is due, on the runner's wall clock, including both daylight-saving days."""

import datetime
from datetime import UTC

from clinic.notifications.timing import (
    ALL_DAYS,
    days_mask,
    due_local_date,
    local_moment,
    masks_including,
    retry_delay,
    weekdays_of,
)

NY = "America/New_York"


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def sends_over_a_day(first_utc, zone, remind_at, *, step_minutes=1, hours=30):
    """Run the dispatcher rule every `step_minutes` with a ledger of local dates; return sends."""
    ledger, sends = set(), []
    moment = first_utc
    while moment < first_utc + datetime.timedelta(hours=hours):
        day = due_local_date(moment, zone=zone, remind_at=remind_at)
        if day is not None and day not in ledger:
            ledger.add(day)
            sends.append(moment)
        moment += datetime.timedelta(minutes=step_minutes)
    return sends


def test_reminder_is_due_once_local_time_has_passed():
    at = datetime.time(18, 0)
    assert due_local_date(utc(2026, 6, 1, 21, 59), zone=NY, remind_at=at) is None
    assert due_local_date(utc(2026, 6, 1, 22, 0), zone=NY, remind_at=at) == datetime.date(
        2026, 6, 1
    )


def test_local_date_is_the_runners_not_the_servers():
    # 02:00 UTC on 2 June is still the evening of 1 June in Los Angeles.
    assert local_moment(utc(2026, 6, 2, 2, 0), "America/Los_Angeles").date == datetime.date(
        2026, 6, 1
    )
    assert due_local_date(
        utc(2026, 6, 2, 2, 0), zone="America/Los_Angeles", remind_at=datetime.time(18, 0)
    ) == datetime.date(2026, 6, 1)


def test_spring_forward_reminder_in_the_skipped_hour_goes_once_at_three():
    # From local midnight, 8 March 2026: New York clocks jump from 01:59:59 EST to 03:00 EDT,
    # so 02:30 never happens.
    sends = sends_over_a_day(utc(2026, 3, 8, 5, 0), NY, datetime.time(2, 30), hours=23)
    assert len(sends) == 1
    assert sends[0] == utc(2026, 3, 8, 7, 0)  # 03:00 EDT, the first minute past 02:30


def test_fall_back_reminder_in_the_repeated_hour_goes_once():
    # The whole of 1 November 2026 (25 hours): 01:00-01:59 happens twice, EDT then EST.
    sends = sends_over_a_day(utc(2026, 11, 1, 4, 0), NY, datetime.time(1, 30), hours=25)
    assert sends == [utc(2026, 11, 1, 5, 30)]  # the first 01:30 (EDT)


def test_reminder_goes_once_a_day_every_day_across_a_dst_change():
    # Friday 6 to Monday 9 March 2026, from 07:00 local each morning: the clocks change on Sunday.
    sends = sends_over_a_day(utc(2026, 3, 6, 12, 0), NY, datetime.time(18, 0), hours=96)
    assert [local_moment(s, NY).date.day for s in sends] == [6, 7, 8, 9]
    assert {local_moment(s, NY).time for s in sends} == {datetime.time(18, 0)}


def test_reminder_is_not_due_on_a_day_the_runner_did_not_pick():
    weekdays_only = days_mask(range(5))
    saturday_evening = utc(2026, 6, 6, 23, 0)
    assert (
        due_local_date(
            saturday_evening, zone=NY, remind_at=datetime.time(18, 0), days=weekdays_only
        )
        is None
    )
    assert due_local_date(
        saturday_evening, zone=NY, remind_at=datetime.time(18, 0), days=ALL_DAYS
    ) == datetime.date(2026, 6, 6)


def test_weekday_masks_round_trip_and_cover_every_choice_with_that_day():
    assert weekdays_of(days_mask([0, 2, 6])) == [0, 2, 6]
    tuesday_masks = masks_including(1)
    assert len(tuesday_masks) == 64
    assert all(mask & 0b10 for mask in tuesday_masks)


def test_retry_back_off_grows_and_stays_short():
    delays = [retry_delay(n) for n in (1, 2, 3)]
    assert delays == sorted(delays)
    assert delays[-1] < datetime.timedelta(hours=1)  # below the broker's visibility timeout
