"""A runner on a program, due for a reminder: the shapes the reminder tests need."""

import datetime
import uuid

from clinic.models import Channel, ReminderPreference, Runner
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionItem,
    Program,
    ProgramStatus,
    SetLog,
)
from tests.factories import RunnerFactory


def on_program(
    runner: Runner | None = None,
    *,
    start: datetime.date,
    weeks: int = 6,
    status: str = ProgramStatus.ACTIVE,
    sets: int = 2,
    exercises: int = 2,
    paused: bool = False,
) -> Program:
    """`runner` (or a new one) on a program from `start`, with `exercises` of the seeded library
    at `sets` sets a day each."""
    runner = runner or RunnerFactory()
    program = Program.objects.create(
        runner=runner,
        name="Hip mobility foundations",
        start_date=start,
        length_weeks=weeks,
        status=status,
        ended_on=start if status == ProgramStatus.COMPLETED else None,
    )
    prescription = Prescription.objects.create(
        program=program, effective_from=start, sessions_per_day=1, paused=paused
    )
    for position, exercise in enumerate(Exercise.objects.order_by("pk")[:exercises]):
        PrescriptionItem.objects.create(
            prescription=prescription,
            exercise=exercise,
            exercise_version_id=exercise.current_version_id,
            position=position,
            sets_per_session=sets,
            dose=exercise.default_dose,
        )
    return program


def prefer(runner: Runner, **fields) -> ReminderPreference:
    preference, _ = ReminderPreference.objects.update_or_create(runner=runner, defaults=fields)
    return preference


def log_sets(program: Program, day: datetime.date, *, sets: int | None = None) -> None:
    """Log `sets` sets of the day's plan (all of them when None)."""
    version = program.prescriptions.order_by("effective_from", "id").last()
    logged = 0
    for item in version.items.select_related("exercise"):
        for number in range(1, item.sets_per_session + 1):
            if sets is not None and logged >= sets:
                return
            SetLog.objects.create(
                code=uuid.uuid4(),
                program=program,
                runner=program.runner,
                exercise=item.exercise,
                day=day,
                set_number=number,
                dose_kind=item.exercise.dose_kind,
                prescribed_dose=item.dose,
                done_dose=item.dose,
            )
            logged += 1


SMS = Channel.SMS
