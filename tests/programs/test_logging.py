"""Runners log sets: once per code, once per set, within a week, on their own local day."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from clinic.clock import local_today
from programs.models import SessionFeedback, SetLog
from programs.services import LogRefused, log_set, undo_set
from tests.programs.factories import exercise, start_program


@pytest.fixture
def today(cast):
    return local_today(cast.runner_a.time_zone)


@pytest.fixture
def program(cast, today):
    return start_program(cast.runner_a, start=today - timedelta(days=10), by=cast.clinician)


def post_log(client, slug, day, set_number=1, code=None, json=True):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        reverse("programs:log_set"),
        {
            "code": str(code or uuid.uuid4()),
            "exercise": str(exercise(slug).code),
            "day": day.isoformat(),
            "set_number": set_number,
        },
        headers=headers,
    )


def live(program):
    return SetLog.objects.filter(program=program, undone_at__isnull=True).count()


def test_a_set_keeps_the_prescribed_dose_beside_the_done_dose(program, today):
    entry, created = log_set(
        program=program,
        code=uuid.uuid4(),
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
        done_dose=6,
    )
    assert created
    assert (entry.prescribed_dose, entry.done_dose, entry.dose_kind) == (8, 6, "reps")
    assert entry.per_side


def test_the_same_code_sent_twice_is_one_set(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    code = uuid.uuid4()
    first = post_log(client, "side-lunge", today, code=code).json()
    again = post_log(client, "side-lunge", today, code=code).json()
    assert first["created"] and not again["created"]
    assert live(program) == 1


def test_a_double_tap_with_two_codes_for_the_same_set_is_one_set(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    post_log(client, "side-lunge", today, set_number=1)
    second = post_log(client, "side-lunge", today, set_number=1)
    assert second.status_code == 200
    assert live(program) == 1


def test_an_offline_set_resent_after_undo_stays_undone(cast, program, today):
    code = uuid.uuid4()
    log_set(
        program=program,
        code=code,
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
    )
    undo_set(program=program, code=code)
    entry, created = log_set(
        program=program,
        code=code,
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
    )
    assert not created and entry.undone_at is not None
    assert live(program) == 0


def test_undo_frees_the_set_to_be_logged_again(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    code = uuid.uuid4()
    post_log(client, "side-lunge", today, code=code)
    client.post(
        reverse("programs:undo_set"), {"code": str(code)}, headers={"Accept": "application/json"}
    )
    assert live(program) == 0
    post_log(client, "side-lunge", today)
    assert live(program) == 1


def test_undoing_twice_changes_nothing(program, today):
    code = uuid.uuid4()
    log_set(
        program=program,
        code=code,
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
    )
    first = undo_set(program=program, code=code).undone_at
    assert undo_set(program=program, code=code).undone_at == first


def test_past_week_can_be_filled_in(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    assert post_log(client, "side-lunge", today - timedelta(days=7)).status_code == 200


def test_eight_days_back_is_refused_with_a_reason(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    response = post_log(client, "side-lunge", today - timedelta(days=8))
    assert response.status_code == 400
    assert "past week" in response.json()["message"]
    assert live(program) == 0


def test_tomorrow_is_refused(program, today):
    with pytest.raises(LogRefused):
        log_set(
            program=program,
            code=uuid.uuid4(),
            exercise=exercise("side-lunge"),
            day=today + timedelta(days=1),
            set_number=1,
            today=today,
        )


def test_a_set_beyond_the_prescription_is_refused(program, today):
    with pytest.raises(LogRefused):
        log_set(
            program=program,
            code=uuid.uuid4(),
            exercise=exercise("side-lunge"),
            day=today,
            set_number=3,
            today=today,
        )


def test_an_exercise_not_prescribed_is_refused(cast, today):
    from programs.services import ItemSpec, change_prescription

    program = start_program(cast.runner_a, start=today)
    change_prescription(
        program=program,
        items=[ItemSpec(exercise("side-lunge"), 2, 8)],
        sessions_per_day=1,
        days_per_week=7,
        effective_from=today,
        note="",
        by=None,
    )
    with pytest.raises(LogRefused):
        log_set(
            program=program,
            code=uuid.uuid4(),
            exercise=exercise("slant-board-squat"),
            day=today,
            set_number=1,
            today=today,
        )


def test_a_set_logged_late_evening_counts_for_the_runners_own_date(cast):
    cast.runner_a.time_zone = "America/Los_Angeles"
    cast.runner_a.save()
    late_evening_in_la = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)  # 22:30 on Mar 2 in LA
    today = local_today(cast.runner_a.time_zone, late_evening_in_la)
    program = start_program(cast.runner_a, start=today)
    entry, _ = log_set(
        program=program,
        code=uuid.uuid4(),
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
    )
    assert entry.day.isoformat() == "2026-03-02"


def test_someone_elses_code_is_not_theirs_to_resend(cast, program, today):
    other = start_program(cast.runner_b, start=today)
    code = uuid.uuid4()
    log_set(
        program=other,
        code=code,
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
    )
    with pytest.raises(LogRefused):
        log_set(
            program=program,
            code=code,
            exercise=exercise("side-lunge"),
            day=today,
            set_number=1,
            today=today,
        )


def test_runner_cannot_undo_another_runners_set(client, cast, program, today):
    other = start_program(cast.runner_b, start=today)
    code = uuid.uuid4()
    log_set(
        program=other,
        code=code,
        exercise=exercise("side-lunge"),
        day=today,
        set_number=1,
        today=today,
    )
    client.force_login(cast.runner_a.user)
    client.post(reverse("programs:undo_set"), {"code": str(code)})
    assert SetLog.objects.get(code=code).undone_at is None


def test_logging_without_javascript_returns_to_the_day(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    day = today - timedelta(days=2)
    response = post_log(client, "side-lunge", day, json=False)
    assert response["Location"] == reverse("programs:today_on", kwargs={"day": day})


def test_garbled_log_is_a_clear_400_not_a_500(client, cast, program):
    client.force_login(cast.runner_a.user)
    response = client.post(
        reverse("programs:log_set"), {"code": "nope"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_knee_feeling_is_saved_once_per_day_and_can_be_changed(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    for pain in (3, 6):
        client.post(
            reverse("programs:feedback"),
            {"day": today.isoformat(), "knee_pain": pain, "note": "stairs"},
        )
    feedback = SessionFeedback.objects.get(program=program)
    assert (feedback.knee_pain, feedback.note) == (6, "stairs")


def test_knee_feeling_out_of_range_keeps_the_note_and_says_why(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    response = client.post(
        reverse("programs:feedback"), {"day": today.isoformat(), "knee_pain": 11, "note": "sore"}
    )
    assert response.status_code == 400
    assert "sore" in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_paused_program_takes_no_sets(cast, program, today):
    from programs.models import ProgramStatus
    from programs.services import set_status

    set_status(program=program, status=ProgramStatus.PAUSED, today=today, by=None)
    program.refresh_from_db()
    with pytest.raises(LogRefused):
        log_set(
            program=program,
            code=uuid.uuid4(),
            exercise=exercise("side-lunge"),
            day=today,
            set_number=1,
            today=today,
        )


def test_today_page_shows_the_logged_set_as_done(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    post_log(client, "side-lunge", today)
    page = client.get(reverse("programs:today")).content.decode()
    assert "Log set 2 of 2" in page
    assert "1</strong> of <span data-day-due>16" in page


def test_a_day_older_than_a_week_is_not_found(client, cast, program, today):
    client.force_login(cast.runner_a.user)
    url = reverse("programs:today_on", kwargs={"day": today - timedelta(days=8)})
    assert client.get(url).status_code == 404
