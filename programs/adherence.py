"""Adherence arithmetic: pure functions over plain data, no database.

Adherence % = sets logged ÷ sets prescribed for the period × 100, per day, week and program, and
active days = days with at least one logged set (docs/domain.md §5; no gold standard exists, so the
measure is kept plain). Practice rules on top of that:

- A day is judged against the prescription version in force that day (edits never rewrite the past).
- Sets of one exercise count up to what was due for it that day: ten extra wall squats do not make
  up for a skipped side lunge, and a day can't pass 100 %.
- A program of fewer than 7 days a week expects `days_per_week / 7` of a full day on each calendar
  day over a week or more, so a runner prescribed 5 days who does 5 full days scores 100 %.
  A single day is judged against the full day's sets.
- Nothing is due before the start, after the last day, while paused, or after "today".
- Days are the runner's own local dates (their time zone), never the server's.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from programs.timeline import in_force_on

# Practice rule: the dashboard flags pain after exercise of 5 or more out of 10 (issue 4).
PAIN_FLAG_AT = 5
# Practice rule: "well below their own earlier rate" = the last 7 days at least 20 points under
# the 23 days before them (docs/domain.md §5: the source asks for the flag, not a threshold).
FALLING_POINTS = 20
RECENT_DAYS = 7
MONTH_DAYS = 30

# exercise id -> sets due in a day; and day -> exercise id -> sets logged
SetsByExercise = Mapping[int, int]
LogsByDay = Mapping[date, Mapping[int, int]]


@dataclass(frozen=True)
class Version:
    """One dated version of a program's prescription, reduced to what adherence needs."""

    effective_from: date
    sets_due: SetsByExercise
    days_per_week: int = 7
    paused: bool = False

    @property
    def daily_sets(self) -> int:
        return 0 if self.paused else sum(self.sets_due.values())


@dataclass(frozen=True)
class Plan:
    """A program's dates and its versions in the order they were made."""

    start: date
    last_day: date
    versions: tuple[Version, ...] = field(default_factory=tuple)

    def version_on(self, day: date) -> Version | None:
        """The version in force on `day`: the last one made whose start is on or before it."""
        if not self.start <= day <= self.last_day:
            return None
        return in_force_on(self.versions, day)


@dataclass(frozen=True)
class Adherence:
    logged: int
    prescribed: float

    @property
    def percent(self) -> int | None:
        """Whole percent, capped at 100; None when nothing was due (no score, not zero)."""
        if self.prescribed <= 0:
            return None
        return round(min(1.0, self.logged / self.prescribed) * 100)


def week_start(day: date) -> date:
    """Weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def counted_sets(due: SetsByExercise, logged: Mapping[int, int]) -> int:
    """Logged sets that count: per exercise, no more than were due."""
    return sum(min(logged.get(exercise, 0), sets) for exercise, sets in due.items())


def day_adherence(plan: Plan, logs: LogsByDay, day: date) -> Adherence:
    version = plan.version_on(day)
    if version is None or version.paused:
        return Adherence(logged=0, prescribed=0)
    return Adherence(
        logged=counted_sets(version.sets_due, logs.get(day, {})), prescribed=version.daily_sets
    )


def period_adherence(plan: Plan, logs: LogsByDay, first: date, last: date) -> Adherence:
    """Adherence over `first`..`last` inclusive, clipped to the program's own dates."""
    first, last = max(first, plan.start), min(last, plan.last_day)
    logged, prescribed = 0, 0.0
    day = first
    while day <= last:
        version = plan.version_on(day)
        if version is not None and not version.paused:
            logged += counted_sets(version.sets_due, logs.get(day, {}))
            prescribed += version.daily_sets * version.days_per_week / 7
        day += timedelta(days=1)
    return Adherence(logged=logged, prescribed=prescribed)


def week_adherence(plan: Plan, logs: LogsByDay, day: date, today: date) -> Adherence:
    """The Monday-to-Sunday week holding `day`, up to today."""
    monday = week_start(day)
    return period_adherence(plan, logs, monday, min(monday + timedelta(days=6), today))


def program_adherence(plan: Plan, logs: LogsByDay, today: date) -> Adherence:
    return period_adherence(plan, logs, plan.start, today)


def last_days_adherence(plan: Plan, logs: LogsByDay, today: date, days: int) -> Adherence:
    """The `days` days ending today (today included, so a set logged now moves it at once)."""
    return period_adherence(plan, logs, today - timedelta(days=days - 1), today)


def active_days(log_days: Iterable[date], today: date, window: int = MONTH_DAYS) -> int:
    """Days with at least one logged set among the `window` days ending today."""
    first = today - timedelta(days=window - 1)
    return len({day for day in log_days if first <= day <= today})


def streak(log_days: Iterable[date], today: date) -> int:
    """Consecutive days with a logged set, up to today; today not logged yet doesn't break it."""
    days = set(log_days)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def weekly_series(
    plan: Plan, logs: LogsByDay, today: date, weeks: int = 8
) -> list[tuple[date, int | None]]:
    """(Monday, percent) for the last `weeks` weeks that overlap the program, oldest first."""
    this_monday = week_start(today)
    series = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(weeks=back)
        if monday + timedelta(days=6) < plan.start or monday > plan.last_day:
            continue
        series.append((monday, week_adherence(plan, logs, monday, today).percent))
    return series


def daily_series(
    plan: Plan, logs: LogsByDay, today: date, days: int = MONTH_DAYS
) -> list[tuple[date, int | None]]:
    """(day, percent) for each of the `days` days ending today, oldest first."""
    return [
        (day, day_adherence(plan, logs, day).percent)
        for day in (today - timedelta(days=back) for back in range(days - 1, -1, -1))
    ]


def is_falling(plan: Plan, logs: LogsByDay, today: date) -> bool:
    """The last 7 days fell well below the runner's own rate over the 23 days before them."""
    recent = last_days_adherence(plan, logs, today, RECENT_DAYS).percent
    earlier_last = today - timedelta(days=RECENT_DAYS)
    earlier = period_adherence(
        plan, logs, earlier_last - timedelta(days=MONTH_DAYS - RECENT_DAYS - 1), earlier_last
    ).percent
    if recent is None or earlier is None:
        return False
    return earlier - recent >= FALLING_POINTS


def pain_flag(pain_scores: Iterable[int]) -> bool:
    return any(score >= PAIN_FLAG_AT for score in pain_scores)
