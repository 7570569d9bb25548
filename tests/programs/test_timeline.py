"""A program's last day and the version in force on a day: one rule for every page and message."""

from dataclasses import dataclass
from datetime import date

import pytest

from programs.timeline import in_force_on, last_day

MON = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("start", "weeks", "ended_on", "last"),
    [
        (MON, 6, None, date(2026, 4, 12)),  # six weeks from a Monday end on a Sunday
        (MON, 1, None, date(2026, 3, 8)),
        (date(2026, 2, 25), 1, None, date(2026, 3, 3)),  # across the end of February
        (MON, 6, date(2026, 3, 20), date(2026, 3, 20)),  # ended early: that day is the last
        (MON, 6, MON, MON),  # ended on its first day
    ],
)
def test_a_programs_last_day(start, weeks, ended_on, last):
    assert last_day(start, weeks, ended_on) == last


@dataclass(frozen=True)
class V:
    name: str
    effective_from: date


FIRST = V("first", date(2026, 3, 2))
TUNED = V("tuned", date(2026, 3, 16))
SAME_DAY_FIX = V("same-day fix", date(2026, 3, 16))  # made after TUNED, same start
BACKDATED = V("backdated", date(2026, 3, 9))  # made last, but starts before TUNED


@pytest.mark.parametrize(
    ("versions", "day", "in_force"),
    [
        ([FIRST], date(2026, 3, 1), None),  # before anything starts
        ([FIRST], date(2026, 3, 2), "first"),  # from its first day
        ([FIRST, TUNED], date(2026, 3, 15), "first"),
        ([FIRST, TUNED], date(2026, 3, 16), "tuned"),  # a later start takes over that day
        ([FIRST, TUNED, SAME_DAY_FIX], date(2026, 3, 16), "same-day fix"),  # made last wins
        ([FIRST, TUNED, BACKDATED], date(2026, 3, 12), "backdated"),
        ([FIRST, TUNED, BACKDATED], date(2026, 3, 20), "tuned"),  # latest start, not last made
        ([TUNED, FIRST], date(2026, 3, 20), "tuned"),  # order of starts doesn't matter
    ],
)
def test_the_version_in_force_on_a_day(versions, day, in_force):
    found = in_force_on(versions, day)
    assert (found.name if found else None) == in_force
