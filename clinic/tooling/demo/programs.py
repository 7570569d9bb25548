"""Demo programs: runners on "Hip mobility foundations" with a month of logs that show every state
the dashboard knows: steady, falling adherence, pain after exercise, paused, and no program yet.

Idempotent: a runner who already has a program is left alone. Red-flagged runners (from intake's
demo) get no program, as the rule says.
"""

import random
import uuid
import zoneinfo
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils.timezone import now

from clinic.clock import local_today
from intake.selectors import unresolved_red_flags
from programs.models import Program, ProgramStatus, Protocol, SessionFeedback, SetLog
from programs.selectors import version_on, with_versions
from programs.services import ItemSpec, assign_program, change_prescription, set_status

# (share of each day's sets done in days 1-23, in the last 7, pain scores, paused, today done)
PATTERNS = [
    ("steady", 0.9, 0.9, (2, 3, 2, 1), False, 0.4),
    # No program yet: the dashboard offers to start one (intake's demo red-flags Jamie, so the
    # assign page shows the refusal).
    (None, 0, 0, (), False, 0),
    ("pain", 0.85, 0.8, (3, 6, 5), False, 0.0),
    ("patchy", 0.6, 0.55, (4, 3), False, 0.0),
    ("paused", 0.7, 0.3, (4,), True, 0.0),
    ("falling", 0.95, 0.1, (3, 2), False, 0.0),
]
NOTES = ["Felt loose afterwards", "Stairs easier today", "Knee ached on the side lunges", ""]


def seed(practice) -> None:
    protocol = Protocol.objects.get(name="Hip mobility foundations")
    clinician = practice.clinicians[0]
    for index, runner in enumerate(practice.runners):
        pattern = PATTERNS[index % len(PATTERNS)]
        if pattern[0] is None or Program.objects.filter(runner=runner).exists():
            continue
        if unresolved_red_flags(runner):
            continue
        _seed_runner(runner, protocol, runner.clinician or clinician, pattern, index)


@transaction.atomic
def _seed_runner(runner, protocol, clinician, pattern, index):
    _, earlier, recent, pains, paused, today_share = pattern
    rng = random.Random(index)  # noqa: S311 - demo data, repeatable on purpose
    today = local_today(runner.time_zone)
    start = today - timedelta(days=29)
    program = assign_program(
        runner=runner,
        protocol=protocol,
        start_date=start,
        length_weeks=8,
        by=clinician,
        red_flags=[],
    )
    # Two weeks in, the clinician raised the side lunge and deadlift reps: history keeps both.
    first = program.prescriptions.get()
    items = [
        ItemSpec(
            item.exercise,
            item.sets_per_session,
            item.dose + (2 if item.exercise.dose_kind == "reps" else 0),
            item.notes,
        )
        for item in first.items.select_related("exercise")
    ]
    change_prescription(
        program=program,
        items=items,
        sessions_per_day=1,
        days_per_week=7,
        effective_from=start + timedelta(days=14),
        note="More reps: lunges and deadlifts going well",
        by=clinician,
    )
    if paused:
        pause_day = today - timedelta(days=3)
        set_status(program=program, status=ProgramStatus.PAUSED, today=pause_day, by=clinician)
    program = with_versions(Program.objects.filter(pk=program.pk)).get()
    logs, feedback = [], []
    for offset in range(30):
        day = start + timedelta(days=offset)
        share = today_share if day == today else (recent if offset >= 23 else earlier)
        version = version_on(program, day)
        if version is None or version.paused or rng.random() > share + 0.1:
            continue
        done_any = False
        for item in version.items.all():
            for number in range(1, item.sets_per_session + 1):
                if rng.random() <= share:
                    done_any = True
                    logs.append(_log(program, item, day, number))
        if done_any and day != today and rng.random() < 0.5:
            feedback.append((day, rng.choice((1, 2, 3))))
    SetLog.objects.bulk_create(logs)
    # Logged in the evening of each day, so "last activity" on the dashboard reads true.
    for day in {log.day for log in logs}:
        evening = datetime.combine(day, time(19, 30), tzinfo=zoneinfo.ZoneInfo(runner.time_zone))
        SetLog.objects.filter(program=program, day=day).update(logged_at=min(evening, now()))
    for back, pain in enumerate(reversed(pains), start=1):
        feedback.append((today - timedelta(days=back), pain))
    for day, pain in dict(feedback).items():
        SessionFeedback.objects.update_or_create(
            program=program,
            day=day,
            defaults={"runner": runner, "knee_pain": pain, "note": NOTES[(day.day + pain) % 4]},
        )


def _log(program, item, day, number):
    return SetLog(
        code=uuid.uuid4(),
        program=program,
        runner_id=program.runner_id,
        exercise=item.exercise,
        day=day,
        set_number=number,
        dose_kind=item.exercise.dose_kind,
        per_side=item.exercise.per_side,
        prescribed_dose=item.dose,
        done_dose=item.dose,
    )
