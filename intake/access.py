"""Who may see which intake record: one helper per record, on top of clinic.access.

Screenings and visit notes are clinical: clinicians and the practice admin only (the front desk
gets 403, a runner 403 by role). Questionnaire responses: clinical staff, and the runner who gave
them. Unknown or guessed codes answer 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from clinic.models import Appointment, Role
from intake.models import QuestionnaireResponse, Screening, VisitNote


def screening_for(user, code) -> Screening:
    if not user.sees_clinical_records:
        raise PermissionDenied
    screenings = Screening.objects.select_related("runner", "clinician", "amends__clinician")
    return get_object_or_404(screenings.prefetch_related("red_flags"), code=code)


def response_for(user, code) -> QuestionnaireResponse:
    responses = QuestionnaireResponse.objects.select_related("runner", "entered_by")
    if user.role == Role.RUNNER:
        return get_object_or_404(responses, code=code, runner__user=user)
    if not user.sees_clinical_records:
        raise PermissionDenied
    return get_object_or_404(responses, code=code)


def visit_note_for(user, code) -> VisitNote:
    if not user.sees_clinical_records:
        raise PermissionDenied
    notes = VisitNote.objects.select_related(
        "runner",
        "clinician",
        "appointment__appointment_type",
        "appointment__location",
        "appointment__clinician",
        "amends",
    )
    return get_object_or_404(notes, code=code)


def visit_for_note(user, code) -> Appointment:
    """The visit a clinician writes a note of; a cancelled visit has nothing to note."""
    if not user.sees_clinical_records:
        raise PermissionDenied
    visits = Appointment.objects.select_related("runner", "appointment_type", "clinician")
    return get_object_or_404(visits.holding_time(), code=code)
