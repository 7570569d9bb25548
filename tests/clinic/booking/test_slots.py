"""The pure slot rules: working time in the location's zone, DST, notice, horizon, busy time."""

import datetime
import zoneinfo

import pytest

from clinic.booking.slots import (
    Span,
    WeeklyHours,
    bookable_window,
    day_refusal,
    open_slots,
    outside_hours,
    refusal,
    subtract,
    wall_clock,
    working_spans,
)

NY = zoneinfo.ZoneInfo("America/New_York")
UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)
NINE_TO_FIVE = [WeeklyHours(weekday, datetime.time(9), datetime.time(17)) for weekday in range(5)]


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_weekly_hours_become_utc_moments_in_the_locations_zone():
    (span,) = working_spans(datetime.date(2026, 6, 2), NY, NINE_TO_FIVE)  # a Tuesday, EDT
    assert span == Span(utc(2026, 6, 2, 13), utc(2026, 6, 2, 21))


def test_clinic_opens_at_nine_local_on_both_sides_of_the_spring_clock_change():
    friday = working_spans(datetime.date(2026, 3, 6), NY, NINE_TO_FIVE)[0]  # EST, UTC-5
    monday = working_spans(datetime.date(2026, 3, 9), NY, NINE_TO_FIVE)[0]  # EDT, UTC-4
    assert friday.start == utc(2026, 3, 6, 14)
    assert monday.start == utc(2026, 3, 9, 13)
    assert [s.start.astimezone(NY).hour for s in (friday, monday)] == [9, 9]


def test_hours_across_the_spring_gap_are_an_hour_shorter_in_real_time():
    sunday = datetime.date(2026, 3, 8)
    weekly = [WeeklyHours(sunday.weekday(), datetime.time(0), datetime.time(6))]
    (span,) = working_spans(sunday, NY, weekly)
    assert span.end - span.start == 5 * HOUR
    slots = open_slots([span], duration=HOUR, step=HOUR)
    assert [s.start.astimezone(NY).hour for s in slots] == [0, 1, 3, 4, 5]


def test_hours_across_the_autumn_overlap_are_an_hour_longer_and_slots_never_collide():
    sunday = datetime.date(2026, 11, 1)
    weekly = [WeeklyHours(sunday.weekday(), datetime.time(0), datetime.time(4))]
    (span,) = working_spans(sunday, NY, weekly)
    assert span.end - span.start == 5 * HOUR
    slots = open_slots([span], duration=HOUR, step=HOUR)
    assert len(slots) == 5
    assert all(a.end <= b.start for a, b in zip(slots, slots[1:], strict=False))


def test_a_wall_time_in_the_spring_gap_is_pushed_forward_by_the_gap():
    moment = wall_clock(datetime.date(2026, 3, 8), datetime.time(2, 30), NY)
    assert moment.astimezone(NY).time() == datetime.time(3, 30)


def test_no_working_time_on_a_day_off():
    saturday = datetime.date(2026, 6, 6)
    assert working_spans(saturday, NY, NINE_TO_FIVE) == []


def test_time_off_is_cut_out_of_the_working_day():
    day = datetime.date(2026, 6, 2)
    lunch_and_dentist = [Span(utc(2026, 6, 2, 16), utc(2026, 6, 2, 18))]  # 12:00–14:00 local
    spans = working_spans(day, NY, NINE_TO_FIVE, time_off=lunch_and_dentist)
    assert spans == [
        Span(utc(2026, 6, 2, 13), utc(2026, 6, 2, 16)),
        Span(utc(2026, 6, 2, 18), utc(2026, 6, 2, 21)),
    ]


def test_a_whole_day_off_leaves_nothing():
    day = datetime.date(2026, 6, 2)
    holiday = [Span(utc(2026, 6, 2, 4), utc(2026, 6, 3, 4))]
    assert working_spans(day, NY, NINE_TO_FIVE, time_off=holiday) == []


def test_extra_hours_open_a_day_that_is_usually_off():
    saturday = datetime.date(2026, 6, 6)
    extra = [Span(utc(2026, 6, 6, 13), utc(2026, 6, 6, 16))]
    assert working_spans(saturday, NY, NINE_TO_FIVE, extra=extra) == extra


def test_slots_skip_busy_time_and_fit_inside_working_time():
    span = Span(utc(2026, 6, 2, 13), utc(2026, 6, 2, 16))  # 9:00–12:00 local
    busy = [Span(utc(2026, 6, 2, 14), utc(2026, 6, 2, 14, 45))]  # 10:00–10:45 local
    slots = open_slots([span], busy=busy, duration=HOUR, step=datetime.timedelta(minutes=30))
    starts = [s.start.astimezone(NY).strftime("%H:%M") for s in slots]
    assert starts == ["09:00", "11:00"]


def test_slots_step_from_the_start_of_working_time():
    span = Span(utc(2026, 6, 2, 13), utc(2026, 6, 2, 16))
    slots = open_slots([span], duration=HOUR, step=datetime.timedelta(minutes=30))
    assert [s.start.astimezone(NY).strftime("%H:%M") for s in slots] == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]


def test_slots_respect_minimum_notice_and_horizon():
    now = utc(2026, 6, 2, 13, 30)  # 9:30 local
    window = bookable_window(now, notice=2 * HOUR, horizon=datetime.timedelta(hours=5))
    span = Span(utc(2026, 6, 2, 13), utc(2026, 6, 2, 21))
    slots = open_slots([span], duration=HOUR, step=HOUR, window=window)
    assert [s.start.astimezone(NY).hour for s in slots] == [12, 13, 14]


def test_subtract_splits_a_span_around_a_hole():
    span = Span(utc(2026, 1, 1, 9), utc(2026, 1, 1, 17))
    hole = Span(utc(2026, 1, 1, 12), utc(2026, 1, 1, 13))
    assert subtract([span], [hole]) == [
        Span(utc(2026, 1, 1, 9), utc(2026, 1, 1, 12)),
        Span(utc(2026, 1, 1, 13), utc(2026, 1, 1, 17)),
    ]


WORKING = [Span(utc(2026, 6, 2, 13), utc(2026, 6, 2, 21))]
WINDOW = Span(utc(2026, 6, 1), utc(2026, 8, 1))


def test_refusal_for_a_slot_in_the_past():
    slot = Span(utc(2026, 5, 1, 13), utc(2026, 5, 1, 14))
    assert "too soon" in refusal(slot, working=WORKING, busy=[], window=WINDOW)


def test_refusal_for_a_slot_beyond_the_horizon():
    slot = Span(utc(2026, 9, 1, 13), utc(2026, 9, 1, 14))
    assert "too far ahead" in refusal(slot, working=WORKING, busy=[], window=WINDOW)


def test_refusal_for_a_slot_outside_working_hours():
    slot = Span(utc(2026, 6, 2, 20, 30), utc(2026, 6, 2, 21, 30))  # runs past 17:00 local
    assert "isn't working" in refusal(slot, working=WORKING, busy=[], window=WINDOW)


def test_refusal_for_a_slot_overlapping_another_appointment():
    slot = Span(utc(2026, 6, 2, 14), utc(2026, 6, 2, 15))
    busy = [Span(utc(2026, 6, 2, 14, 30), utc(2026, 6, 2, 15, 15))]
    assert "just taken" in refusal(slot, working=WORKING, busy=busy, window=WINDOW)


def test_refusal_when_the_runner_is_elsewhere_then():
    slot = Span(utc(2026, 6, 2, 14), utc(2026, 6, 2, 15))
    runner_busy = [Span(utc(2026, 6, 2, 14), utc(2026, 6, 2, 15))]
    reason = refusal(slot, working=WORKING, busy=[], window=WINDOW, runner_busy=runner_busy)
    assert "runner already has" in reason


def test_no_refusal_for_a_free_slot_in_hours():
    slot = Span(utc(2026, 6, 2, 14), utc(2026, 6, 2, 15))
    assert refusal(slot, working=WORKING, busy=[], window=WINDOW) is None


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (datetime.date(2026, 6, 1), False),
        (datetime.date(2026, 6, 30), False),
        (datetime.date(2026, 5, 31), True),
        (datetime.date(2026, 7, 1), True),
        (datetime.date(9999, 12, 31), True),
        (datetime.date(1, 1, 1), True),
    ],
)
def test_a_day_outside_the_calendar_is_refused_with_its_range(day, refused):
    reason = day_refusal(day, first=datetime.date(2026, 6, 1), last=datetime.date(2026, 6, 30))
    assert bool(reason) is refused
    if refused:
        assert "1 June 2026 to 30 June 2026" in reason


NINE = utc(2026, 6, 2, 13)  # 9:00 in New York on a Tuesday in June
WORKING = [Span(NINE, NINE + 3 * HOUR), Span(NINE + 4 * HOUR, NINE + 8 * HOUR)]  # 9–12, 13–17


@pytest.mark.parametrize(
    ("start", "length", "outside"),
    [
        (NINE, HOUR, False),  # first hour of the morning
        (NINE + 2 * HOUR, HOUR, False),  # ends as the morning ends
        (NINE + 7 * HOUR, HOUR, False),  # last hour of the afternoon
        (NINE - HOUR, HOUR, True),  # 8:00, before opening
        (NINE - HOUR / 2, HOUR, True),  # starts before opening, ends inside
        (NINE + 3 * HOUR, HOUR, True),  # the lunch gap
        (NINE + 5 * HOUR / 2, HOUR, True),  # runs from the morning into the gap
        (NINE + 15 * HOUR / 2, HOUR, True),  # runs past closing
        (NINE + 9 * HOUR, HOUR, True),  # evening
    ],
)
def test_an_appointment_is_outside_hours_unless_one_working_span_holds_all_of_it(
    start, length, outside
):
    assert outside_hours(Span(start, start + length), WORKING) is outside


def test_on_a_day_off_every_appointment_is_outside_hours():
    assert outside_hours(Span(NINE, NINE + HOUR), []) is True


def test_time_off_makes_an_appointment_outside_hours():
    working = working_spans(
        datetime.date(2026, 6, 2), NY, NINE_TO_FIVE, time_off=[Span(NINE, NINE + 2 * HOUR)]
    )
    assert outside_hours(Span(NINE, NINE + HOUR), working) is True
    assert outside_hours(Span(NINE + 2 * HOUR, NINE + 3 * HOUR), working) is False
