"""Programs' part of a runner's data (clinic.trust.data_rights): programs, prescriptions, logs."""

from clinic.trust.audit import redact_history
from programs.models import (
    ClinicianAlert,
    Discharge,
    DischargeOutcome,
    HomeExercise,
    MorningPain,
    Prescription,
    PrescriptionItem,
    Program,
    RunLog,
    RunPlan,
    SessionFeedback,
    SetLog,
)


def export_runner(runner) -> dict:
    programs = (
        Program.objects.filter(runner=runner)
        .select_related("protocol", "prescribed_by")
        .order_by("start_date")
    )
    prescriptions = (
        Prescription.objects.filter(program__runner=runner)
        .select_related("program", "changed_by")
        .prefetch_related("items__exercise")
        .order_by("program__start_date", "effective_from", "created_at")
    )
    logs = (
        SetLog.objects.filter(runner=runner)
        .select_related("exercise", "program")
        .order_by("day", "logged_at")
    )
    feedback = SessionFeedback.objects.filter(runner=runner).order_by("day")
    discharges = (
        Discharge.objects.filter(runner=runner)
        .select_related("clinician")
        .prefetch_related("outcomes", "home_program__exercise_version")
        .order_by("discharged_on")
    )
    runs = RunLog.objects.filter(runner=runner).order_by("day", "logged_at")
    mornings = MorningPain.objects.filter(runner=runner).order_by("day")
    return {
        "Programs": [
            {
                "name": p.name,
                "protocol": str(p.protocol) if p.protocol else None,
                "start date": p.start_date,
                "weeks": p.length_weeks,
                "status": p.get_status_display(),
                "ended on": p.ended_on,
                "prescribed by": str(p.prescribed_by) if p.prescribed_by else None,
            }
            for p in programs
        ],
        "Prescriptions": [
            {
                "program": rx.program.name,
                "from": rx.effective_from,
                "sessions a day": rx.sessions_per_day,
                "days a week": rx.days_per_week,
                "paused": rx.paused,
                "note": rx.note,
                "exercises": [str(item.exercise) for item in rx.items.all()],
            }
            for rx in prescriptions
        ],
        "Logged sets": [
            {
                "day": log.day,
                "exercise": str(log.exercise),
                "set": log.set_number,
                "prescribed": log.prescribed_dose,
                "done": log.done_dose,
                "dose": log.get_dose_kind_display(),
                "undone": log.undone_at is not None,
            }
            for log in logs
        ],
        "How the knee felt": [
            {"day": f.day, "knee pain (0-10)": f.knee_pain, "note": f.note} for f in feedback
        ],
        "Runs": [
            {
                "day": r.day,
                "what": r.get_kind_display(),
                "distance (km)": r.distance_km,
                "minutes": r.duration_minutes,
                "effort (0-10)": r.effort,
                "pain during (0-10)": r.pain_during,
                "pain after (0-10)": r.pain_after,
                "stopped by pain": r.stopped_by_pain,
                "colour": r.get_colour_display() if r.colour else None,
                "stage": r.stage,
                "note": r.note,
            }
            for r in runs
        ],
        "Morning pain": [{"day": m.day, "knee pain (0-10)": m.pain} for m in mornings],
        "Return-to-run plans": [
            {
                "stage": p.stage,
                "since": p.stage_since,
                "session": p.session_text,
                "sessions a week": p.sessions_per_week,
                "stages": p.stages,
                "entry criteria": p.entry_criteria,
                "live": p.is_live,
            }
            for p in RunPlan.objects.filter(runner=runner).order_by("created_at")
        ],
        "Alerts to the clinician": [
            {"day": a.day, "what": a.get_kind_display(), "reason": a.reason}
            for a in ClinicianAlert.objects.filter(runner=runner).order_by("day")
        ],
        "Discharges": [
            {
                "discharged on": d.discharged_on,
                "clinician": str(d.clinician),
                "reason": d.get_reason_display(),
                "note": d.note,
                "adherence (%)": d.adherence_percent,
                "return-to-run stage": d.return_to_run_stage,
                "weekly distance (km)": d.weekly_distance_km,
                "outcomes": [
                    f"{o.label}: {o.first_score:g} → {o.last_score:g}" for o in d.outcomes.all()
                ],
                "home program": [str(item) for item in d.home_program.all()],
            }
            for d in discharges
        ],
    }


def anonymise_runner(runner) -> None:
    """Notes go; doses, logs and pain scores stay for adherence and outcome statistics."""
    feedback = SessionFeedback.objects.filter(runner=runner)
    feedback.update(note="")
    prescriptions = Prescription.objects.filter(program__runner=runner)
    prescriptions.update(note="")
    items = PrescriptionItem.objects.filter(prescription__program__runner=runner)
    items.update(notes="")
    discharges = Discharge.objects.filter(runner=runner)
    discharges.update(note="")
    home = HomeExercise.objects.filter(discharge__runner=runner)
    home.update(notes="")
    runs = RunLog.objects.filter(runner=runner)
    runs.update(note="")
    redact_history(
        Program.objects.filter(runner=runner),
        prescriptions,
        items,
        SetLog.objects.filter(runner=runner),
        feedback,
        discharges,
        DischargeOutcome.objects.filter(discharge__runner=runner),
        home,
        runs,
        MorningPain.objects.filter(runner=runner),
        RunPlan.objects.filter(runner=runner),
        ClinicianAlert.objects.filter(runner=runner),
    )
