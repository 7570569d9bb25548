"""Writes that span rows: the library's versions, assigning, tuning, pausing programs; logging
and undoing sets."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from programs import alerts, summaries
from programs import media as media_rules
from programs.models import (
    EXERCISE_VERSION_FIELDS,
    Exercise,
    ExerciseMedia,
    ExerciseVersion,
    Prescription,
    PrescriptionItem,
    Program,
    ProgramStatus,
    Protocol,
    ProtocolItem,
    ProtocolVersion,
    SessionFeedback,
    SetLog,
)
from programs.plans import red_flag_hold
from programs.timeline import in_force_on

# Practice rule: a runner may fill in the past week, no further (issue 4).
BACKFILL_DAYS = 7


@dataclass(frozen=True)
class ItemSpec:
    """One line of a prescription or protocol, as a form hands it over.

    `exercise_version` keeps the instructions a program already had; None means the library's
    current version (an exercise new to the program).
    """

    exercise: Exercise
    sets_per_session: int
    dose: int
    notes: str = ""
    exercise_version: ExerciseVersion | None = None


# ---- The library: every change a new version ---------------------------------------------------


def live_programs_prescribing(exercise: Exercise):
    """Current (active or paused) programs whose prescriptions include `exercise`."""
    return Program.objects.current().filter(prescriptions__items__exercise=exercise).distinct()


@transaction.atomic
def save_exercise(*, exercise: Exercise, by) -> Exercise:
    """Save the library's copy of an exercise; a change becomes its next numbered version.

    A live prescription keeps the version it was written with. The dose's kind (breaths, reps,
    seconds; each side or not) can't change while one prescribes the exercise: logged sets
    would change meaning mid-program. A new exercise is the way to a new kind of dose.
    """
    previous = None
    if exercise.pk:
        Exercise.objects.select_for_update().filter(pk=exercise.pk).get()
        previous = ExerciseVersion.objects.filter(pk=exercise.current_version_id).first()
    fields = {name: getattr(exercise, name) for name in EXERCISE_VERSION_FIELDS}
    if previous is not None:
        if all(getattr(previous, name) == value for name, value in fields.items()):
            exercise.save()  # only bookkeeping changed (e.g. retired from prescribing)
            return exercise
        kind_changed = (previous.dose_kind, previous.per_side) != (
            exercise.dose_kind,
            exercise.per_side,
        )
        if kind_changed and live_programs_prescribing(exercise).exists():
            counted = previous.get_dose_kind_display().lower()
            if previous.per_side:
                counted += " each side"
            raise ValidationError(
                {
                    "dose_kind": f"Live programs count this exercise's dose in {counted}: "
                    "keep that, or add a new exercise for the new kind of dose."
                }
            )
    exercise.save()
    version = ExerciseVersion.objects.create(
        exercise=exercise,
        number=previous.number + 1 if previous else 1,
        created_by=by,
        **fields,
    )
    exercise.current_version = version
    exercise.save(update_fields=["current_version"])
    return exercise


def add_media(*, exercise: Exercise, data: bytes, caption: str, by) -> ExerciseMedia:
    """Keep a picture or video of an exercise, checked by its content; MediaRefused says why not.

    The files are written before the row, so a failed write leaves no row pointing nowhere; a
    failed row leaves a file nobody can reach, which is the safer way round.
    """
    inspected = media_rules.inspect(data)
    media = ExerciseMedia(
        exercise=exercise,
        kind=inspected.kind,
        content_type=inspected.content_type,
        size_bytes=len(inspected.content),
        caption=caption,
        uploaded_by=by,
    )
    media.file.save(f"file.{inspected.extension}", ContentFile(inspected.content), save=False)
    if inspected.thumbnail:
        media.thumbnail.save("thumb.jpg", ContentFile(inspected.thumbnail), save=False)
    with transaction.atomic():
        last = exercise.media.aggregate(last=Max("position"))["last"]
        media.position = (last or 0) + 1
        media.save()
    return media


def remove_media(*, media: ExerciseMedia) -> None:
    """Take a picture or video out of the library, and its files off the storage."""
    files = [media.file, media.thumbnail]
    media.delete()
    for file in files:
        if file:
            file.storage.delete(file.name)


def _protocol_items(protocol: Protocol) -> list[dict]:
    return [
        {
            "exercise": item.exercise_id,
            "exercise_version": item.exercise.current_version_id,
            "name": item.exercise.name,
            "sets_per_session": item.sets_per_session,
            "dose": item.dose,
            "notes": item.notes,
        }
        for item in protocol.items.select_related("exercise").order_by("position", "id")
    ]


def _snapshot(protocol: Protocol, by) -> ProtocolVersion:
    return ProtocolVersion.objects.create(
        protocol=protocol,
        number=protocol.version,
        name=protocol.name,
        notes=protocol.notes,
        sessions_per_day=protocol.sessions_per_day,
        days_per_week=protocol.days_per_week,
        items=_protocol_items(protocol),
        created_by=by,
    )


@transaction.atomic
def save_protocol(*, protocol: Protocol, items: list[ItemSpec], by) -> Protocol:
    """Save a protocol and its items; an edit that changes anything is its next version.

    Programs made from it keep their own copy (and the version they started from) until a
    clinician moves them to the new version.
    """
    is_new = protocol.pk is None
    if is_new:
        protocol.created_by = by
    else:
        current = Protocol.objects.select_for_update().get(pk=protocol.pk)
        protocol.version = current.version
    protocol.save()
    protocol.items.all().delete()
    ProtocolItem.objects.bulk_create(
        ProtocolItem(
            protocol=protocol,
            exercise=spec.exercise,
            position=position,
            sets_per_session=spec.sets_per_session,
            dose=spec.dose,
            notes=spec.notes,
        )
        for position, spec in enumerate(items, start=1)
    )
    if is_new:
        _snapshot(protocol, by)
        return protocol
    last = protocol.versions.order_by("-number").first()
    unchanged = last is not None and (
        last.name,
        last.notes,
        last.sessions_per_day,
        last.days_per_week,
        last.items,
    ) == (
        protocol.name,
        protocol.notes,
        protocol.sessions_per_day,
        protocol.days_per_week,
        _protocol_items(protocol),
    )
    if not unchanged:
        protocol.version += 1
        protocol.save(update_fields=["version"])
        _snapshot(protocol, by)
    return protocol


class ProgramRefused(Exception):
    """A program can't be started; `reasons` says why, in words the clinician reads."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _add_version(
    *,
    program: Program,
    items: list[ItemSpec],
    effective_from: date,
    sessions_per_day: int,
    days_per_week: int,
    paused: bool,
    note: str,
    by,
) -> Prescription:
    prescription = Prescription.objects.create(
        program=program,
        effective_from=effective_from,
        sessions_per_day=sessions_per_day,
        days_per_week=days_per_week,
        paused=paused,
        note=note,
        changed_by=by,
    )
    PrescriptionItem.objects.bulk_create(
        PrescriptionItem(
            prescription=prescription,
            exercise=item.exercise,
            exercise_version_id=(
                item.exercise_version.pk
                if item.exercise_version
                else item.exercise.current_version_id
            ),
            position=position,
            sets_per_session=item.sets_per_session,
            dose=item.dose,
            notes=item.notes,
        )
        for position, item in enumerate(items, start=1)
    )
    summaries.refresh(program)
    return prescription


@transaction.atomic
def assign_program(
    *,
    runner,
    protocol: Protocol,
    start_date: date,
    length_weeks: int,
    by,
    red_flags: list[str],
) -> Program:
    """Copy `protocol` into a new program for `runner`, unless a red flag stands in the way.

    `red_flags` are the runner's unresolved red flags from intake: refer, don't prescribe
    (docs/domain.md §3.5).
    """
    if red_flags:
        raise ProgramRefused(red_flags)
    if Program.objects.current().filter(runner=runner).exists():
        raise ProgramRefused(
            ["this runner already has a current program: complete it before starting another"]
        )
    program = Program.objects.create(
        runner=runner,
        protocol=protocol,
        name=protocol.name,
        start_date=start_date,
        length_weeks=length_weeks,
        prescribed_by=by,
        protocol_version=protocol.version,
    )
    items = [
        ItemSpec(item.exercise, item.sets_per_session, item.dose, item.notes)
        for item in protocol.items.select_related("exercise")
    ]
    _add_version(
        program=program,
        items=items,
        effective_from=start_date,
        sessions_per_day=protocol.sessions_per_day,
        days_per_week=protocol.days_per_week,
        paused=False,
        note=f"Started from “{protocol.name}”",
        by=by,
    )
    return program


def _hold_for_red_flags(program: Program, doing: str) -> None:
    """Refuse a change while a later screening's red flag stands (docs/domain.md §3.5, §6).

    The same check that holds a return-to-run plan's advance: refer first, or a clinician records
    an override with a reason on the screening.
    """
    held = red_flag_hold(program.runner)
    if held:
        raise ValidationError(
            f"Unresolved red flag ({', '.join(held)}): {doing} waits until the runner is referred "
            "and the flag is cleared by a later screening, or a clinician records an override "
            "with a reason on the screening."
        )


def latest_version(program: Program) -> Prescription:
    return program.prescriptions.prefetch_related("items__exercise").latest()


def _keeping_instructions(program: Program, items: list[ItemSpec]) -> list[ItemSpec]:
    """Items with the instructions the program already has for each exercise; exercises new to
    it get the library's current version. Changing a dose never swaps the instructions."""
    kept = {
        item.exercise_id: item.exercise_version
        for item in latest_version(program).items.select_related("exercise_version")
    }
    return [
        spec
        if spec.exercise_version or spec.exercise.pk not in kept
        else ItemSpec(
            spec.exercise, spec.sets_per_session, spec.dose, spec.notes, kept[spec.exercise.pk]
        )
        for spec in items
    ]


def newer_instructions(
    prescription: Prescription,
) -> list[tuple[PrescriptionItem, ExerciseVersion]]:
    """Items whose exercise has a newer version in the library than the one prescribed."""
    return [
        (item, item.exercise.current_version)
        for item in prescription.items.all()
        if item.exercise.current_version_id != item.exercise_version_id
    ]


@transaction.atomic
def use_latest_instructions(*, program: Program, today: date, by) -> Prescription:
    """A new version from today with the same doses and the library's current instructions."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status == ProgramStatus.COMPLETED:
        raise ValidationError("This program is completed; start a new one instead.")
    _hold_for_red_flags(program, "moving the program to new instructions")
    current = latest_version(program)
    return _add_version(
        program=program,
        items=[
            ItemSpec(item.exercise, item.sets_per_session, item.dose, item.notes)
            for item in current.items.select_related("exercise")
        ],
        effective_from=max(today, program.start_date),
        sessions_per_day=current.sessions_per_day,
        days_per_week=current.days_per_week,
        paused=current.paused,
        note="Moved to the library's current instructions",
        by=by,
    )


@transaction.atomic
def use_protocol_version(*, program: Program, today: date, by) -> Prescription:
    """A new version from today set from the protocol as it is now (its exercises and doses)."""
    # Lock the program row only: the protocol is an outer join, which Postgres can't lock.
    program = (
        Program.objects.select_for_update(of=("self",))
        .select_related("protocol")
        .get(pk=program.pk)
    )
    protocol = program.protocol
    if protocol is None or program.status == ProgramStatus.COMPLETED:
        raise ValidationError("This program has no protocol to follow, or is completed.")
    _hold_for_red_flags(program, "moving the program to the protocol's new version")
    current = latest_version(program)
    prescription = _add_version(
        program=program,
        items=[
            ItemSpec(item.exercise, item.sets_per_session, item.dose, item.notes)
            for item in protocol.items.select_related("exercise")
        ],
        effective_from=max(today, program.start_date),
        sessions_per_day=protocol.sessions_per_day,
        days_per_week=protocol.days_per_week,
        paused=current.paused,
        note=f"Moved to version {protocol.version} of “{protocol.name}”",
        by=by,
    )
    program.protocol_version = protocol.version
    program.save(update_fields=["protocol_version"])
    return prescription


@transaction.atomic
def change_prescription(
    *,
    program: Program,
    items: list[ItemSpec],
    sessions_per_day: int,
    days_per_week: int,
    effective_from: date,
    note: str,
    by,
) -> Prescription:
    """A new version from `effective_from` on; what came before stays as it was."""
    if not items:
        raise ValidationError("A program needs at least one exercise.")
    if program.status == ProgramStatus.COMPLETED:
        raise ValidationError("This program is completed; start a new one instead.")
    _hold_for_red_flags(program, "changing the doses")
    return _add_version(
        program=program,
        items=_keeping_instructions(program, items),
        effective_from=max(effective_from, program.start_date),
        sessions_per_day=sessions_per_day,
        days_per_week=days_per_week,
        paused=program.status == ProgramStatus.PAUSED,
        note=note,
        by=by,
    )


@transaction.atomic
def set_status(*, program: Program, status: str, today: date, by) -> Program:
    """Pause, resume or complete. Pausing adds a paused version so those days are not due."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status == status:
        return program
    if program.status == ProgramStatus.COMPLETED:
        raise ValidationError("A completed program can't be reopened; start a new one.")
    if status == ProgramStatus.ACTIVE:
        _hold_for_red_flags(program, "resuming the program")
    if status == ProgramStatus.COMPLETED:
        program.ended_on = max(today, program.start_date)
    else:
        current = latest_version(program)
        _add_version(
            program=program,
            items=[
                ItemSpec(
                    item.exercise,
                    item.sets_per_session,
                    item.dose,
                    item.notes,
                    item.exercise_version,
                )
                for item in current.items.select_related("exercise_version")
            ],
            effective_from=max(today, program.start_date),
            sessions_per_day=current.sessions_per_day,
            days_per_week=current.days_per_week,
            paused=status == ProgramStatus.PAUSED,
            note="Paused" if status == ProgramStatus.PAUSED else "Resumed",
            by=by,
        )
    program.status = status
    program.save(update_fields=["status", "ended_on"])
    summaries.refresh(program)  # a completed program leaves the dashboard's figures
    return program


@transaction.atomic
def copy_protocol(*, protocol: Protocol, name: str, by) -> Protocol:
    copy = Protocol.objects.create(
        name=name,
        notes=protocol.notes,
        sessions_per_day=protocol.sessions_per_day,
        days_per_week=protocol.days_per_week,
        created_by=by,
    )
    ProtocolItem.objects.bulk_create(
        ProtocolItem(
            protocol=copy,
            exercise_id=item.exercise_id,
            position=item.position,
            sets_per_session=item.sets_per_session,
            dose=item.dose,
            notes=item.notes,
        )
        for item in protocol.items.all()
    )
    _snapshot(copy, by)
    return copy


def loggable_days(program: Program, today: date) -> list[date]:
    """Days the runner may log: today and the week before, within the program, newest first."""
    first = max(today - timedelta(days=BACKFILL_DAYS), program.start_date)
    last = min(today, program.last_day)
    return [last - timedelta(days=n) for n in range((last - first).days + 1)]


class LogRefused(Exception):
    pass


def _version_on(program: Program, day: date) -> Prescription | None:
    versions = program.prescriptions.filter(effective_from__lte=day).order_by(
        "effective_from", "id"
    )
    return in_force_on(versions.prefetch_related("items__exercise", "items__exercise_version"), day)


def log_set(
    *,
    program: Program,
    code: uuid.UUID,
    exercise: Exercise,
    day: date,
    set_number: int,
    today: date,
    done_dose: int | None = None,
) -> tuple[SetLog, bool]:
    """Record one set; returns (the log, whether it was new).

    The same `code` again (a retry, an offline resend) returns the first log. A second code for a
    set already logged (a double tap) returns the live log of that set. Neither counts twice.
    """
    existing = SetLog.objects.filter(code=code).first()
    if existing is not None:
        if existing.program_id != program.pk:
            raise LogRefused("That set belongs to someone else.")
        return existing, False
    if program.status != ProgramStatus.ACTIVE:
        raise LogRefused("This program is not active, so there is nothing to log.")
    if day not in loggable_days(program, today):
        raise LogRefused("Sets can be logged for today and the past week of your program only.")
    version = _version_on(program, day)
    item = next(
        (item for item in (version.items.all() if version else []) if item.exercise == exercise),
        None,
    )
    if version is None or version.paused or item is None:
        raise LogRefused("That exercise isn't in your program for that day.")
    if not 1 <= set_number <= item.sets_per_session * version.sessions_per_day:
        raise LogRefused("That set isn't part of the day's prescription.")
    log = SetLog(
        code=code,
        program=program,
        runner_id=program.runner_id,
        exercise=exercise,
        day=day,
        set_number=set_number,
        dose_kind=item.exercise_version.dose_kind,
        per_side=item.exercise_version.per_side,
        prescribed_dose=item.dose,
        done_dose=item.dose if done_dose is None else done_dose,
    )
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        # Lost a race: the same code, or the same set under another code, got there first.
        same = SetLog.objects.filter(code=code).first() or SetLog.objects.get(
            program=program, exercise=exercise, day=day, set_number=set_number, undone_at=None
        )
        return same, False
    summaries.refresh(program)
    return log, True


def undo_set(*, program: Program, code: uuid.UUID) -> SetLog | None:
    """Take back a logged set. Undoing twice, or undoing a set never logged, changes nothing."""
    log = SetLog.objects.filter(code=code, program=program).first()
    if log is not None and log.undone_at is None:
        log.undone_at = timezone.now()
        log.save(update_fields=["undone_at"])
        summaries.refresh(program)
    return log


@transaction.atomic
def record_feedback(
    *, program: Program, day: date, knee_pain: int, note: str, today: date
) -> SessionFeedback:
    """How the knee felt after the day's exercises; sending again replaces that day's answer."""
    if day not in loggable_days(program, today):
        raise LogRefused("Feedback can be given for today and the past week of your program.")
    feedback, _ = SessionFeedback.objects.update_or_create(
        program=program,
        day=day,
        defaults={"runner_id": program.runner_id, "knee_pain": knee_pain, "note": note},
    )
    summaries.refresh(program)
    alerts.after_feedback(feedback)
    return feedback
