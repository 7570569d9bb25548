"""A short program for browser tests: two sets of side lunges."""

from clinic.clock import local_today
from programs.services import ItemSpec, change_prescription
from tests.programs.factories import exercise, start_program


def start_short_program(cast):
    today = local_today(cast.runner_a.time_zone)
    program = start_program(cast.runner_a, start=today, by=cast.clinician)
    change_prescription(
        program=program,
        items=[ItemSpec(exercise("side-lunge"), 2, 8)],
        sessions_per_day=1,
        days_per_week=7,
        effective_from=today,
        note="",
        by=cast.clinician,
    )
    return program
