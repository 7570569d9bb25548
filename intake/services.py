"""Writes of the intake: signing and amending screenings and visit notes, the runner's history
(kept version by version), overrides, responses, invitations."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.models import Channel, DeliveryKind
from clinic.notifications.outbox import enqueue
from intake import questionnaires
from intake.invitation import appointment_day
from intake.models import (
    QuestionnaireResponse,
    RedFlag,
    RedFlagOverride,
    ResponseSource,
    RunnerHistory,
    RunnerHistoryRevision,
    Screening,
    VisitNote,
)


def invite_to_questionnaires(*, runner, appointment=None) -> None:
    """Queue the email with one signed link per intake questionnaire (intake.invitation).

    Booking calls this inside its transaction: the ledger row commits with the booking, and the
    mail goes after commit, once, with retries; a rolled-back booking sends nothing. By email
    whatever the runner's channel: four links don't fit in a text. A runner with no email
    address gets a "skipped: no email address" row in the outbox, for the front desk to see.
    """
    enqueue(
        DeliveryKind.INTAKE_INVITATION,
        runner=runner,
        reference=str(appointment.code) if appointment else "",
        local_date=appointment_day(appointment) if appointment else None,
        channel=Channel.EMAIL,
    )


# Actions called when a signed screening brings new red flags, as action(screening=, kinds=),
# inside the signing transaction. Programs registers its clinician alert here from its
# AppConfig.ready(): intake knows nothing of programs.
RED_FLAGS_SIGNED: list[Callable[..., None]] = []


def on_red_flags_signed(action: Callable[..., None]) -> None:
    if action not in RED_FLAGS_SIGNED:
        RED_FLAGS_SIGNED.append(action)


def _announce_red_flags(screening: Screening, kinds) -> None:
    kinds = sorted(kinds)
    if screening.signed_at is None or not kinds:
        return
    for action in RED_FLAGS_SIGNED:
        action(screening=screening, kinds=kinds)


@transaction.atomic
def save_screening(*, screening: Screening, red_flags: list[str], sign: bool) -> Screening:
    """Save a draft screening (new or edited) and its red-flag checklist; sign it if asked."""
    if screening.pk and Screening.objects.filter(pk=screening.pk, signed_at__isnull=False).exists():
        raise ValidationError("A signed screening can't be edited; amend it instead.")
    if sign:
        screening.signed_at = timezone.now()
    screening.save()
    _replace_red_flags(screening, red_flags)
    if sign:
        _announce_red_flags(screening, red_flags)
    return screening


@transaction.atomic
def amend_screening(
    *, original: Screening, amendment: Screening, red_flags: list[str], clinician, reason: str
) -> Screening:
    """Record a correction of a signed screening as a new signed version; the original stays."""
    locked = Screening.objects.select_for_update().get(pk=original.pk)
    if not locked.is_signed:
        raise ValidationError("Only a signed screening is amended; edit the draft instead.")
    if Screening.objects.filter(amends=locked).exists():
        raise ValidationError("This version was already amended; amend the latest version.")
    if amendment.pk is not None:
        raise ValueError("an amendment is a new, unsaved screening")
    amendment.runner = locked.runner
    amendment.amends = locked
    amendment.clinician = clinician
    amendment.amendment_reason = reason
    amendment.signed_at = timezone.now()
    amendment.save()
    _replace_red_flags(amendment, red_flags)
    before = set(locked.red_flags.values_list("kind", flat=True))
    _announce_red_flags(amendment, set(red_flags) - before)
    return amendment


def _replace_red_flags(screening: Screening, kinds: list[str]) -> None:
    screening.red_flags.exclude(kind__in=kinds).delete()
    existing = set(screening.red_flags.values_list("kind", flat=True))
    RedFlag.objects.bulk_create(
        RedFlag(screening=screening, kind=kind) for kind in kinds if kind not in existing
    )


def override_red_flag(
    *, screening: Screening, kind: str, clinician, reason: str
) -> RedFlagOverride:
    """A clinician's explicit go-ahead despite a red flag; it covers every version of the exam."""
    if not screening.red_flags.filter(kind=kind).exists():
        raise ValidationError("That red flag isn't on this screening.")
    override, _ = RedFlagOverride.objects.get_or_create(
        screening=screening.original(),
        kind=kind,
        defaults={"clinician": clinician, "reason": reason},
    )
    return override


def record_response(
    *,
    runner,
    questionnaire: str,
    answers: dict[str, int | None],
    source: str,
    entered_by=None,
    completed_on=None,
    link_nonce: str | None = None,
) -> QuestionnaireResponse:
    """Score and keep one filled questionnaire. Raises ValueError if it can't be scored."""
    scores = questionnaires.score(questionnaire, answers)
    return QuestionnaireResponse.objects.create(
        runner=runner,
        questionnaire=questionnaire,
        answers=answers,
        scores=scores,
        source=source,
        entered_by=entered_by,
        completed_on=completed_on or timezone.localdate(),
        link_nonce=link_nonce if source == ResponseSource.LINK else None,
    )


@transaction.atomic
def save_history(*, history: RunnerHistory, by) -> RunnerHistory:
    """Save the runner's history; if it changed, the answers it replaces are kept first.

    The stored row is locked, so two people saving at once each keep what the other replaced.
    """
    before = (
        RunnerHistory.objects.select_for_update().filter(pk=history.pk).first()
        if history.pk
        else None
    )
    if before is not None:
        if before.answers() == history.answers():
            return before
        RunnerHistoryRevision.objects.create(
            history=before,
            answers=before.answers(),
            written_by=before.updated_by,
            written_at=before.updated_at,
            replaced_by=by,
        )
    history.updated_by = by
    history.save()
    return history


@transaction.atomic
def save_visit_note(*, note: VisitNote, sign: bool) -> VisitNote:
    """Save a draft note (new or edited); sign it if asked. A signed note is never edited."""
    if note.pk and VisitNote.objects.filter(pk=note.pk, signed_at__isnull=False).exists():
        raise ValidationError("A signed note can't be edited; amend it instead.")
    if note.appointment.runner_id != note.runner_id:
        raise ValueError("a visit note belongs to the runner of its visit")
    if sign:
        if not any(text.strip() for _, text in note.sections()):
            raise ValidationError("Write at least one part of the note before signing it.")
        note.signed_at = timezone.now()
    note.save()
    return note


@transaction.atomic
def amend_visit_note(
    *, original: VisitNote, amendment: VisitNote, clinician, reason: str
) -> VisitNote:
    """A correction of a signed note, as a new signed version; the original stays readable."""
    locked = VisitNote.objects.select_for_update().get(pk=original.pk)
    if not locked.is_signed:
        raise ValidationError("Only a signed note is amended; edit the draft instead.")
    if VisitNote.objects.filter(amends=locked).exists():
        raise ValidationError("This version was already amended; amend the latest version.")
    if amendment.pk is not None:
        raise ValueError("an amendment is a new, unsaved note")
    if not any(text.strip() for _, text in amendment.sections()):
        raise ValidationError("An amended note can't be empty.")
    amendment.appointment_id = locked.appointment_id
    amendment.runner_id = locked.runner_id
    amendment.amends = locked
    amendment.clinician = clinician
    amendment.amendment_reason = reason
    amendment.signed_at = timezone.now()
    amendment.save()
    return amendment
