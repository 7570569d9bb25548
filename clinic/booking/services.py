"""Booking writes: book, reschedule, cancel, mark arrived or no-show. One function per use case.

Every rule (hours, time off, notice, horizon, nobody double-booked) is checked again here at the
moment of writing, inside the transaction that writes. Two people racing for the last slot:
- on Postgres the exclusion constraints refuse the second insert (IntegrityError);
- on SQLite the transaction starts with BEGIN IMMEDIATE (settings), so the second waits for the
  first to commit and then sees its appointment in the overlap check.
Either way the loser gets `SlotUnavailable` and nothing of theirs is saved (not even a new
runner). Mail is enqueued in the same transaction (clinic.booking.mail): the ledger row commits
with the booking, or neither does, and the message goes after commit.
"""

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from clinic.booking import identity, mail, slots
from clinic.booking.schedule import Policy, local_day_span_for, zone
from clinic.booking.slots import Span
from clinic.models import (
    Appointment,
    AppointmentType,
    DeliveryKind,
    Location,
    Runner,
    ScheduleChange,
    User,
    WorkingHours,
)

SLOT_TAKEN = "That slot was just taken."
OVERLAP_CONSTRAINTS = ("appointment_clinician_no_overlap", "appointment_runner_no_overlap")


class BookingError(Exception):
    """A booking that may not happen; the message is for the person booking."""


class SlotUnavailable(BookingError):
    pass


class AlreadyAssessed(BookingError):
    pass


def refusal_for(
    *,
    location: Location,
    clinician: User,
    slot: Span,
    runner: Runner | None = None,
    exclude: Appointment | None = None,
    now: datetime.datetime | None = None,
    policy: Policy | None = None,
) -> str | None:
    """Why this slot can't be booked with this clinician right now, or None."""
    policy = policy or Policy.from_settings()
    now = now or timezone.now()
    tz = zone(location)
    day = slot.start.astimezone(tz).date()
    whole_day = local_day_span_for(location, day)
    hours = WorkingHours.objects.filter(
        location=location, clinician=clinician, weekday=day.weekday()
    )
    changes = ScheduleChange.objects.filter(
        clinician=clinician, starts_at__lt=whole_day.end, ends_at__gt=whole_day.start
    ).filter(Q(kind=ScheduleChange.Kind.TIME_OFF) | Q(location=location))
    extra = [Span(c.starts_at, c.ends_at) for c in changes if c.kind == c.Kind.EXTRA_HOURS]
    off = [Span(c.starts_at, c.ends_at) for c in changes if c.kind == c.Kind.TIME_OFF]
    working = slots.working_spans(
        day,
        tz,
        [slots.WeeklyHours(h.weekday, h.start_time, h.end_time) for h in hours],
        extra=extra,
        time_off=off,
    )
    others = Appointment.objects.holding_time().overlapping(slot.start, slot.end)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    busy = [Span(a.starts_at, a.ends_at) for a in others.filter(clinician=clinician)]
    runner_busy = []
    if runner is not None and runner.pk:
        runner_busy = [Span(a.starts_at, a.ends_at) for a in others.filter(runner=runner)]
    return slots.refusal(
        slot, working=working, busy=busy, window=policy.window(now), runner_busy=runner_busy
    )


def _save_without_overlap(appointment: Appointment) -> None:
    """Save inside a savepoint, turning the exclusion constraints' refusal into SlotUnavailable."""
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        if any(name in str(error) for name in OVERLAP_CONSTRAINTS):
            raise SlotUnavailable(SLOT_TAKEN) from error
        raise


def _create_runner(*, location: Location, clinician: User, details: dict) -> Runner:
    return Runner.objects.create(
        first_name=details["first_name"],
        last_name=details["last_name"],
        email=details.get("email", ""),
        phone=details.get("phone", ""),
        date_of_birth=details.get("date_of_birth"),
        location=location,
        clinician=clinician,
        time_zone=location.time_zone,
    )


def _fill_blanks(runner: Runner, details: dict) -> None:
    """A returning runner's record gains what was missing (never overwrites what's there)."""
    changed = [
        name
        for name in ("email", "phone", "date_of_birth")
        if details.get(name) and not getattr(runner, name)
    ]
    for name in changed:
        setattr(runner, name, details[name])
    if changed:
        runner.save(update_fields=changed)


def book(
    *,
    location: Location,
    clinician: User,
    appointment_type: AppointmentType,
    starts_at: datetime.datetime,
    runner: Runner | None = None,
    new_runner: dict | None = None,
    source: str = Appointment.Source.FRONT_DESK,
    booked_by: User | None = None,
    concern: str = "",
    now: datetime.datetime | None = None,
) -> Appointment:
    """Book `runner` (or a new runner from `new_runner` details) into a slot with `clinician`.

    New-runner details that match a runner on file (by email or phone, clinic.booking.identity)
    book that runner: one record per person. Raises SlotUnavailable or AlreadyAssessed; on either
    nothing is saved.
    """
    slot = Span(
        starts_at, starts_at + datetime.timedelta(minutes=appointment_type.duration_minutes)
    )
    contact = (
        {"email": runner.email, "phone": runner.phone}
        if runner is not None
        else {"email": new_runner.get("email") or "", "phone": new_runner.get("phone") or ""}
    )
    with transaction.atomic():
        # One booking per person at a time: a second one waits here, then sees the first.
        identity.lock_identity(**contact)
        on_file = runner is None and identity.existing_runner(**contact)
        if on_file:
            runner = on_file  # one record per person: the details typed find who they are
        if appointment_type.new_runners_only:
            people = identity.runners_matching(**contact)
            if runner is not None:
                people = people | Runner.objects.filter(pk=runner.pk)
            if identity.is_existing_patient(people):
                raise AlreadyAssessed(
                    f"{runner or new_runner.get('first_name', 'This runner')} has been seen here "
                    "before; the free Runner's Roadmap is for new runners."
                )
        reason = refusal_for(
            location=location, clinician=clinician, slot=slot, runner=runner, now=now
        )
        if reason:
            raise SlotUnavailable(reason)
        if runner is None:
            runner = _create_runner(location=location, clinician=clinician, details=new_runner)
        elif on_file:
            _fill_blanks(runner, new_runner)
        appointment = Appointment(
            runner=runner,
            clinician=clinician,
            location=location,
            appointment_type=appointment_type,
            starts_at=slot.start,
            ends_at=slot.end,
            source=source,
            booked_by=booked_by,
            concern=concern,
        )
        _save_without_overlap(appointment)
        mail.enqueue_for(appointment, DeliveryKind.BOOKING_CONFIRMATION)
        if appointment_type.kind == AppointmentType.Kind.ROADMAP:
            invite_to_intake(runner, appointment)
    return appointment


def book_any_clinician(
    *,
    location: Location,
    clinicians: list[User],
    appointment_type: AppointmentType,
    starts_at: datetime.datetime,
    **details,
) -> Appointment:
    """Online booking: the runner picks a time; the first clinician free then gets them."""
    errors = []
    for clinician in clinicians:
        try:
            return book(
                location=location,
                clinician=clinician,
                appointment_type=appointment_type,
                starts_at=starts_at,
                **details,
            )
        except SlotUnavailable as error:
            errors.append(error)
    raise _telling(errors)


def _telling(errors: list[SlotUnavailable]) -> SlotUnavailable:
    """Of each clinician's refusal, the one that explains: taken by someone else says more than
    "isn't working then" from a clinician who was never offered at that time."""
    for error in errors:
        if str(error) == SLOT_TAKEN:
            return error
    return errors[-1] if errors else SlotUnavailable(SLOT_TAKEN)


def reschedule(
    *,
    appointment: Appointment,
    starts_at: datetime.datetime,
    clinician: User | None = None,
    now: datetime.datetime | None = None,
) -> Appointment:
    """Move an appointment to another slot (and maybe clinician); it keeps its code and link."""
    if appointment.status != Appointment.Status.BOOKED:
        raise BookingError("Only a booked appointment can be moved.")
    clinician = clinician or appointment.clinician
    duration = appointment.ends_at - appointment.starts_at
    slot = Span(starts_at, starts_at + duration)
    with transaction.atomic():
        reason = refusal_for(
            location=appointment.location,
            clinician=clinician,
            slot=slot,
            runner=appointment.runner,
            exclude=appointment,
            now=now,
        )
        if reason:
            raise SlotUnavailable(reason)
        appointment.clinician = clinician
        appointment.starts_at, appointment.ends_at = slot.start, slot.end
        _save_without_overlap(appointment)
        mail.enqueue_for(appointment, DeliveryKind.BOOKING_CHANGE)
    return appointment


def cancel(*, appointment: Appointment, reason: str) -> Appointment:
    """Cancel with a reason; the slot is free again at once. Cancelling twice changes nothing."""
    reason = reason.strip()
    if not reason:
        raise BookingError("Please give a reason for cancelling.")
    with transaction.atomic():
        claimed = Appointment.objects.filter(
            pk=appointment.pk, status=Appointment.Status.BOOKED
        ).update(
            status=Appointment.Status.CANCELLED,
            cancel_reason=reason[:200],
            cancelled_at=timezone.now(),
            updated_at=timezone.now(),
        )
        appointment.refresh_from_db()
        if claimed:
            mail.enqueue_for(appointment, DeliveryKind.BOOKING_CANCELLATION)
    if not claimed and appointment.status != Appointment.Status.CANCELLED:
        raise BookingError("Only a booked appointment can be cancelled.")
    return appointment


def set_attendance(*, appointment: Appointment, status: str) -> Appointment:
    """Arrived or no-show, once the appointment has started (or is about to, for arrivals)."""
    if status not in (Appointment.Status.ARRIVED, Appointment.Status.NO_SHOW):
        raise BookingError("Unknown attendance.")
    if appointment.status == Appointment.Status.CANCELLED:
        raise BookingError("A cancelled appointment can't be marked.")
    if status == Appointment.Status.NO_SHOW and appointment.starts_at > timezone.now():
        raise BookingError("A runner can only be a no-show once the appointment has started.")
    Appointment.objects.filter(pk=appointment.pk).exclude(
        status=Appointment.Status.CANCELLED
    ).update(status=status, updated_at=timezone.now())
    appointment.refresh_from_db()
    return appointment


# What a booked Runner's Roadmap sets off in the clinical areas above booking: intake adds its
# questionnaire invitation from IntakeConfig.ready(). Called inside the booking's transaction;
# each action sends only after commit, so a refused or rolled-back booking sends nothing.
ASSESSMENT_BOOKED: list[Callable[..., None]] = []  # each called as action(runner=, appointment=)


def on_assessment_booked(action: Callable[..., None]) -> None:
    if action not in ASSESSMENT_BOOKED:
        ASSESSMENT_BOOKED.append(action)


def invite_to_intake(runner: Runner, appointment: Appointment) -> None:
    """Booking a Runner's Roadmap starts the runner's intake: the one place booking sets off
    clinical work."""
    for action in ASSESSMENT_BOOKED:
        action(runner=runner, appointment=appointment)
