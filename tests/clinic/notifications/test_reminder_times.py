"""When a daily reminder is due, on the runner's wall clock, including both daylight-saving days.

These run the dispatcher production runs each minute (programs' daily reminder through the
ledger), stepping the clock through the day, and read what was sent.
"""

import datetime
from datetime import UTC

import pytest

from clinic.models import Delivery, DeliveryStatus
from clinic.notifications.timing import (
    days_mask,
    local_moment,
    masks_including,
    retry_delay,
    weekdays_of,
)
from tests.clinic.notifications.factories import on_program, prefer

NY = "America/New_York"


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def runner_on_program(cast):
    """Runner A in New York, on a program that runs through every day these tests step over."""
    cast.runner_a.time_zone = NY
    cast.runner_a.save(update_fields=["time_zone"])
    on_program(cast.runner_a, start=datetime.date(2026, 2, 23), weeks=52)
    return cast.runner_a


@pytest.fixture
def sends_between(dispatch):
    """Run the dispatcher every `step` from `first` for `hours`; the moments a reminder went."""

    def run(first, *, hours, step=datetime.timedelta(minutes=5)):
        sends, moment = [], first
        while moment < first + datetime.timedelta(hours=hours):
            if dispatch(moment):
                sends.append(moment)
            moment += step
        return sends

    return run


def test_reminder_is_due_once_local_time_has_passed(runner_on_program, dispatch):
    prefer(runner_on_program, remind_at=datetime.time(18, 0))
    assert dispatch(utc(2026, 6, 1, 21, 59)) == 0  # 17:59 EDT
    assert dispatch(utc(2026, 6, 1, 22, 0)) == 1  # 18:00 EDT
    assert Delivery.objects.get().local_date == datetime.date(2026, 6, 1)


def test_local_date_is_the_runners_not_the_servers(runner_on_program, dispatch):
    runner_on_program.time_zone = "America/Los_Angeles"
    runner_on_program.save(update_fields=["time_zone"])
    prefer(runner_on_program, remind_at=datetime.time(18, 0))
    # 02:00 UTC on 2 June is still the evening of 1 June in Los Angeles.
    assert dispatch(utc(2026, 6, 2, 2, 0)) == 1
    assert Delivery.objects.get().local_date == datetime.date(2026, 6, 1)


def test_spring_forward_reminder_in_the_skipped_hour_goes_once_at_three(
    runner_on_program, sends_between
):
    # 8 March 2026: New York clocks jump from 01:59:59 EST to 03:00 EDT, so 02:30 never happens.
    prefer(runner_on_program, remind_at=datetime.time(2, 30))
    sends = sends_between(utc(2026, 3, 8, 5, 0), hours=23)  # from local midnight
    assert sends == [utc(2026, 3, 8, 7, 0)]  # 03:00 EDT, the first moment past 02:30


def test_fall_back_reminder_in_the_repeated_hour_goes_once(runner_on_program, sends_between):
    # 1 November 2026 has 25 hours in New York: 01:00-01:59 happens twice, EDT then EST.
    prefer(runner_on_program, remind_at=datetime.time(1, 30))
    sends = sends_between(utc(2026, 11, 1, 4, 0), hours=25)
    assert sends == [utc(2026, 11, 1, 5, 30)]  # the first 01:30 (EDT), not the second
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 1


def test_reminder_goes_once_a_day_every_day_across_a_dst_change(runner_on_program, sends_between):
    # Friday 6 to Monday 9 March 2026, from 07:00 local each morning: the clocks change Sunday.
    prefer(runner_on_program, remind_at=datetime.time(18, 0))
    sends = sends_between(utc(2026, 3, 6, 12, 0), hours=96, step=datetime.timedelta(minutes=15))
    assert [local_moment(s, NY).date.day for s in sends] == [6, 7, 8, 9]
    assert {local_moment(s, NY).time for s in sends} == {datetime.time(18, 0)}


def test_reminder_is_not_due_on_a_day_the_runner_did_not_pick(runner_on_program, dispatch):
    prefer(runner_on_program, remind_at=datetime.time(18, 0), days=days_mask(range(5)))
    saturday_evening = utc(2026, 6, 6, 23, 0)
    assert dispatch(saturday_evening) == 0
    prefer(runner_on_program, days=days_mask(range(7)))
    assert dispatch(saturday_evening) == 1


def test_weekday_masks_round_trip_and_cover_every_choice_with_that_day():
    assert weekdays_of(days_mask([0, 2, 6])) == [0, 2, 6]
    tuesday_masks = masks_including(1)
    assert len(tuesday_masks) == 64
    assert all(mask & 0b10 for mask in tuesday_masks)


def test_retry_back_off_grows_and_stays_short():
    delays = [retry_delay(n) for n in (1, 2, 3)]
    assert delays == sorted(delays)
    assert delays[-1] < datetime.timedelta(hours=1)  # below the broker's visibility timeout
