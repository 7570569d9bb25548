"""Demo clinical record and the practice's numbers: visit notes (a draft, a signed one, an
amended one), a discharged runner with a home program, and five months of Runner's Roadmap
history for the reports.

`clear` runs before the booking seeder: notes hang on visits that seeder replaces. The history
runners (…@history.runners.test) are made once and left alone after, so a second run adds
nothing; their dates are counted back from the day they were first seeded.
"""

import datetime
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clinic.booking import slots
from clinic.booking.schedule import zone
from clinic.clock import local_today
from clinic.models import Appointment, AppointmentType, Runner
from clinic.tooling.demo.booking import HOURS
from intake.models import VisitNote
from intake.questionnaires import items
from intake.services import amend_visit_note, record_response, save_visit_note
from programs.discharge import discharge_runner
from programs.models import Discharge, Program, Protocol, SetLog
from programs.selectors import version_on, with_versions
from programs.services import ItemSpec, assign_program

HISTORY_DOMAIN = "history.runners.test"
HISTORY_RUNNERS = 25
FIRST_NAMES = ["Lena", "Omar", "Bea", "Hugo", "Iris", "Theo", "Maya", "Finn", "Zara", "Ravi"]
LAST_NAMES = ["Park", "Silva", "Moreau", "Quist", "Adeyemi"]
KOOS_CODES = [item.code for item in items("koos")]

NOTES = {
    "signed": {
        "subjective": "Ran 8 km on Saturday with no pain; stairs fine. Slight ache after sitting.",
        "objective": "Hip IR right 27°, left 29°. Single-leg squat right: fair, knee holds line.",
        "assessment": "Hip control improving; load tolerance up since the last visit.",
        "plan": "Progress side lunges to 3 × 10. Keep 90/90 daily. Review in two weeks.",
    },
    "amended": {
        "subjective": "Knee sore on downhills; long run cut to 12 km.",
        "objective": "Knee-to-wall 8 cm right, 9.5 cm left.",
        "assessment": "Ankle stiffness on the right is adding to the knee load.",
        "plan": "Add slant board squats 3 × 10. Review in one week.",
    },
    "draft": {
        "subjective": "Feels ready to add a second run a week.",
        "objective": "",
        "assessment": "",
        "plan": "",
    },
}


def clear(practice) -> None:
    """Remove the demo's visit notes, newest versions first (amendments protect what they amend),
    so the booking seeder may replace the visits they hang on."""
    notes = VisitNote.objects.filter(runner__in=practice.runners)
    for note in sorted(notes, key=lambda n: n.amends_id is None):
        note.delete()


@transaction.atomic
def seed(practice) -> None:
    _visit_notes(practice)
    _discharge(practice)
    if not Runner.objects.filter(email__endswith=f"@{HISTORY_DOMAIN}").exists():
        _history(practice)


# ---- Visit notes for Alex: signed, amended, draft ----------------------------------------------


def _visit(runner, clinician, location, day, hour, kind="follow_up", status="arrived", **extra):
    kind_type = AppointmentType.objects.get(kind=kind)
    starts_at = slots.wall_clock(day, datetime.time(hour), zone(location))
    return Appointment.objects.create(
        runner=runner,
        clinician=clinician,
        location=location,
        appointment_type=kind_type,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=kind_type.duration_minutes),
        status=status,
        source="online" if kind == "roadmap" else "front_desk",
        cancel_reason="Could not make it" if status == "cancelled" else "",
        cancelled_at=starts_at if status == "cancelled" else None,
        **extra,
    )


def _visit_notes(practice):
    alex, dana, cary = practice.runners[0], practice.clinicians[0], practice.location
    today = local_today(cary.time_zone)
    weeks = {"signed": 6, "amended": 4, "draft": 1}
    for state, ago in weeks.items():
        day = today - timedelta(weeks=ago)
        day -= timedelta(days=day.weekday())  # a Monday: Dana works, the demo's week is clear
        visit = _visit(alex, dana, cary, day, 13)  # the history's visits are 8-12 and 15-16
        note = save_visit_note(
            note=VisitNote(appointment=visit, runner=alex, clinician=dana, **NOTES[state]),
            sign=state != "draft",
        )
        if state == "amended":
            amend_visit_note(
                original=note,
                amendment=VisitNote(**{**NOTES[state], "plan": "Add slant board squats 3 × 8."}),
                clinician=dana,
                reason="Dose typed as 3 × 10; agreed 3 × 8 with the runner.",
            )


# ---- A discharged runner: Riley ----------------------------------------------------------------


def _discharge(practice):
    riley, marcus = practice.runners[6], practice.clinicians[1]
    if Discharge.objects.filter(runner=riley).exists():
        return
    program = Program.objects.current().filter(runner=riley).first()
    if program is None:
        return
    today = local_today(riley.time_zone)
    _respond(riley, "nprs", {"NPRS": 6}, program.start_date)
    _respond(riley, "koos", _koos(2), program.start_date)
    _respond(riley, "nprs", {"NPRS": 2}, today)
    _respond(riley, "koos", _koos(1), today)
    current = program.prescriptions.latest()
    keep = [
        ItemSpec(item.exercise, 2, item.dose, "Twice a week is enough now", item.exercise_version)
        for item in current.items.select_related("exercise", "exercise_version")
        if item.exercise.slug
        in ("ninety-ninety-pails-rails", "side-lunge", "wall-squat-with-reach")
    ]
    discharge_runner(
        runner=riley,
        reason="goals_met",
        note="Back to full training for the spring half marathon. Keep the home program twice "
        "a week through the build-up; call us if the knee aches two runs in a row.",
        home_program=keep,
        home_sessions_per_day=1,
        home_days_per_week=2,
        today=today,
        by=marcus,
    )


def _koos(level: int) -> dict:
    return {code: level for code in KOOS_CODES}


def _respond(runner, kind, answers, day):
    record_response(
        runner=runner, questionnaire=kind, answers=answers, source="runner", completed_on=day
    )


# ---- Five months of Runner's Roadmaps for the reports ------------------------------------------

# What became of each history runner, by k % 5 (docs/domain.md §7.3's funnel, step by step):
# 0 no-show; 1 attended, no program; 2 program, low adherence, did not return; 3 program, good
# adherence, discharged without a meaningful change; 4 the whole way, discharged improved.
LOW, GOOD = 0.35, 0.85


def _history(practice):
    cary = practice.location
    protocol = Protocol.objects.get(name="Hip mobility foundations")
    today = local_today(cary.time_zone)
    yesterday = today - timedelta(days=1)
    taken: set = set()  # (clinician, day, hour): no clinician is booked twice at once
    for k in range(HISTORY_RUNNERS):
        clinician = practice.clinicians[k % 2]
        months_back = 1 + k // 5  # five runners a month, one of each tier below
        roadmap_day = _weekday(today - timedelta(days=30 * months_back + 3 + (k * 3) % 20))
        runner = Runner.objects.create(
            first_name=FIRST_NAMES[k % 10],
            last_name=LAST_NAMES[k // 10 % 5] + ("" if k < 10 else f"-{k}"),
            email=f"runner{k}@{HISTORY_DOMAIN}",
            location=cary,
            time_zone=cary.time_zone,
            clinician=clinician,
        )
        tier = k % 5
        mornings = range(8, 12) if k % 2 == 0 else range(10, 13)  # within Dana's, Marcus's hours
        roadmap_day, hour = _free(taken, clinician, roadmap_day, mornings, HOURS[k % 2])
        status = "no_show" if tier == 0 else "arrived"
        _visit(runner, clinician, cary, roadmap_day, hour, kind="roadmap", status=status)
        if tier == 0:
            continue
        _respond(runner, "nprs", {"NPRS": 6 if tier == 4 else 4}, roadmap_day)
        if tier == 4:
            _respond(runner, "koos", _koos(2), roadmap_day)
        if tier == 1:
            continue
        start = roadmap_day + timedelta(days=3)
        program = assign_program(
            runner=runner, protocol=protocol, start_date=start, length_weeks=6,
            by=clinician, red_flags=[],
        )  # fmt: skip
        _logs(program, share=LOW if tier == 2 else GOOD, until=yesterday, seed=k)
        follow_up, hour = _free(
            taken, clinician, start + timedelta(days=14), range(15, 17), HOURS[k % 2]
        )
        if follow_up <= yesterday:
            status = "no_show" if k % 4 == 3 else "arrived"
            _visit(runner, clinician, cary, follow_up, hour, status=status)
        end = start + timedelta(weeks=6) - timedelta(days=1)
        if end > yesterday:
            continue
        if tier == 3:
            _respond(runner, "nprs", {"NPRS": 3}, end)
        if tier == 4:
            _respond(runner, "nprs", {"NPRS": 2}, end)
            _respond(runner, "koos", _koos(1), end)
        discharge_runner(
            runner=runner,
            reason={2: "did_not_return", 3: "self_managing", 4: "goals_met"}[tier],
            note="",
            home_program=[],
            home_sessions_per_day=1,
            home_days_per_week=3,
            today=end,
            by=clinician,
        )


def _free(
    taken: set, clinician, day: datetime.date, hours: range, week: dict
) -> tuple[datetime.date, int]:
    """The first weekday from `day` that the clinician works (`week`: their demo hours by
    weekday) with one of `hours` free for them; marks it taken."""
    while True:
        day = _weekday(day)
        if day.weekday() not in week:  # Marcus has Mondays off
            day += timedelta(days=1)
            continue
        for hour in hours:
            if (clinician.pk, day, hour) not in taken:
                taken.add((clinician.pk, day, hour))
                return day, hour
        day += timedelta(days=1)


def _weekday(day: datetime.date) -> datetime.date:
    """Move a weekend day to the Monday after, so the visit falls in working hours."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _logs(program, *, share: float, until: datetime.date, seed: int):
    """Whole days done on about `share` of the program's days, up to `until` (deterministic)."""
    program = with_versions(Program.objects.filter(pk=program.pk)).get()
    logs = []
    day = program.start_date
    n = 0
    while day <= min(until, program.last_day):
        n += 1
        if (n * 37 + seed * 11) % 100 < share * 100:
            version = version_on(program, day)
            for item in version.items.all():
                for number in range(1, item.sets_per_session * version.sessions_per_day + 1):
                    logs.append(
                        SetLog(
                            code=uuid.uuid4(),
                            program=program,
                            runner_id=program.runner_id,
                            exercise=item.exercise,
                            day=day,
                            set_number=number,
                            dose_kind=item.exercise_version.dose_kind,
                            per_side=item.exercise_version.per_side,
                            prescribed_dose=item.dose,
                            done_dose=item.dose,
                        )
                    )
        day += timedelta(days=1)
    SetLog.objects.bulk_create(logs)
    logged_at = timezone.now() - timedelta(days=1)
    SetLog.objects.filter(program=program).update(logged_at=logged_at)
