"""Assigning, tuning and pausing programs: history is kept, red flags stop a start."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from clinic.clock import local_today
from intake.models import RedFlagKind
from programs.models import DoseKind, Exercise, Program, ProgramStatus, describe_dose
from programs.selectors import plan_of, with_versions
from programs.services import (
    ItemSpec,
    ProgramRefused,
    assign_program,
    change_prescription,
    set_status,
)
from programs.suggestions import suggest
from tests.intake.factories import ScreeningFactory
from tests.programs.factories import exercise, foundations, start_program


def runner_today():
    # The cast's runners live in New York; forms judge dates by the runner's own calendar.
    return local_today("America/New_York")


def test_the_six_exercises_ship_with_their_dose_kinds(db):
    kinds = dict(Exercise.objects.values_list("slug", "dose_kind"))
    assert kinds == {
        "hooklying-breathing": DoseKind.BREATHS,
        "wall-squat-with-reach": DoseKind.BREATHS,
        "side-lunge": DoseKind.REPS,
        "kickstand-romanian-deadlift": DoseKind.REPS,
        "slant-board-squat": DoseKind.REPS,
        "ninety-ninety-pails-rails": DoseKind.HOLD_SECONDS,
    }


def test_foundations_protocol_lists_the_six_in_order(db):
    names = [item.exercise.slug for item in foundations().items.select_related("exercise")]
    assert names[:2] == ["hooklying-breathing", "wall-squat-with-reach"]
    assert len(names) == 6


@pytest.mark.parametrize(
    ("kind", "dose", "per_side", "text"),
    [
        (DoseKind.BREATHS, 5, False, "5 breaths"),
        (DoseKind.REPS, 1, False, "1 rep"),
        (DoseKind.REPS, 8, True, "8 reps each side"),
        (DoseKind.HOLD_SECONDS, 30, True, "30 seconds each side"),
    ],
)
def test_a_dose_reads_in_its_own_unit(kind, dose, per_side, text):
    assert describe_dose(kind, dose, per_side=per_side) == text


def test_assigning_copies_the_protocol_into_a_first_version(cast):
    program = start_program(cast.runner_a, by=cast.clinician)
    version = program.prescriptions.get()
    assert version.effective_from == program.start_date
    assert version.items.count() == 6
    assert program.status == ProgramStatus.ACTIVE


def test_red_flag_refuses_the_start(cast):
    with pytest.raises(ProgramRefused):
        assign_program(
            runner=cast.runner_a,
            protocol=foundations(),
            start_date=runner_today(),
            length_weeks=6,
            by=cast.clinician,
            red_flags=["Locked knee"],
        )
    assert not Program.objects.exists()


def test_one_current_program_per_runner(cast):
    start_program(cast.runner_a)
    with pytest.raises(ProgramRefused):
        start_program(cast.runner_a)


def test_tuning_adds_a_version_and_keeps_the_old_one(cast):
    program = start_program(cast.runner_a, start=runner_today() - timedelta(days=10))
    change_prescription(
        program=program,
        items=[ItemSpec(exercise("side-lunge"), 4, 12)],
        sessions_per_day=1,
        days_per_week=7,
        effective_from=runner_today(),
        note="Only lunges for now",
        by=cast.clinician,
    )
    plan = plan_of(with_versions(Program.objects.filter(pk=program.pk)).get())
    lunge = exercise("side-lunge").pk
    assert plan.version_on(runner_today() - timedelta(days=1)).daily_sets == 16
    assert plan.version_on(runner_today()).sets_due == {lunge: 4}


def test_a_tuned_program_needs_an_exercise(cast):
    program = start_program(cast.runner_a)
    with pytest.raises(ValidationError):
        change_prescription(
            program=program,
            items=[],
            sessions_per_day=1,
            days_per_week=7,
            effective_from=runner_today(),
            note="",
            by=cast.clinician,
        )


def test_pausing_makes_the_following_days_not_due(cast):
    program = start_program(cast.runner_a, start=runner_today() - timedelta(days=5))
    set_status(
        program=program, status=ProgramStatus.PAUSED, today=runner_today(), by=cast.clinician
    )
    plan = plan_of(with_versions(Program.objects.filter(pk=program.pk)).get())
    assert plan.version_on(runner_today()).paused
    assert not plan.version_on(runner_today() - timedelta(days=1)).paused


def test_completing_sets_the_end_and_frees_the_runner_for_a_new_program(cast):
    program = start_program(cast.runner_a, start=runner_today() - timedelta(days=5))
    program = set_status(
        program=program, status=ProgramStatus.COMPLETED, today=runner_today(), by=cast.clinician
    )
    assert program.ended_on == runner_today()
    assert start_program(cast.runner_a).pk != program.pk


def test_a_completed_program_cannot_be_reopened(cast):
    program = start_program(cast.runner_a)
    set_status(program=program, status=ProgramStatus.COMPLETED, today=runner_today(), by=None)
    with pytest.raises(ValidationError):
        set_status(program=program, status=ProgramStatus.ACTIVE, today=runner_today(), by=None)


def test_findings_suggest_exercises_with_reasons():
    suggestions = suggest({"lateral_weakness": "poor right single-leg squat", "hip_stiffness": ""})
    assert [s.slug for s in suggestions] == ["side-lunge", "ninety-ninety-pails-rails"]
    assert "sideways" in suggestions[0].reasons[0]
    assert suggestions[0].screening_notes == ("poor right single-leg squat",)


def test_tilt_and_compression_both_point_to_breathing_once():
    suggestions = suggest({"anterior_pelvic_tilt": "", "lumbar_compression": ""})
    assert [s.slug for s in suggestions] == ["hooklying-breathing", "wall-squat-with-reach"]
    assert len(suggestions[0].reasons) == 2


def test_assign_page_refuses_a_red_flagged_runner(client, cast):
    ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    client.force_login(cast.clinician)
    url = f"/programs/runners/{cast.runner_a.code}/assign/"
    page = client.get(url)
    assert "Red flag" in page.content.decode()
    response = client.post(
        url, {"protocol": foundations().pk, "start_date": runner_today(), "length_weeks": 6}
    )
    assert response.status_code == 400
    assert "Not started" in response.content.decode()
    assert not Program.objects.exists()


def test_assign_page_suggests_from_the_latest_screening(client, cast):
    ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, findings=["limited_internal_rotation"]
    )
    client.force_login(cast.clinician)
    page = client.get(f"/programs/runners/{cast.runner_a.code}/assign/").content.decode()
    assert "Kickstand Romanian deadlift" in page
    assert "internal rotation" in page


def test_assigning_through_the_page_goes_on_to_tuning(client, cast):
    client.force_login(cast.clinician)
    response = client.post(
        f"/programs/runners/{cast.runner_a.code}/assign/",
        {"protocol": foundations().pk, "start_date": runner_today(), "length_weeks": 6},
    )
    program = Program.objects.get(runner=cast.runner_a)
    assert response["Location"] == f"/programs/{program.code}/tune/"


def test_a_start_date_long_past_is_refused_at_the_field(client, cast):
    client.force_login(cast.clinician)
    response = client.post(
        f"/programs/runners/{cast.runner_a.code}/assign/",
        {
            "protocol": foundations().pk,
            "start_date": runner_today() - timedelta(days=30),
            "length_weeks": 6,
        },
    )
    assert response.status_code == 400
    assert "Start today or within the past week" in response.content.decode()
    assert response.context["form"]["length_weeks"].value() == "6"


def tune_data(program, rows, **fields):
    data = {
        "effective_from": runner_today(),
        "sessions_per_day": 1,
        "days_per_week": 7,
        "note": "",
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": 0,
        **fields,
    }
    for n, (slug, sets, dose) in enumerate(rows):
        data.update(
            {
                f"items-{n}-exercise": exercise(slug).pk if slug else "",
                f"items-{n}-sets_per_session": sets,
                f"items-{n}-dose": dose,
            }
        )
    return data


def test_tuning_page_saves_a_new_version(client, cast):
    program = start_program(cast.runner_a)
    client.force_login(cast.clinician)
    response = client.post(
        f"/programs/{program.code}/tune/",
        tune_data(program, [("side-lunge", 3, 12)], note="Harder lunges"),
    )
    assert response.status_code == 302
    assert program.prescriptions.count() == 2
    assert program.prescriptions.latest().note == "Harder lunges"


def test_tuning_cannot_rewrite_a_past_day(client, cast):
    program = start_program(cast.runner_a, start=runner_today() - timedelta(days=3))
    client.force_login(cast.clinician)
    response = client.post(
        f"/programs/{program.code}/tune/",
        tune_data(
            program, [("side-lunge", 3, 12)], effective_from=runner_today() - timedelta(days=1)
        ),
    )
    assert response.status_code == 400
    assert "past days keep what was prescribed" in response.content.decode()
    assert program.prescriptions.count() == 1


def test_tuning_the_same_exercise_twice_is_flagged_on_the_row(client, cast):
    program = start_program(cast.runner_a)
    client.force_login(cast.clinician)
    response = client.post(
        f"/programs/{program.code}/tune/",
        tune_data(program, [("side-lunge", 3, 12), ("side-lunge", 2, 8)]),
    )
    assert "listed twice" in response.content.decode()
    assert program.prescriptions.count() == 1


def test_copying_a_protocol_keeps_its_exercises(client, cast):
    client.force_login(cast.clinician)
    response = client.post(
        f"/programs/protocols/{foundations().code}/copy/", {"name": "Foundations, gentle"}
    )
    assert response.status_code == 302
    copy = type(foundations()).objects.get(name="Foundations, gentle")
    assert copy.items.count() == 6


def test_clinician_adds_an_exercise_to_the_library(client, cast):
    client.force_login(cast.clinician)
    response = client.post(
        "/programs/exercises/new/",
        {
            "name": "Clamshell",
            "purpose": "Side hip strength",
            "setup": "Lie on your side",
            "movement": "Open the knees",
            "cues": "Keep heels together",
            "dose_kind": DoseKind.REPS,
            "default_sets": 2,
            "default_dose": 12,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Exercise.objects.get(slug="clamshell").created_by == cast.clinician


def test_an_exercise_name_already_taken_is_refused_at_the_field(client, cast):
    client.force_login(cast.clinician)
    response = client.post(
        "/programs/exercises/new/",
        {
            "name": "Side lunge",
            "purpose": "x",
            "setup": "x",
            "movement": "x",
            "cues": "x",
            "dose_kind": DoseKind.REPS,
            "default_sets": 2,
            "default_dose": 8,
        },
    )
    assert "already in the library" in response.content.decode()


def test_removing_a_row_when_tuning_drops_that_exercise(client, cast):
    program = start_program(cast.runner_a)
    client.force_login(cast.clinician)
    data = tune_data(program, [("side-lunge", 2, 8), ("slant-board-squat", 3, 10)])
    data["items-1-DELETE"] = "on"
    client.post(f"/programs/{program.code}/tune/", data)
    latest = program.prescriptions.latest()
    assert [item.exercise.slug for item in latest.items.all()] == ["side-lunge"]


@pytest.mark.parametrize(
    "findings, slugs, why",
    [
        ({"forward_lean": ""}, ["wall-squat-with-reach", "hooklying-breathing"], "forward lean"),
        ({"calf_ankle_tightness": ""}, ["wall-squat-with-reach"], "tight calves and ankles"),
        ({"limited_ankle_dorsiflexion": ""}, ["wall-squat-with-reach"], "knee-to-wall"),
    ],
)
def test_lean_calves_and_knee_to_wall_suggest_exercises_with_reasons(findings, slugs, why):
    suggestions = suggest(findings)
    assert [s.slug for s in suggestions] == slugs
    assert all(why in s.reasons[0] for s in suggestions)


def test_one_exercise_for_the_ankle_carries_every_reason_and_note():
    suggestions = suggest(
        {
            "calf_ankle_tightness": "Calf and ankle tightness observed (left side)",
            "limited_ankle_dorsiflexion": "Knee-to-wall: left 7.0 cm, under 9 cm",
        }
    )
    assert [s.slug for s in suggestions] == ["wall-squat-with-reach"]
    assert len(suggestions[0].reasons) == 2
    assert suggestions[0].screening_notes[1] == "Knee-to-wall: left 7.0 cm, under 9 cm"


def test_the_assign_page_suggests_for_a_short_knee_to_wall(client, cast):
    ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, findings=["limited_ankle_dorsiflexion"]
    )
    client.force_login(cast.clinician)
    page = client.get(f"/programs/runners/{cast.runner_a.code}/assign/").content.decode()
    assert "Wall squat with reach" in page
    assert "a short knee-to-wall" in page
