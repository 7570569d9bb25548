"""A fixture practice for the reports, every figure counted by hand in test_report_figures.py.

Two locations (Cary on New York time, Nashville on Chicago time), January to March 2026, the
reports looked at on 1 April 2026. Seven runners whose Runner's Roadmap tells each step of the
funnel; their programs' logs are whole days, so adherence is days done ÷ days due.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, timedelta

from clinic.models import Appointment, AppointmentType, Location, Role, ScheduleChange
from intake.services import record_response
from programs.discharge import discharge_runner
from tests.clinic.booking.factories import WorkingHoursFactory
from tests.factories import RunnerFactory, UserFactory
from tests.programs.factories import log_full_day, start_program

AS_OF = date(2026, 4, 1)
NY, CHICAGO = "America/New_York", "America/Chicago"


def at(day: date, hour: int, minute: int = 0, tz: str = NY) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz)
    ).astimezone(datetime.UTC)


@dataclass
class ReportPractice:
    cary: Location
    nashville: Location
    dana: object
    marcus: object
    runners: dict = field(default_factory=dict)


def visit(runner, clinician, location, kind, moment, status="arrived"):
    kind_type = AppointmentType.objects.get(kind=kind)
    return Appointment.objects.create(
        runner=runner,
        clinician=clinician,
        location=location,
        appointment_type=kind_type,
        starts_at=moment,
        ends_at=moment + timedelta(minutes=kind_type.duration_minutes),
        status=status,
        cancel_reason="Changed plans" if status == "cancelled" else "",
        cancelled_at=moment if status == "cancelled" else None,
    )


def full_days(program, first: date, count: int):
    for n in range(count):
        log_full_day(program, first + timedelta(days=n))


def nprs(runner, score, day):
    record_response(
        runner=runner, questionnaire="nprs", answers={"NPRS": score}, source="runner",
        completed_on=day,
    )  # fmt: skip


def kujala(runner, answers, day):
    record_response(
        runner=runner,
        questionnaire="kujala",
        answers={f"K{n}": a for n, a in enumerate(answers, 1)},
        source="runner",
        completed_on=day,
    )


def build() -> ReportPractice:
    cary, _ = Location.objects.update_or_create(  # the practice's first office (a migration)
        name="Cary", defaults={"address": "1 Main St, Cary, NC", "time_zone": NY}
    )
    nashville = Location.objects.create(
        name="Nashville", address="300 Broadway, Nashville, TN", time_zone=CHICAGO
    )
    dana = UserFactory(first_name="Dana", last_name="Whitfield", role=Role.CLINICIAN)
    marcus = UserFactory(first_name="Marcus", last_name="Hale", role=Role.CLINICIAN)
    # Dana: Mondays 9-17 at Cary, an extra Saturday morning (31 Jan, 9-12), an afternoon off
    # (Monday 19 Jan, 13-17). Marcus: Fridays 8-16 at Nashville.
    WorkingHoursFactory(clinician=dana, location=cary, weekday=0)
    WorkingHoursFactory(
        clinician=marcus, location=nashville, weekday=4,
        start_time=datetime.time(8), end_time=datetime.time(16),
    )  # fmt: skip
    ScheduleChange.objects.create(
        clinician=dana, kind=ScheduleChange.Kind.EXTRA_HOURS, location=cary,
        starts_at=at(date(2026, 1, 31), 9), ends_at=at(date(2026, 1, 31), 12),
    )  # fmt: skip
    ScheduleChange.objects.create(
        clinician=dana, kind=ScheduleChange.Kind.TIME_OFF,
        starts_at=at(date(2026, 1, 19), 13), ends_at=at(date(2026, 1, 19), 17),
    )  # fmt: skip
    practice = ReportPractice(cary, nashville, dana, marcus)

    def runner(name, location):
        person = RunnerFactory(first_name=name, location=location, time_zone=location.time_zone)
        practice.runners[name] = person
        return person

    # R1: Roadmap 10 Jan, program 12 Jan, every day of its first 4 weeks done, then nothing;
    # NPRS 6 -> 2 and Kujala 70 -> 75; discharged 20 Feb, improved. Follow-up 5 Feb.
    r1 = runner("R1", cary)
    visit(r1, dana, cary, "roadmap", at(date(2026, 1, 10), 9))
    program = start_program(r1, start=date(2026, 1, 12), weeks=6, by=dana)
    full_days(program, date(2026, 1, 12), 28)
    visit(r1, dana, cary, "follow_up", at(date(2026, 2, 5), 10))
    nprs(r1, 6, date(2026, 1, 10))
    kujala(r1, [1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], date(2026, 1, 10))
    nprs(r1, 2, date(2026, 2, 20))
    kujala(r1, [1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0], date(2026, 2, 20))
    _discharge(r1, dana, date(2026, 2, 20))

    # R2: Roadmap 20 Jan, but the program starts 21 days later (10 Feb); no logs.
    r2 = runner("R2", cary)
    visit(r2, dana, cary, "roadmap", at(date(2026, 1, 20), 11))
    start_program(r2, start=date(2026, 2, 10), weeks=6, by=dana)

    # R3: Roadmap 25 Jan, no-show.
    r3 = runner("R3", cary)
    visit(r3, dana, cary, "roadmap", at(date(2026, 1, 25), 9), status="no_show")

    # R4: Roadmap 3 Feb, program the same day, 9 full days of its first 28 (32 %); follow-ups
    # 17 Feb (no-show) and 3 Mar.
    r4 = runner("R4", cary)
    visit(r4, dana, cary, "roadmap", at(date(2026, 2, 3), 9))
    program = start_program(r4, start=date(2026, 2, 3), weeks=6, by=dana)
    full_days(program, date(2026, 2, 3), 9)
    visit(r4, dana, cary, "follow_up", at(date(2026, 2, 17), 9), status="no_show")
    visit(r4, dana, cary, "follow_up", at(date(2026, 3, 3), 9))

    # R5 at Nashville: Roadmap 31 Jan at 23:30 Chicago time (1 Feb in UTC: January locally);
    # program 2 Feb, 20 full days of its first 28 (71 %); NPRS 3 -> 6, discharged 15 Mar: worse.
    r5 = runner("R5", nashville)
    visit(r5, marcus, nashville, "roadmap", at(date(2026, 1, 31), 23, 30, tz=CHICAGO))
    program = start_program(r5, start=date(2026, 2, 2), weeks=6, by=marcus)
    full_days(program, date(2026, 2, 2), 20)
    nprs(r5, 3, date(2026, 2, 2))
    nprs(r5, 6, date(2026, 3, 15))
    _discharge(r5, marcus, date(2026, 3, 15))

    # R6: Roadmap 20 Mar, program 21 Mar, every day done to 31 Mar: its 4 weeks aren't over.
    r6 = runner("R6", cary)
    visit(r6, dana, cary, "roadmap", at(date(2026, 3, 20), 9))
    program = start_program(r6, start=date(2026, 3, 21), weeks=6, by=dana)
    full_days(program, date(2026, 3, 21), 11)

    # R7: Roadmap 5 Mar, cancelled.
    r7 = runner("R7", cary)
    visit(r7, dana, cary, "roadmap", at(date(2026, 3, 5), 9), status="cancelled")
    return practice


def _discharge(runner, clinician, day):
    return discharge_runner(
        runner=runner,
        reason="goals_met",
        note="",
        home_program=[],
        home_sessions_per_day=1,
        home_days_per_week=3,
        today=day,
        by=clinician,
    )
