"""Factories for intake records. Other apps' tests import these (e.g. programs' red-flag checks).

ScreeningFactory(runner=r)                                  # signed, no flags, nothing limited
ScreeningFactory(runner=r, red_flags=[RedFlagKind.LOCKED_KNEE])
ScreeningFactory(runner=r, findings=["lateral_weakness", "hip_stiffness"])
ScreeningFactory(runner=r, draft=True)                      # not signed: selectors ignore it
VisitNoteFactory(runner=r, clinician=c)                     # signed, of a visit that happened
"""

import datetime

import factory
from django.db.models import Q
from django.utils import timezone

from clinic.models import Appointment
from intake.models import (
    QuestionnaireResponse,
    RedFlag,
    RedFlagOverride,
    ResponseSource,
    RotationPosition,
    Screening,
    SquatQuality,
    ThomasResult,
    VisitNote,
)
from tests.clinic.booking.factories import AppointmentFactory
from tests.factories import RunnerFactory, UserFactory

# Measurements that make each finding appear (supine averages: IR 30, ER 38; see intake.findings).
FINDING_VALUES = {
    "anterior_pelvic_tilt": {"anterior_pelvic_tilt": True},
    "lumbar_compression": {"lumbar_compression": True},
    "limited_internal_rotation": {"hip_ir_left": 22, "hip_ir_right": 24},
    "limited_external_rotation": {"hip_er_left": 30, "hip_er_right": 31},
    "lateral_weakness": {"single_leg_squat_right": SquatQuality.POOR},
    "hip_stiffness": {"thomas_left": ThomasResult.POSITIVE},
    "forward_lean": {"forward_lean": True},
    "calf_ankle_tightness": {"calf_ankle_tightness": "left"},
    "limited_ankle_dorsiflexion": {"knee_to_wall_left_cm": 7, "knee_to_wall_right_cm": 10},
}
# A healthy screening: every measurement at or above the supine averages, equal sides.
HEALTHY_VALUES = {
    "rotation_position": RotationPosition.SUPINE,
    "hip_ir_left": 34,
    "hip_ir_right": 35,
    "hip_er_left": 42,
    "hip_er_right": 41,
    "knee_to_wall_left_cm": 11,
    "knee_to_wall_right_cm": 11,
    "thomas_left": ThomasResult.NEGATIVE,
    "thomas_right": ThomasResult.NEGATIVE,
    "single_leg_squat_left": SquatQuality.GOOD,
    "single_leg_squat_right": SquatQuality.GOOD,
}


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening
        skip_postgeneration_save = True

    runner = factory.SubFactory(RunnerFactory)
    clinician = factory.SubFactory(UserFactory, role="clinician")
    screened_on = factory.LazyFunction(timezone.localdate)
    signed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, findings=(), draft=False, **kwargs):
        values = {**HEALTHY_VALUES}
        for finding in findings:
            values.update(FINDING_VALUES[finding])
        values.update(kwargs)
        if draft:
            values["signed_at"] = None
        return super()._create(model_class, *args, **values)

    @factory.post_generation
    def red_flags(obj, create, extracted, **kwargs):
        for kind in extracted or ():
            RedFlag.objects.create(screening=obj, kind=kind)


def override(screening, kind, clinician=None, reason="Seen by orthopaedics; cleared to load"):
    """Record a clinician's override of a red flag on `screening`."""
    return RedFlagOverride.objects.create(
        screening=screening.original(),
        kind=kind,
        clinician=clinician or screening.clinician,
        reason=reason,
    )


class QuestionnaireResponseFactory(factory.django.DjangoModelFactory):
    """A scored response; give `questionnaire`, `answers` and `scores` as they belong together."""

    class Meta:
        model = QuestionnaireResponse

    runner = factory.SubFactory(RunnerFactory)
    questionnaire = "nprs"
    answers = factory.LazyFunction(lambda: {"NPRS": 4})
    scores = factory.LazyFunction(lambda: {"total": 4})
    source = ResponseSource.RUNNER
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


def visit_of(runner, clinician, *, days_ago: int = 1, status=Appointment.Status.ARRIVED):
    """A follow-up visit the runner came to `days_ago` days back, at 10:00 UTC, or the next free
    hour when either of them is already booked then (Postgres refuses a double booking)."""
    hour = datetime.timedelta(hours=1)
    starts_at = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    starts_at -= datetime.timedelta(days=days_ago)
    while Appointment.objects.filter(
        Q(runner=runner) | Q(clinician=clinician),
        starts_at__lt=starts_at + hour,
        ends_at__gt=starts_at,
    ).exists():
        starts_at += hour
    return AppointmentFactory(
        runner=runner,
        clinician=clinician,
        location=runner.location,
        starts_at=starts_at,
        status=status,
    )


class VisitNoteFactory(factory.django.DjangoModelFactory):
    """A signed SOAP note of a visit the runner came to yesterday."""

    class Meta:
        model = VisitNote

    runner = factory.SubFactory(RunnerFactory)
    clinician = factory.SubFactory(UserFactory, role="clinician")
    appointment = factory.LazyAttribute(lambda o: visit_of(o.runner, o.clinician))
    subjective = "Knee ached after the long run on Sunday; stairs fine."
    objective = "Single-leg squat right: fair. Hip IR right 27°."
    assessment = "Better control; load tolerance improving."
    plan = "Add side lunges. Review in two weeks."
    signed_at = factory.LazyFunction(timezone.now)
