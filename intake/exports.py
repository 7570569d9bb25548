"""Intake's part of a runner's data (see clinic.trust.data_rights): history, screenings, scores."""

from clinic.trust.audit import REDACTED, redact_history
from intake.models import (
    QuestionnaireResponse,
    RedFlag,
    RedFlagOverride,
    RunnerHistory,
    RunnerHistoryRevision,
    Screening,
    VisitNote,
)

SCREENING_FIELDS = [
    "screened_on",
    "signed_at",
    "amendment_reason",
    "forward_lean",
    "anterior_pelvic_tilt",
    "lumbar_compression",
    "calf_ankle_tightness",
    "rotation_position",
    "hip_ir_left",
    "hip_ir_right",
    "hip_er_left",
    "hip_er_right",
    "knee_to_wall_left_cm",
    "knee_to_wall_right_cm",
    "thomas_left",
    "thomas_right",
    "single_leg_squat_left",
    "single_leg_squat_right",
    "findings_notes",
]


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def export_runner(runner) -> dict:
    sections: dict = {}
    history = RunnerHistory.objects.filter(runner=runner).first()
    if history is not None:
        sections["History"] = {
            _label(RunnerHistory, f.name): getattr(history, f.name)
            for f in RunnerHistory._meta.concrete_fields
            if f.name not in ("id", "runner", "updated_by")
        }
        sections["Earlier history answers"] = [
            {
                "written by": str(revision.written_by or "—"),
                "written at": revision.written_at,
                "replaced at": revision.replaced_at,
                "answers": revision.answers,
            }
            for revision in history.revisions.select_related("written_by")
        ]
    screenings = (
        Screening.objects.filter(runner=runner)
        .select_related("clinician")
        .prefetch_related("red_flags")
        .order_by("screened_on", "created_at")
    )
    sections["Screenings"] = [
        {
            "code": str(s.code),
            "clinician": str(s.clinician),
            **{_label(Screening, name): getattr(s, name) for name in SCREENING_FIELDS},
            "red flags": ", ".join(flag.get_kind_display() for flag in s.red_flags.all()),
        }
        for s in screenings
    ]
    notes = (
        VisitNote.objects.filter(runner=runner)
        .select_related("clinician", "appointment")
        .order_by("appointment__starts_at", "created_at")
    )
    sections["Visit notes"] = [
        {
            "visit": note.appointment.starts_at,
            "clinician": str(note.clinician),
            "signed at": note.signed_at,
            "amendment reason": note.amendment_reason,
            "subjective": note.subjective,
            "objective": note.objective,
            "assessment": note.assessment,
            "plan": note.plan,
        }
        for note in notes
    ]
    responses = QuestionnaireResponse.objects.filter(runner=runner).order_by("completed_on")
    sections["Questionnaires"] = [
        {
            "questionnaire": r.get_questionnaire_display(),
            "completed on": r.completed_on,
            "source": r.get_source_display(),
            "scores": r.scores,
            "answers": r.answers,
        }
        for r in responses
    ]
    return sections


def anonymise_runner(runner) -> None:
    """Free text and personal dates go; measurements, flags and scores stay for statistics.

    Updates go through querysets: they bypass the signed-screening rules (anonymising is not
    a clinical amendment) and write no new diffs; the old diffs are redacted below.
    """
    histories = RunnerHistory.objects.filter(runner=runner)
    histories.update(previous_injuries="", next_race="", next_race_date=None, pain_since=None)
    # Earlier answers carry the same free text and dates: they go whole.
    revisions = RunnerHistoryRevision.objects.filter(history__runner=runner)
    revisions.update(answers={})
    # A note is free text about the person: nothing of it is statistics. The fact of the visit
    # note stays (a signed note and an amendment's reason may not be empty).
    notes = VisitNote.objects.filter(runner=runner)
    notes.update(subjective=REDACTED, objective="", assessment="", plan="")
    notes.exclude(amendment_reason="").update(amendment_reason=REDACTED)
    screenings = Screening.objects.filter(runner=runner)
    screenings.update(findings_notes="", amendment_reason="")
    overrides = RedFlagOverride.objects.filter(screening__runner=runner)
    overrides.update(reason=REDACTED)  # a reason is required by the database; the fact stays
    responses = QuestionnaireResponse.objects.filter(runner=runner)
    flags = RedFlag.objects.filter(screening__runner=runner)
    redact_history(histories, revisions, notes, screenings, overrides, responses, flags)
