"""Who may see which intake record: one helper per record, on top of clinic.access.

Screenings are clinical: clinicians and the practice admin only (the front desk gets 403, a
runner 403 by role). Questionnaire responses: clinical staff, and the runner who gave them.
Unknown or guessed codes answer 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from clinic.models import Role
from intake.models import QuestionnaireResponse, Screening


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
