"""Who may see which program. Every programs view fetches through these helpers.

- A runner sees and logs only their own program (anyone else's code answers 404).
- The front desk sees no program, exercise or protocol (403): they are clinical content.
- Clinicians and the practice admin see every program of the practice.
- An exercise's pictures and videos: clinical staff, and runners whose program has the exercise.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from clinic.models import Role
from programs.models import (
    ClinicianAlert,
    Discharge,
    Exercise,
    ExerciseMedia,
    PrescriptionItem,
    Program,
    Protocol,
)


def _clinical(user) -> None:
    if not user.sees_clinical_records:
        raise PermissionDenied


def program_for(user, code) -> Program:
    """The program with this code, if `user` may see it (a runner: only their own)."""
    programs = Program.objects.select_related("runner", "runner__clinician", "protocol")
    if user.role == Role.RUNNER:
        return get_object_or_404(programs, code=code, runner__user=user)
    _clinical(user)
    return get_object_or_404(programs, code=code)


def exercise_for(user, code) -> Exercise:
    _clinical(user)
    return get_object_or_404(Exercise, code=code)


def protocol_for(user, code) -> Protocol:
    _clinical(user)
    return get_object_or_404(Protocol, code=code)


def current_program(runner) -> Program | None:
    """The runner's active or paused program, if any (at most one, by constraint)."""
    program = Program.objects.current().filter(runner=runner).first()
    if program is not None:
        program.runner = runner  # the caller's own, so the page doesn't read it again
    return program


def media_for(user, code) -> ExerciseMedia:
    """A picture or video of an exercise: the library's staff, or a runner prescribed it."""
    media = get_object_or_404(ExerciseMedia.objects.select_related("exercise"), code=code)
    if user.role == Role.RUNNER:
        prescribed = PrescriptionItem.objects.filter(
            exercise_id=media.exercise_id, prescription__program__runner__user=user
        )
        if not prescribed.exists():
            raise Http404
        return media
    _clinical(user)
    return media


def discharge_for(user, code) -> Discharge:
    """A discharge summary: the runner's own, or any for clinical staff (it is their letter)."""
    discharges = Discharge.objects.select_related(
        "runner__location", "runner__clinician", "clinician", "program"
    )
    if user.role == Role.RUNNER:
        return get_object_or_404(discharges, code=code, runner__user=user)
    _clinical(user)
    return get_object_or_404(discharges, code=code)


def alert_for(user, code) -> ClinicianAlert:
    """A clinician alert: clinical staff only (any of the practice's, as with records)."""
    _clinical(user)
    return get_object_or_404(ClinicianAlert.objects.select_related("runner"), code=code)
