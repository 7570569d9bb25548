"""A practice that grows: `grow(cast, n)` brings it to n runners' worth of everything the daily
pages read (programs with logs and feedback, screenings, questionnaires, appointments)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from clinic.clock import local_today
from clinic.models import Role, Runner, User
from tests.clinic.booking.factories import (
    AppointmentFactory,
    WorkingHoursFactory,
    local,
    next_weekday,
)
from tests.factories import RunnerFactory, UserFactory
from tests.intake.factories import QuestionnaireResponseFactory, ScreeningFactory
from tests.programs.factories import feedback, log_full_day, start_program

# Appointments on the viewed day go round this many clinicians, one an hour from 8:00.
CLINICIANS_AT_THE_DESK = 7


@dataclass
class Practice:
    cast: object
    day: datetime.date  # the day the front desk looks at
    desk_clinicians: list[User] = field(default_factory=list)
    runners: list[Runner] = field(default_factory=list)


def practice(cast) -> Practice:
    """Runner A on a program of twelve weeks started 60 days ago; the desk's clinicians' hours."""
    grown = Practice(cast=cast, day=next_weekday(1))
    grown.desk_clinicians = [cast.clinician] + [
        UserFactory(role=Role.CLINICIAN) for _ in range(CLINICIANS_AT_THE_DESK - 1)
    ]
    for clinician in grown.desk_clinicians:
        for weekday in range(5):
            WorkingHoursFactory(clinician=clinician, location=cast.location, weekday=weekday)
    today = local_today(cast.runner_a.time_zone)
    start_program(cast.runner_a, start=today - datetime.timedelta(days=60), weeks=12)
    return grown


def grow(grown: Practice, n: int) -> None:
    """Add runners (and runner A's own history) until there are n runners' worth."""
    cast = grown.cast
    program_a = cast.runner_a.programs.get()
    today = local_today(cast.runner_a.time_zone)
    while len(grown.runners) < n:
        k = len(grown.runners)
        runner = cast.runner_a if k == 0 else RunnerFactory(clinician=cast.clinician)
        if runner is not cast.runner_a:
            program = start_program(runner, start=today - datetime.timedelta(days=20))
            for back in range(0, 20, 2):
                log_full_day(program, today - datetime.timedelta(days=back))
            feedback(program, today - datetime.timedelta(days=1), k % 8)
        # Runner A's own history grows with the practice: a day of logs and a questionnaire each.
        log_full_day(program_a, today - datetime.timedelta(days=k))
        QuestionnaireResponseFactory(
            runner=cast.runner_a,
            completed_on=timezone.localdate() - datetime.timedelta(days=k),
        )
        if k % 10 == 0:
            ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician)
        ScreeningFactory(runner=runner, clinician=cast.clinician)
        AppointmentFactory(
            runner=runner,
            clinician=grown.desk_clinicians[k % CLINICIANS_AT_THE_DESK],
            location=cast.location,
            starts_at=local(grown.day, 8 + k // CLINICIANS_AT_THE_DESK),
        )
        grown.runners.append(runner)
