"""Factories for programs. `ProgramFactory(runner=r)` starts "Hip mobility foundations" (seeded by
migration) the service's way, so each program has its first prescription version."""

import importlib
import uuid
from datetime import date

from django.apps import apps as django_apps

from clinic.clock import local_today
from programs import summaries
from programs.models import Exercise, Protocol, SessionFeedback, SetLog
from programs.services import assign_program, log_set

FOUNDATIONS = "Hip mobility foundations"


def ensure_library() -> None:
    """Re-run the library's data migrations (idempotent), for tests that flush the database:
    the six exercises and the protocol, their first versions, their drawings."""
    seed = importlib.import_module("programs.migrations.0002_seed_exercises_and_foundations")
    seed.seed(django_apps, None)
    versions = importlib.import_module("programs.migrations.0004_exercise_and_protocol_versions")
    versions.backfill(django_apps, None)
    drawings = importlib.import_module("programs.migrations.0006_exercise_media")
    drawings.illustrate(django_apps, None)


def foundations() -> Protocol:
    return Protocol.objects.get(name=FOUNDATIONS)


def exercise(slug: str) -> Exercise:
    return Exercise.objects.get(slug=slug)


def start_program(runner, *, start: date | None = None, weeks: int = 6, by=None, protocol=None):
    return assign_program(
        runner=runner,
        protocol=protocol or foundations(),
        start_date=start or local_today(runner.time_zone),
        length_weeks=weeks,
        by=by,
        red_flags=[],
    )


def log(program, slug, day, set_number=1, *, today=None, code=None):
    entry, _ = log_set(
        program=program,
        code=code or uuid.uuid4(),
        exercise=exercise(slug),
        day=day,
        set_number=set_number,
        today=today or day,
    )
    return entry


def log_full_day(program, day, *, today=None):
    """Every set due on `day` under the version in force, as SetLog rows in one insert."""
    version = program.prescriptions.filter(effective_from__lte=day).order_by(
        "-effective_from", "-id"
    )[0]
    rows = [
        SetLog(
            code=uuid.uuid4(),
            program=program,
            runner_id=program.runner_id,
            exercise=item.exercise,
            day=day,
            set_number=number,
            dose_kind=item.exercise.dose_kind,
            per_side=item.exercise.per_side,
            prescribed_dose=item.dose,
            done_dose=item.dose,
        )
        for item in version.items.select_related("exercise")
        for number in range(1, item.sets_per_session * version.sessions_per_day + 1)
    ]
    SetLog.objects.bulk_create(rows)
    summaries.refresh(program)  # as logging through the service does
    return rows


def feedback(program, day, pain, note=""):
    given = SessionFeedback.objects.create(
        program=program, runner=program.runner, day=day, knee_pain=pain, note=note
    )
    summaries.refresh(program)  # as giving feedback through the service does
    return given


def png_bytes(size=(64, 48), colour=(31, 111, 92)) -> bytes:
    """A real PNG made with Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


# The first bytes of an MP4 clip (an 'ftyp' box, brand isom) and padding: enough for the check.
MP4_BYTES = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 2048


def picture_of(slug: str, *, caption: str = "Start position"):
    from programs.services import add_media

    return add_media(exercise=exercise(slug), data=png_bytes(), caption=caption, by=None)
