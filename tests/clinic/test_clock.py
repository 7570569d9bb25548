"""Local today: the date on the person's or the place's own clock, never the server's."""

from datetime import UTC, date, datetime

import pytest

from clinic.clock import day_asked, local_today


@pytest.mark.parametrize(
    ("zone", "now", "today"),
    [
        # 06:30 UTC on 3 March is still the evening of 2 March in Los Angeles...
        ("America/Los_Angeles", datetime(2026, 3, 3, 6, 30, tzinfo=UTC), date(2026, 3, 2)),
        # ...and already the morning of 3 March in London.
        ("Europe/London", datetime(2026, 3, 3, 6, 30, tzinfo=UTC), date(2026, 3, 3)),
        # Cary at 23:59 local (04:59 UTC the next day) is still the day before.
        ("America/New_York", datetime(2026, 11, 30, 4, 59, tzinfo=UTC), date(2026, 11, 29)),
        ("America/New_York", datetime(2026, 11, 30, 5, 0, tzinfo=UTC), date(2026, 11, 30)),
        # Spring forward in New York (8 March 2026): 06:59 UTC is 01:59 EST, 07:00 is 03:00 EDT.
        ("America/New_York", datetime(2026, 3, 8, 6, 59, tzinfo=UTC), date(2026, 3, 8)),
        # East of UTC the date turns first: 14:00 UTC is midnight in Sydney.
        ("Australia/Sydney", datetime(2026, 6, 1, 13, 59, tzinfo=UTC), date(2026, 6, 1)),
        ("Australia/Sydney", datetime(2026, 6, 1, 14, 0, tzinfo=UTC), date(2026, 6, 2)),
    ],
)
def test_local_today_is_the_date_on_that_zones_clock(zone, now, today):
    assert local_today(zone, now) == today


TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2026-12-07", date(2026, 12, 7)),
        ("2020-01-01", date(2020, 1, 1)),
        (None, TODAY),
        ("", TODAY),
        ("2026-02-30", TODAY),
        ("0001-01-01", TODAY),  # the week before year 1 doesn't exist
        ("9999-12-31", TODAY),  # nor the week after year 9999
        ("2026-13-01", TODAY),
        ("a\x00b", TODAY),
    ],
)
def test_day_asked_falls_back_to_today_when_malformed_or_absurd(raw, day):
    assert day_asked(raw, today=TODAY) == day
