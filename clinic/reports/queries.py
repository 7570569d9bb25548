"""The reports' figures: a few aggregate queries each, then arithmetic on their rows.

Definitions are the practice's (docs/domain.md §7.3). Months are calendar months in each
location's own time zone for visits, and local dates for programs and discharges. `as_of` is
today in the practice: adherence is counted over days before it, so a day still under way never
lowers a figure.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth

from clinic.booking import slots
from clinic.models import Appointment, AppointmentType, Location, ScheduleChange, User, WorkingHours
from clinic.reports.periods import Month, rate
from intake.models import Questionnaire
from intake.trends import SCALES
from programs import timeline, window_adherence
from programs.models import Discharge, DischargeOutcome, Program
from programs.services import BACKFILL_DAYS

# Practice rules for the Roadmap funnel (docs/domain.md §7.3).
PROGRAM_WITHIN_DAYS = 14
FIRST_WEEKS_DAYS = 28
ADHERENT_PERCENT = 60
ADHERENCE_BANDS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))


@dataclass(frozen=True)
class Scope:
    months: list[Month]
    locations: list[Location]  # the one chosen, or all of them
    as_of: datetime.date
    location: Location | None = None  # None: the whole practice

    @property
    def first(self) -> datetime.date:
        return self.months[0].first

    @property
    def last(self) -> datetime.date:
        return self.months[-1].last

    def utc_range(self, location: Location) -> tuple[datetime.datetime, datetime.datetime]:
        tz = zoneinfo.ZoneInfo(location.time_zone)
        end = self.months[-1].next().first
        return slots.wall_clock(self.first, datetime.time(0), tz), slots.wall_clock(
            end, datetime.time(0), tz
        )

    def for_runners(self, prefix: str = "") -> Q:
        """Runners of the chosen location (all runners for the whole practice)."""
        if self.location is None:
            return Q()
        return Q(**{f"{prefix}runner__location": self.location})


def _month(value) -> Month:
    return Month.of(value.date() if isinstance(value, datetime.datetime) else value)


def _visits(scope: Scope, location: Location):
    """A location's appointments in the scope, with their local month and day."""
    tz = zoneinfo.ZoneInfo(location.time_zone)
    start, end = scope.utc_range(location)
    return Appointment.objects.filter(
        location=location, starts_at__gte=start, starts_at__lt=end
    ).annotate(month=TruncMonth("starts_at", tzinfo=tz), day=TruncDate("starts_at", tzinfo=tz))


# ---- The Runner's Roadmap funnel ---------------------------------------------------------------


@dataclass
class FunnelRow:
    month: Month
    booked: int = 0
    attended: int = 0
    started: int = 0  # a program within 14 days of the visit
    adherent: int = 0  # adherence >= 60 % over the program's first 4 weeks
    adherence_pending: int = 0  # started, but the first 4 weeks are not over yet
    improved: int = 0  # discharged with a questionnaire past its meaningful change

    STAGES = ("booked", "attended", "started", "adherent", "improved")

    def add(self, other: "FunnelRow") -> None:
        for name in (*self.STAGES, "adherence_pending"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def funnel(scope: Scope) -> list[FunnelRow]:
    """Runners whose Runner's Roadmap falls in each month, and how far each got.

    Each stage is a subset of the one before. A runner counts once a month (the latest of their
    Roadmap bookings that month: attended if any was). Queries: the bookings (one per location),
    the programs and discharges of those runners, and the first-weeks adherence of the programs.
    """
    visits: dict[tuple[Month, int], dict] = {}
    for location in scope.locations:
        for row in (
            _visits(scope, location)
            .filter(appointment_type__kind=AppointmentType.Kind.ROADMAP)
            .values("runner_id", "month", "day", "status")
        ):
            key = (_month(row["month"]), row["runner_id"])
            attended = row["status"] == Appointment.Status.ARRIVED
            known = visits.get(key)
            if known is None or (attended and not known["attended"]):
                visits[key] = {"day": row["day"], "attended": attended}
    runner_ids = {runner_id for _, runner_id in visits}
    programs = defaultdict(list)
    for program in Program.objects.filter(runner_id__in=runner_ids).values(
        "id", "runner_id", "start_date", "length_weeks", "ended_on"
    ):
        programs[program["runner_id"]].append(program)
    improved = defaultdict(list)
    for discharge in Discharge.objects.filter(
        runner_id__in=runner_ids, reached_meaningful_change=True
    ).values("runner_id", "discharged_on"):
        improved[discharge["runner_id"]].append(discharge["discharged_on"])

    started: dict[tuple[Month, int], dict] = {}
    for (month, runner_id), visit in visits.items():
        if not visit["attended"]:
            continue
        latest_start = visit["day"] + datetime.timedelta(days=PROGRAM_WITHIN_DAYS)
        candidates = [
            p for p in programs[runner_id] if visit["day"] <= p["start_date"] <= latest_start
        ]
        if candidates:
            started[(month, runner_id)] = min(candidates, key=lambda p: p["start_date"])
    first_weeks = window_adherence.first_weeks(
        sorted({p["id"] for p in started.values()}), days=FIRST_WEEKS_DAYS
    )

    rows = {month: FunnelRow(month) for month in scope.months}
    for (month, runner_id), visit in visits.items():
        row = rows[month]
        row.booked += 1
        if not visit["attended"]:
            continue
        row.attended += 1
        program = started.get((month, runner_id))
        if program is None:
            continue
        row.started += 1
        window_end = min(
            program["start_date"] + datetime.timedelta(days=FIRST_WEEKS_DAYS - 1),
            timeline.last_day(program["start_date"], program["length_weeks"], program["ended_on"]),
        )
        if window_end >= scope.as_of:
            row.adherence_pending += 1
            continue
        percent = first_weeks[program["id"]].percent
        if percent is None or percent < ADHERENT_PERCENT:
            continue
        row.adherent += 1
        if any(day >= visit["day"] for day in improved[runner_id]):
            row.improved += 1
    return [rows[month] for month in scope.months]


# ---- Attendance ---------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    month: Month
    attended: int = 0
    no_shows: int = 0

    @property
    def no_show_rate(self) -> float | None:
        """no-shows ÷ (attended + no-shows), in percent (docs/domain.md §7.3)."""
        return rate(self.no_shows, self.attended + self.no_shows)


def attendance(scope: Scope) -> list[AttendanceRow]:
    """Visits marked arrived or no-show, each month (one query per location)."""
    rows = {month: AttendanceRow(month) for month in scope.months}
    for location in scope.locations:
        for row in (
            _visits(scope, location)
            .values("month")
            .annotate(
                attended=Count("id", filter=Q(status=Appointment.Status.ARRIVED)),
                no_shows=Count("id", filter=Q(status=Appointment.Status.NO_SHOW)),
            )
            .order_by()
        ):
            target = rows[_month(row["month"])]
            target.attended += row["attended"]
            target.no_shows += row["no_shows"]
    return [rows[month] for month in scope.months]


# ---- Utilisation --------------------------------------------------------------------------------


@dataclass
class UtilisationRow:
    month: Month
    clinician: User | None  # None: every clinician together
    booked_minutes: int = 0
    working_minutes: int = 0

    @property
    def utilisation(self) -> float | None:
        """booked minutes ÷ working minutes, in percent (docs/domain.md §7.3)."""
        return rate(self.booked_minutes, self.working_minutes)


def _working_minutes(scope: Scope, location: Location) -> dict[tuple[int, Month], int]:
    """Each clinician's working minutes at the location per month: usual weekly hours, plus
    extra hours there, less time off (clinic.booking.slots), day by day in the location's zone."""
    tz = zoneinfo.ZoneInfo(location.time_zone)
    weekly = defaultdict(list)
    for hours in WorkingHours.objects.filter(location=location):
        weekly[hours.clinician_id].append(
            slots.WeeklyHours(hours.weekday, hours.start_time, hours.end_time)
        )
    start, end = scope.utc_range(location)
    extra, time_off = defaultdict(list), defaultdict(list)
    for change in ScheduleChange.objects.filter(starts_at__lt=end, ends_at__gt=start).filter(
        Q(kind=ScheduleChange.Kind.TIME_OFF) | Q(location=location)
    ):
        span = slots.Span(change.starts_at, change.ends_at)
        target = time_off if change.kind == ScheduleChange.Kind.TIME_OFF else extra
        target[change.clinician_id].append(span)
    minutes: dict[tuple[int, Month], int] = defaultdict(int)
    for clinician_id in set(weekly) | set(extra):
        for month in scope.months:
            for day in month.days():
                for span in slots.working_spans(
                    day,
                    tz,
                    weekly[clinician_id],
                    extra=extra[clinician_id],
                    time_off=time_off[clinician_id],
                ):
                    minutes[(clinician_id, month)] += int(
                        (span.end - span.start).total_seconds() // 60
                    )
    return minutes


def utilisation(scope: Scope) -> list[UtilisationRow]:
    """Booked minutes (every visit not cancelled: a no-show still held its slot) against
    working minutes, per clinician and month, and all clinicians together."""
    booked: dict[tuple[int, Month], int] = defaultdict(int)
    working: dict[tuple[int, Month], int] = defaultdict(int)
    duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    for location in scope.locations:
        for row in (
            _visits(scope, location)
            .exclude(status=Appointment.Status.CANCELLED)
            .values("clinician_id", "month")
            .annotate(booked=Sum(duration))
            .order_by()
        ):
            key = (row["clinician_id"], _month(row["month"]))
            booked[key] += int(row["booked"].total_seconds() // 60)
        for key, value in _working_minutes(scope, location).items():
            working[key] += value
    clinicians = User.objects.in_bulk({clinician_id for clinician_id, _ in (*booked, *working)})
    rows = []
    for month in scope.months:
        total = UtilisationRow(month, None)
        for clinician in sorted(clinicians.values(), key=lambda c: (c.last_name, c.first_name)):
            row = UtilisationRow(
                month, clinician, booked[(clinician.pk, month)], working[(clinician.pk, month)]
            )
            if row.booked_minutes or row.working_minutes:
                rows.append(row)
                total.booked_minutes += row.booked_minutes
                total.working_minutes += row.working_minutes
        rows.append(total)
    return rows


# ---- Outcomes: reaching the meaningful change ---------------------------------------------------


@dataclass
class OutcomeRow:
    questionnaire: str
    scale: str
    label: str
    by_month: dict[Month, tuple[int, int]] = field(default_factory=dict)  # (improved, scored)

    @property
    def improved(self) -> int:
        return sum(improved for improved, _ in self.by_month.values())

    @property
    def scored(self) -> int:
        return sum(scored for _, scored in self.by_month.values())

    @property
    def share(self) -> float | None:
        return rate(self.improved, self.scored)

    def share_in(self, month: Month) -> float | None:
        improved, scored = self.by_month.get(month, (0, 0))
        return rate(improved, scored)


def outcomes(scope: Scope) -> list[OutcomeRow]:
    """Of runners discharged each month with a first and last score of a questionnaire scale,
    how many improved by at least its meaningful change (docs/domain.md §4.5). One query."""
    rows = {
        (kind, key): OutcomeRow(
            kind, key, Questionnaire(kind).label + ("" if len(SCALES[kind]) == 1 else f" {label}")
        )
        for kind in Questionnaire.values
        for key, label in SCALES[kind]
    }
    for row in (
        DischargeOutcome.objects.filter(
            scope.for_runners("discharge__"),
            discharge__discharged_on__gte=scope.first,
            discharge__discharged_on__lte=scope.last,
        )
        .annotate(month=TruncMonth("discharge__discharged_on"))
        .values("month", "questionnaire", "scale")
        .annotate(scored=Count("id"), improved=Count("id", filter=Q(meaningful=True, better=True)))
        .order_by()
    ):
        target = rows.get((row["questionnaire"], row["scale"]))
        if target is not None:
            target.by_month[_month(row["month"])] = (row["improved"], row["scored"])
    return list(rows.values())


# ---- Adherence distribution ---------------------------------------------------------------------


@dataclass
class AdherenceRow:
    month: Month
    bands: list[int] = field(default_factory=lambda: [0] * len(ADHERENCE_BANDS))

    @property
    def programs(self) -> int:
        return sum(self.bands)

    @property
    def adherent_share(self) -> float | None:
        """Programs at 60 % or more that month (the funnel's line)."""
        return rate(sum(self.bands[3:]), self.programs)


def band_of(percent: int) -> int:
    return next(i for i, (low, high) in enumerate(ADHERENCE_BANDS) if low <= percent <= high)


# A runner may log only the past week (programs.services.BACKFILL_DAYS) and prescriptions change
# from today on, so a month that ended more than a week ago no longer changes: its figures are
# kept for a day. The months still open are kept for an hour (they count to yesterday anyway).
SETTLED_AFTER_DAYS = BACKFILL_DAYS + 1
SETTLED_CACHE_SECONDS = 24 * 60 * 60
OPEN_CACHE_SECONDS = 60 * 60


def adherence_distribution(scope: Scope) -> list[AdherenceRow]:
    """Programs running each month, by their adherence over that month's days up to yesterday,
    in bands of 20 points. A month with nothing due for a program (paused) leaves it out.

    One query a month, the heaviest of the reports (it reads the month's set logs), so each
    month's bands are cached; docs/performance.md has the figures at 10,000 runners.
    """
    yesterday = scope.as_of - datetime.timedelta(days=1)
    settled_before = scope.as_of - datetime.timedelta(days=SETTLED_AFTER_DAYS)
    location = scope.location.pk if scope.location else None
    rows = []
    for month in scope.months:
        row = AdherenceRow(month)
        rows.append(row)
        if month.first > yesterday:
            continue
        window = [(month.first, min(month.last, yesterday))]

        def bands(window=window):
            counted = [0] * len(ADHERENCE_BANDS)
            for _program, _index, result in window_adherence.by_month(window, location_id=location):
                if result.percent is not None:
                    counted[band_of(result.percent)] += 1
            return counted

        if month.last < settled_before:
            key, seconds = f"reports:adherence:{month}:{location}", SETTLED_CACHE_SECONDS
        else:
            key, seconds = f"reports:adherence:{month}:{location}:{yesterday}", OPEN_CACHE_SECONDS
        row.bands = cache.get_or_set(key, bands, seconds)
    return rows
