"""Demo booking data: both clinicians' weeks at Cary, time off, and a week of appointments.

Idempotent: hours are updated in place; the demo's appointments and schedule changes are
replaced, laid out around today so the front desk's day view is always full.
"""

import datetime

from django.conf import settings

from clinic.booking import slots
from clinic.booking.schedule import load_schedule, zone
from clinic.clock import local_today
from clinic.models import Appointment, AppointmentType, Runner, ScheduleChange, WorkingHours

T = datetime.time
# weekday -> blocks, per clinician (Dana works early weekdays; Marcus late, and Saturday mornings)
HOURS = [
    {day: [(T(8), T(12)), (T(13), T(17))] for day in range(5)},
    {**{day: [(T(10), T(18))] for day in range(1, 5)}, 5: [(T(9), T(13))]},
]
# (hour, minute, kind, status) for each clinician's day; status "auto" is arrived when past
DAY_PLAN = [
    [
        (8, 0, "roadmap", "auto"),
        (9, 30, "follow_up", "auto"),
        (11, 0, "follow_up", "auto"),
        (14, 0, "follow_up", "auto"),
        (15, 30, "follow_up", "cancelled"),
    ],
    [
        (10, 0, "follow_up", "auto"),
        (11, 0, "roadmap", "auto"),
        (13, 30, "follow_up", "no_show"),
        (15, 0, "follow_up", "auto"),
    ],
]
NEW_RUNNERS = [  # booked online for their first visit: the Runner's Roadmap
    ("Elena", "Vasquez", datetime.date(1981, 3, 2), "919-555-0141"),
    ("Marcus", "Okafor", datetime.date(1974, 10, 19), "919-555-0142"),
    ("Priya", "Raman", datetime.date(1987, 6, 25), "919-555-0143"),
    ("Tom", "Becker", datetime.date(1966, 1, 9), "919-555-0144"),
    ("Grace", "Liu", datetime.date(1992, 12, 14), "919-555-0145"),
    ("Owen", "Murphy", datetime.date(1979, 8, 3), "919-555-0146"),
    ("Nadia", "Haddad", datetime.date(1983, 5, 30), "919-555-0147"),
    ("Ben", "Carter", datetime.date(1970, 2, 17), "919-555-0148"),
]
CONCERNS = [
    "Pain at the front of my right knee after about 8 km, worse on downhills.",
    "Outside of the left knee aches on long runs; stairs are fine.",
    "Knee stiffness after sitting; training for a spring marathon.",
]


def seed(practice):
    location, clinicians = practice.location, practice.clinicians
    if not location.phone:  # the number every message's letterhead gives
        location.phone = "+19195550100"
        location.save(update_fields=["phone"])
    tz = zone(location)
    for clinician, week in zip(clinicians, HOURS, strict=True):
        WorkingHours.objects.filter(clinician=clinician, location=location).delete()
        WorkingHours.objects.bulk_create(
            WorkingHours(
                clinician=clinician, location=location, weekday=day, start_time=a, end_time=b
            )
            for day, blocks in week.items()
            for a, b in blocks
        )
    ScheduleChange.objects.filter(clinician__in=clinicians).delete()
    today = local_today(location.time_zone)
    new_runners = [
        Runner.objects.update_or_create(
            # By email alone: a newcomer who has since set up a login (accounts.py) stays one.
            email=f"{first}.{last}@runners.test".lower(),
            defaults={
                "first_name": first,
                "last_name": last,
                "date_of_birth": dob,
                "phone": phone,
                "location": location,
                "time_zone": location.time_zone,
            },
        )[0]
        for first, last, dob, phone in NEW_RUNNERS
    ]
    Appointment.objects.filter(runner__in=[*practice.runners, *new_runners]).delete()
    # Days around today; a clinician who is off today gets extra hours so the day view is full.
    for index, clinician in enumerate(clinicians):
        if not HOURS[index].get(today.weekday()):
            start, end = (T(8), T(17)) if index == 0 else (T(10), T(18))
            ScheduleChange.objects.create(
                clinician=clinician,
                kind=ScheduleChange.Kind.EXTRA_HOURS,
                location=location,
                starts_at=slots.wall_clock(today, start, tz),
                ends_at=slots.wall_clock(today, end, tz),
                note="Extra clinic (demo)",
            )
    # Marcus takes an afternoon off on a coming working day: his slots there disappear.
    off_day = marcus_afternoon_off(today)
    ScheduleChange.objects.create(
        clinician=clinicians[1],
        kind=ScheduleChange.Kind.TIME_OFF,
        starts_at=slots.wall_clock(off_day, T(13), tz),
        ends_at=slots.wall_clock(off_day, T(18), tz),
        note="Course (demo)",
    )
    _appointments(practice, new_runners, today)
    practice.logins.append(("Book online", f"{settings.SITE_URL}/book/"))


def marcus_afternoon_off(today: datetime.date) -> datetime.date:
    day = today + datetime.timedelta(days=2)
    while day.weekday() not in (1, 2, 3, 4):
        day += datetime.timedelta(days=1)
    return day


def _appointments(practice, new_runners, today):
    location, tz = practice.location, zone(practice.location)
    types = {t.kind: t for t in AppointmentType.objects.all()}
    regulars = [
        [r for r in practice.runners if r.clinician_id == c.pk] for c in practice.clinicians
    ]
    newcomers = iter(new_runners)
    now = datetime.datetime.now(datetime.UTC)
    days = [today + datetime.timedelta(days=offset) for offset in range(-2, 8)]
    # The hours, extra hours and time off just saved: a visit in the plan that falls outside
    # them that day (Marcus's Saturday afternoon, his afternoon off) is left out, so the day
    # view never warns of the demo's own bookings.
    schedule = load_schedule(location, days, types["follow_up"], bookable_only=False)
    for offset, day in zip(range(-2, 8), days, strict=True):
        for index, clinician in enumerate(practice.clinicians):
            working = schedule.cell(clinician, day).working
            for slot_number, (hour, minute, kind, status) in enumerate(DAY_PLAN[index]):
                planned = slots.wall_clock(day, T(hour, minute), tz)
                length = datetime.timedelta(minutes=types[kind].duration_minutes)
                if slots.outside_hours(slots.Span(planned, planned + length), working):
                    continue
                if kind == "roadmap":
                    runner = next(newcomers, None)
                    if runner is None:
                        kind, runner = "follow_up", regulars[index][slot_number]
                else:
                    pool = regulars[index]
                    runner = pool[(slot_number + offset) % len(pool)]
                appointment_type = types[kind]
                starts_at = planned
                ends_at = starts_at + datetime.timedelta(minutes=appointment_type.duration_minutes)
                if status == "auto":
                    status = "arrived" if ends_at < now else "booked"
                elif status == "no_show" and starts_at > now:
                    status = "booked"
                Appointment.objects.create(
                    runner=runner,
                    clinician=clinician,
                    location=location,
                    appointment_type=appointment_type,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    status=status,
                    source="online" if kind == "roadmap" else "front_desk",
                    booked_by=None if kind == "roadmap" else practice.front_desk,
                    concern=CONCERNS[slot_number % len(CONCERNS)] if kind == "roadmap" else "",
                    cancel_reason="Runner is unwell" if status == "cancelled" else "",
                    cancelled_at=now if status == "cancelled" else None,
                )
