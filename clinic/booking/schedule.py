"""Reading the schedule: who works when at a location, what is booked, and what is open.

A handful of queries load a whole range of days (hours, changes, appointments), whatever the
number of appointments; the pure rules in `clinic.booking.slots` then do the arithmetic in memory.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from clinic.booking import slots
from clinic.booking.slots import Span
from clinic.models import (
    Appointment,
    AppointmentType,
    Location,
    Role,
    ScheduleChange,
    User,
    WorkingHours,
)

# How far back the day and week views go: longer than any record is kept active.
STAFF_HISTORY = datetime.timedelta(days=3660)


@dataclass(frozen=True)
class Policy:
    """The practice's booking rules (settings.BOOKING_*)."""

    notice: datetime.timedelta
    horizon: datetime.timedelta
    step: datetime.timedelta
    change_cutoff: datetime.timedelta

    @classmethod
    def from_settings(cls) -> "Policy":
        return cls(
            notice=datetime.timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES),
            horizon=datetime.timedelta(days=settings.BOOKING_HORIZON_DAYS),
            step=datetime.timedelta(minutes=settings.BOOKING_SLOT_STEP_MINUTES),
            change_cutoff=datetime.timedelta(hours=settings.BOOKING_CHANGE_CUTOFF_HOURS),
        )

    def window(self, now: datetime.datetime) -> Span:
        return slots.bookable_window(now, notice=self.notice, horizon=self.horizon)

    def public_days(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The days the public pages show: today up to the horizon."""
        return today, today + self.horizon

    def staff_days(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The days the practice's pages show: its history, and ahead up to the horizon."""
        return today - STAFF_HISTORY, today + self.horizon


def zone(location: Location) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(location.time_zone)


def local_day_span_for(location: Location, day: datetime.date) -> Span:
    return slots.local_day_span(day, zone(location))


def span_of(appointment: Appointment) -> Span:
    return Span(appointment.starts_at, appointment.ends_at)


@dataclass
class ClinicianDay:
    clinician: User
    day: datetime.date
    working: list[Span]
    appointments: list[Appointment]  # at this location, cancelled ones included (shown struck)
    open_slots: list[Span]

    @property
    def outside_hours(self) -> list[Appointment]:
        """Appointments still on (not cancelled) that fall outside this day's working time."""
        return [
            a
            for a in self.appointments
            if not a.is_cancelled and slots.outside_hours(span_of(a), self.working)
        ]

    @property
    def entries(self) -> list[tuple[datetime.datetime, str, object]]:
        """Appointments and open slots in time order, for one column of the day view."""
        rows = [(a.starts_at, "appointment", a) for a in self.appointments]
        rows += [(s.start, "slot", s) for s in self.open_slots]
        return sorted(rows, key=lambda row: (row[0], row[1]))


@dataclass
class Schedule:
    """A location's clinicians over a range of local days, loaded in a fixed number of queries."""

    location: Location
    days: list[datetime.date]
    clinicians: list[User]
    appointment_type: AppointmentType
    cells: dict[tuple[int, datetime.date], ClinicianDay] = field(default_factory=dict)

    def cell(self, clinician: User, day: datetime.date) -> ClinicianDay:
        return self.cells[(clinician.pk, day)]

    def columns(self, day: datetime.date) -> list[ClinicianDay]:
        return [self.cell(clinician, day) for clinician in self.clinicians]

    def outside_hours(self, day: datetime.date) -> list[Appointment]:
        """Every appointment on `day` outside its clinician's working time, earliest first."""
        found = [a for cell in self.columns(day) for a in cell.outside_hours]
        return sorted(found, key=lambda a: (a.starts_at, a.pk))

    def rows(self) -> list[tuple[User, list[ClinicianDay]]]:
        return [(c, [self.cell(c, day) for day in self.days]) for c in self.clinicians]

    def open_slots(self) -> list[tuple[Span, User]]:
        """Every open slot in the range with its clinician, earliest first."""
        found = [(slot, cell.clinician) for cell in self.cells.values() for slot in cell.open_slots]
        return sorted(found, key=lambda pair: (pair[0].start, pair[1].pk))


def load_schedule(
    location: Location,
    days: list[datetime.date],
    appointment_type: AppointmentType,
    *,
    clinician: User | None = None,
    now: datetime.datetime | None = None,
    policy: Policy | None = None,
    bookable_only: bool = True,
) -> Schedule:
    """Everyone's working time, appointments and open slots at `location` on `days`.

    Three queries whatever the size: hours (with clinicians), schedule changes, appointments.
    Appointments a clinician has at another location count as busy here too. Open slots are
    those inside the bookable window from `now`, or every free one with `bookable_only=False`.
    """
    policy = policy or Policy.from_settings()
    now = now or timezone.now()
    tz = zone(location)
    first = slots.local_day_span(days[0], tz).start
    last = slots.local_day_span(days[-1], tz).end

    hours = WorkingHours.objects.filter(location=location, clinician__is_active=True)
    changes = ScheduleChange.objects.filter(starts_at__lt=last, ends_at__gt=first).filter(
        Q(kind=ScheduleChange.Kind.TIME_OFF) | Q(location=location)
    )
    if clinician is not None:
        hours = hours.filter(clinician=clinician)
        changes = changes.filter(clinician=clinician)
    hours = list(hours.select_related("clinician"))
    changes = list(changes.select_related("clinician"))

    clinicians = {h.clinician_id: h.clinician for h in hours}
    clinicians.update(
        {
            c.clinician_id: c.clinician
            for c in changes
            if c.kind == ScheduleChange.Kind.EXTRA_HOURS and c.clinician.is_active
        }
    )
    appointments = list(
        Appointment.objects.filter(starts_at__lt=last, ends_at__gt=first)
        .filter(Q(location=location) | Q(clinician_id__in=list(clinicians)))
        .select_related("runner", "appointment_type", "clinician")
        .order_by("starts_at")
    )
    for appointment in appointments:
        # Someone booked here outside their usual hours still gets a column.
        if appointment.location_id == location.pk and (
            clinician is None or appointment.clinician_id == clinician.pk
        ):
            clinicians.setdefault(appointment.clinician_id, appointment.clinician)

    weekly = defaultdict(list)
    for h in hours:
        weekly[h.clinician_id].append(slots.WeeklyHours(h.weekday, h.start_time, h.end_time))
    extra, time_off = defaultdict(list), defaultdict(list)
    for change in changes:
        bucket = extra if change.kind == ScheduleChange.Kind.EXTRA_HOURS else time_off
        bucket[change.clinician_id].append(Span(change.starts_at, change.ends_at))
    busy, shown = defaultdict(list), defaultdict(list)
    for appointment in appointments:
        if not appointment.is_cancelled:
            busy[appointment.clinician_id].append(span_of(appointment))
        if appointment.location_id == location.pk:
            day = appointment.starts_at.astimezone(tz).date()
            shown[(appointment.clinician_id, day)].append(appointment)

    ordered = sorted(clinicians.values(), key=lambda u: (u.last_name, u.first_name, u.pk))
    schedule = Schedule(location, days, ordered, appointment_type)
    duration = datetime.timedelta(minutes=appointment_type.duration_minutes)
    window = policy.window(now) if bookable_only else None
    for person in ordered:
        for day in days:
            working = slots.working_spans(
                day,
                tz,
                weekly[person.pk],
                extra=extra[person.pk],
                time_off=time_off[person.pk],
            )
            open_ = slots.open_slots(
                working, busy=busy[person.pk], duration=duration, step=policy.step, window=window
            )
            schedule.cells[(person.pk, day)] = ClinicianDay(
                person, day, working, shown[(person.pk, day)], open_
            )
    return schedule


def next_open_slots(
    location: Location,
    appointment_type: AppointmentType,
    *,
    after: datetime.datetime,
    clinician: User | None = None,
    limit: int = 5,
    days: int = 14,
) -> list[tuple[Span, User]]:
    """The next few open slots from `after`, for when the one asked for was just taken."""
    start = after.astimezone(zone(location)).date()
    range_ = [start + datetime.timedelta(days=n) for n in range(days)]
    schedule = load_schedule(location, range_, appointment_type, clinician=clinician)
    return [pair for pair in schedule.open_slots() if pair[0].start >= after][:limit]


def on_grid(
    location: Location,
    appointment_type: AppointmentType,
    start: datetime.datetime,
    *,
    policy: Policy | None = None,
) -> bool:
    """Whether `start` is one of the times the practice offers for this visit at `location`
    (someone works then and it falls on the slot step), whether or not it is free now."""
    policy = policy or Policy.from_settings()
    day = start.astimezone(zone(location)).date()
    schedule = load_schedule(location, [day], appointment_type, policy=policy)
    duration = datetime.timedelta(minutes=appointment_type.duration_minutes)
    return any(
        start in slots.grid_starts(cell.working, duration=duration, step=policy.step)
        for cell in schedule.cells.values()
    )


def clinicians_at(location: Location):
    """Clinicians who have usual hours at `location`, for the booking forms' choices."""
    return User.objects.filter(
        role=Role.CLINICIAN, is_active=True, working_hours__location=location
    ).distinct()


def week_of(day: datetime.date) -> list[datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def clinician_zones(clinician_ids) -> dict[int, str]:
    """Each clinician's time zone: their location's, where most of their weekly hours are (the
    first location on a tie); the practice's (`PRACTICE_TIME_ZONE`) without hours. One query."""
    ids = list(clinician_ids)
    blocks = (
        WorkingHours.objects.filter(clinician_id__in=ids)
        .values_list("clinician_id", "location_id", "location__time_zone")
        .order_by("clinician_id", "location_id")
    )
    counts: dict[int, dict[tuple[int, str], int]] = defaultdict(lambda: defaultdict(int))
    for clinician_id, location_id, zone_name in blocks:
        counts[clinician_id][(location_id, zone_name)] += 1
    zones = dict.fromkeys(ids, settings.PRACTICE_TIME_ZONE)
    for clinician_id, by_location in counts.items():
        (_, zone_name), _ = max(by_location.items(), key=lambda item: (item[1], -item[0][0]))
        zones[clinician_id] = zone_name
    return zones
