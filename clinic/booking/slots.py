"""Open slots: pure rules, no database. Everything here takes and returns aware datetimes.

A clinician's week is wall-clock hours in the location's time zone ("Tuesdays 9:00–17:00 in
Cary"). Each day those hours become real moments in that zone, so the clinic opens at 9:00
local time on both sides of a clock change, and a block spanning the change is as long as the
clock says it is in real time (an hour shorter or longer). Slots are then cut from the working
time that is left after time off and existing appointments, within the notice and the horizon.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

UTC = datetime.UTC


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of real time, [start, end)."""

    start: datetime.datetime
    end: datetime.datetime

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class WeeklyHours:
    weekday: int  # Monday is 0, as datetime.date.weekday()
    start: datetime.time
    end: datetime.time


def wall_clock(day: datetime.date, at: datetime.time, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """The real moment the clock on the wall shows `at` on `day`, in UTC.

    In the spring gap (2:30 never shows) the time is pushed forward by the gap, to 3:30, as
    calendars do; in the autumn overlap (1:30 shows twice) it is the first of the two (fold=0).
    """
    return datetime.datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def local_day_span(day: datetime.date, tz: zoneinfo.ZoneInfo) -> Span:
    """The whole local day, midnight to midnight (23 or 25 hours on a clock change)."""
    return Span(
        wall_clock(day, datetime.time(0), tz),
        wall_clock(day + datetime.timedelta(days=1), datetime.time(0), tz),
    )


def subtract(spans: Iterable[Span], holes: Iterable[Span]) -> list[Span]:
    """`spans` with every moment of `holes` taken out."""
    result = sorted(spans)
    for hole in sorted(holes):
        pieces = []
        for span in result:
            if not span.overlaps(hole):
                pieces.append(span)
                continue
            if span.start < hole.start:
                pieces.append(Span(span.start, hole.start))
            if hole.end < span.end:
                pieces.append(Span(hole.end, span.end))
        result = pieces
    return result


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans joined into one."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def working_spans(
    day: datetime.date,
    tz: zoneinfo.ZoneInfo,
    weekly: Iterable[WeeklyHours],
    *,
    extra: Iterable[Span] = (),
    time_off: Iterable[Span] = (),
) -> list[Span]:
    """When a clinician works on `day` at one location: usual hours plus extra, less time off."""
    spans = [
        Span(wall_clock(day, hours.start, tz), wall_clock(day, hours.end, tz))
        for hours in weekly
        if hours.weekday == day.weekday()
    ]
    whole_day = local_day_span(day, tz)
    spans += [
        Span(max(span.start, whole_day.start), min(span.end, whole_day.end))
        for span in extra
        if span.overlaps(whole_day)
    ]
    spans = [span for span in spans if span.end > span.start]
    return subtract(merge(spans), time_off)


def outside_hours(appointment: Span, working: Iterable[Span]) -> bool:
    """Whether an appointment falls, wholly or partly, outside the clinician's working time
    that day (usual hours plus extra, less time off): no one working span holds all of it."""
    return not any(span.contains(appointment) for span in working)


def bookable_window(
    now: datetime.datetime, *, notice: datetime.timedelta, horizon: datetime.timedelta
) -> Span:
    """From the minimum notice ahead of now to the horizon: when a new appointment may start."""
    return Span(now + notice, now + horizon)


def open_slots(
    spans: Iterable[Span],
    *,
    busy: Iterable[Span] = (),
    duration: datetime.timedelta,
    step: datetime.timedelta,
    window: Span | None = None,
) -> list[Span]:
    """Slots of `duration` starting every `step` from the start of each working span.

    A slot is open when it fits inside working time, overlaps nothing busy, and starts inside
    the bookable window. Steps count real minutes from the span's start, so on a clock-change
    day slots stay `duration` long and start on the same wall-clock marks.
    """
    busy = sorted(busy)
    slots = []
    for span in merge(spans):
        start = span.start
        while start + duration <= span.end:
            slot = Span(start, start + duration)
            in_window = window is None or window.start <= slot.start <= window.end
            if in_window and not any(slot.overlaps(taken) for taken in busy):
                slots.append(slot)
            start += step
    return slots


class Refusal(str):
    """Why a requested slot cannot be booked: a sentence for the person asking."""


def refusal(
    slot: Span,
    *,
    working: Iterable[Span],
    busy: Iterable[Span],
    window: Span,
    runner_busy: Iterable[Span] = (),
) -> Refusal | None:
    """Why `slot` may not be booked, or None if it may. Checked again at the moment of booking."""
    if slot.end <= slot.start:
        return Refusal("That appointment has no length.")
    if slot.start < window.start:
        return Refusal("That time is too soon (or already past); please choose a later slot.")
    if slot.start > window.end:
        return Refusal("That time is too far ahead; we book up to the horizon only.")
    if not any(span.contains(slot) for span in merge(working)):
        return Refusal("The clinician isn't working then (outside hours, a day off or time off).")
    if any(slot.overlaps(taken) for taken in busy):
        return Refusal("That slot was just taken.")
    if any(slot.overlaps(taken) for taken in runner_busy):
        return Refusal("The runner already has an appointment at that time.")
    return None


def day_refusal(day: datetime.date, *, first: datetime.date, last: datetime.date) -> Refusal | None:
    """Why a page can't show `day` (a typed date far outside the calendar), or None.

    Pages take dates from the address bar; year 9999 or 0001 must be a message, not a crash on
    the next day's arithmetic.
    """
    if first <= day <= last:
        return None
    return Refusal(
        "That date is outside the dates we can show: "
        f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}."
    )


def grid_starts(
    spans: Iterable[Span], *, duration: datetime.timedelta, step: datetime.timedelta
) -> set[datetime.datetime]:
    """Every start the practice offers in `spans`, free or taken: its grid (9:00, 9:30, ...)."""
    return {slot.start for slot in open_slots(spans, duration=duration, step=step)}
