"""A program's timeline: its last day, and which prescription version is in force on a day.

Pure, no Django. Every caller (Today, progress, the dashboard, logging, the daily reminder)
asks these two functions, so a day is judged by one rule everywhere.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol, TypeVar


class Dated(Protocol):
    effective_from: date


V = TypeVar("V", bound=Dated)


def last_day(start: date, length_weeks: int, ended_on: date | None = None) -> date:
    """The program's last day, inclusive: the day it was ended early, else `length_weeks`
    weeks after the start (a 6-week program starting on a Monday ends on a Sunday)."""
    return ended_on or start + timedelta(weeks=length_weeks) - timedelta(days=1)


def in_force_on(versions: Iterable[V], day: date) -> V | None:
    """The version in force on `day`: of those starting on or before it, the one that starts
    latest; of several starting the same day, the one made last. Versions that start on the
    same day must come in the order they were made (by id); otherwise any order."""
    found = None
    for version in versions:
        if version.effective_from <= day and (
            found is None or version.effective_from >= found.effective_from
        ):
            found = version
    return found
