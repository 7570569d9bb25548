"""A red flag on a later screening holds the program everywhere: tuning, moving to new
instructions or a new protocol version, and resuming, until a clinician overrides it with a
reason. Every page of the runner's program and plan says so."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.clock import local_today
from intake.models import RedFlagKind
from programs.models import ProgramStatus
from programs.services import (
    ItemSpec,
    change_prescription,
    set_status,
    use_latest_instructions,
    use_protocol_version,
)
from tests.intake.factories import ScreeningFactory, override
from tests.programs.factories import exercise, start_program


@pytest.fixture
def today(cast):
    return local_today(cast.runner_a.time_zone)


@pytest.fixture
def program(cast, today):
    """A program started before the screening that found the flag."""
    return start_program(cast.runner_a, start=today - timedelta(days=10), by=cast.clinician)


@pytest.fixture
def flagged(cast, program):
    return ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )


def tune(program, today, by):
    return change_prescription(
        program=program,
        items=[ItemSpec(exercise("side-lunge"), 4, 12)],
        sessions_per_day=1,
        days_per_week=7,
        effective_from=today,
        note="Harder",
        by=by,
    )


def pause(program, today, by):
    set_status(program=program, status=ProgramStatus.PAUSED, today=today, by=by)


def resume(program, today, by):
    return set_status(program=program, status=ProgramStatus.ACTIVE, today=today, by=by)


def instructions(program, today, by):
    return use_latest_instructions(program=program, today=today, by=by)


def protocol_version(program, today, by):
    return use_protocol_version(program=program, today=today, by=by)


@pytest.mark.parametrize(
    "change, words",
    [
        (tune, "changing the doses"),
        (instructions, "moving the program to new instructions"),
        (protocol_version, "moving the program to the protocol's new version"),
        (resume, "resuming the program"),
    ],
)
def test_a_later_red_flag_holds_each_change_until_overridden(cast, today, program, change, words):
    if change is resume:
        pause(program, today, cast.clinician)
    screening = ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    versions = program.prescriptions.count()
    with pytest.raises(ValidationError) as refused:
        change(program, today, cast.clinician)
    assert "Locked knee" in refused.value.messages[0]
    assert words in refused.value.messages[0]
    assert program.prescriptions.count() == versions

    override(screening, RedFlagKind.LOCKED_KNEE)
    change(program, today, cast.clinician)
    assert program.prescriptions.count() == versions + 1


def test_pausing_and_completing_are_never_held(cast, today, program, flagged):
    pause(program, today, cast.clinician)
    program = set_status(
        program=program, status=ProgramStatus.COMPLETED, today=today, by=cast.clinician
    )
    assert program.status == ProgramStatus.COMPLETED


def test_a_later_screening_without_the_flag_clears_the_hold(cast, today, program, flagged):
    ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, screened_on=today + timedelta(days=1)
    )
    tune(program, today, cast.clinician)
    assert program.prescriptions.count() == 2


def test_the_tune_page_shows_the_refusal_by_the_form_not_a_500(client, cast, program, flagged):
    client.force_login(cast.clinician)
    url = reverse("programs:program_tune", kwargs={"code": program.code})
    page = client.get(url)
    assert "Red flag" in page.content.decode() and "Locked knee" in page.content.decode()
    response = client.post(
        url,
        {
            "effective_from": local_today(cast.runner_a.time_zone),
            "sessions_per_day": 1,
            "days_per_week": 7,
            "note": "",
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            "items-0-exercise": exercise("side-lunge").pk,
            "items-0-sets_per_session": 3,
            "items-0-dose": 12,
        },
    )
    assert response.status_code == 400
    assert "changing the doses waits" in response.content.decode()
    assert program.prescriptions.count() == 1


def test_resume_and_library_buttons_answer_with_a_message(client, cast, today, program):
    pause(program, today, cast.clinician)
    ScreeningFactory(
        runner=cast.runner_a, clinician=cast.clinician, red_flags=[RedFlagKind.LOCKED_KNEE]
    )
    client.force_login(cast.clinician)
    code = {"code": program.code}
    for name, data in [
        ("programs:program_status", {"status": "active"}),
        ("programs:program_instructions", {}),
        ("programs:program_protocol", {}),
    ]:
        response = client.post(reverse(name, kwargs=code), data, follow=True)
        assert response.status_code == 200
        assert "Unresolved red flag (Locked knee)" in response.content.decode()
    program.refresh_from_db()
    assert program.status == ProgramStatus.PAUSED


@pytest.mark.parametrize(
    "name, key",
    [
        ("programs:program_detail", "program"),
        ("programs:program_tune", "program"),
        ("programs:running", "runner"),
        ("programs:run_plan", "runner"),
    ],
)
def test_every_clinician_page_of_the_program_and_plan_carries_the_banner(
    client, cast, program, flagged, name, key
):
    client.force_login(cast.clinician)
    code = program.code if key == "program" else cast.runner_a.code
    page = client.get(reverse(name, kwargs={"code": code})).content.decode()
    assert 'id="red-flag-hold"' in page
    assert "Locked knee" in page


def test_today_tells_the_runner_in_plain_words(client, cast, program, flagged):
    client.force_login(cast.runner_a.user)
    page = client.get(reverse("programs:today")).content.decode()
    assert "Your program is on hold for a check" in page
    assert "Locked knee" not in page  # the clinician explains the clinical reason


def test_no_banner_without_a_flag_or_once_overridden(client, cast, program, flagged):
    override(flagged, RedFlagKind.LOCKED_KNEE)
    client.force_login(cast.clinician)
    detail = client.get(reverse("programs:program_detail", kwargs={"code": program.code}))
    assert 'id="red-flag-hold"' not in detail.content.decode()
    client.force_login(cast.runner_a.user)
    assert "on hold for a check" not in client.get(reverse("programs:today")).content.decode()
