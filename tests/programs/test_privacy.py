"""Who may change what: the forms refuse the wrong roles, and guessed codes find nothing."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.clock import local_today
from programs.models import Exercise, Program, ProgramStatus, Protocol, SetLog
from tests.programs.factories import exercise, foundations, log_full_day, start_program


@pytest.fixture
def program(cast):
    today = local_today(cast.runner_a.time_zone)
    return start_program(cast.runner_a, start=today - timedelta(days=3), by=cast.clinician)


NOT_CLINICAL = ("front_desk", "runner_a", "runner_b")


@pytest.mark.parametrize("role", NOT_CLINICAL)
def test_only_clinical_staff_may_assign(client, cast, role):
    client.force_login(cast.user(role))
    response = client.post(
        reverse("programs:assign", kwargs={"code": cast.runner_a.code}),
        {"protocol": foundations().pk, "start_date": local_today("UTC"), "length_weeks": 6},
    )
    assert response.status_code == 403
    assert not Program.objects.exists()


@pytest.mark.parametrize("role", NOT_CLINICAL)
def test_only_clinical_staff_may_pause(client, cast, program, role):
    client.force_login(cast.user(role))
    url = reverse("programs:program_status", kwargs={"code": program.code})
    assert client.post(url, {"status": "paused"}).status_code == 403
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACTIVE


@pytest.mark.parametrize("role", NOT_CLINICAL)
def test_only_clinical_staff_may_tune(client, cast, program, role):
    client.force_login(cast.user(role))
    url = reverse("programs:program_tune", kwargs={"code": program.code})
    assert client.post(url, {}).status_code == 403
    assert program.prescriptions.count() == 1


@pytest.mark.parametrize("role", NOT_CLINICAL)
def test_only_clinical_staff_may_edit_the_library(client, cast, role):
    client.force_login(cast.user(role))
    side_lunge = exercise("side-lunge")
    response = client.post(
        reverse("programs:exercise_edit", kwargs={"code": side_lunge.code}), {"name": "Hacked"}
    )
    assert response.status_code == 403
    assert Exercise.objects.filter(name="Side lunge").exists()
    copy = client.post(
        reverse("programs:protocol_copy", kwargs={"code": foundations().code}), {"name": "Mine"}
    )
    assert copy.status_code == 403
    assert not Protocol.objects.filter(name="Mine").exists()


@pytest.mark.parametrize("role", ["front_desk", "clinician", "admin"])
def test_only_runners_log_sets(client, cast, program, role):
    client.force_login(cast.user(role))
    response = client.post(
        reverse("programs:log_set"),
        {
            "code": str(uuid.uuid4()),
            "exercise": str(exercise("side-lunge").code),
            "day": program.start_date.isoformat(),
            "set_number": 1,
        },
    )
    assert response.status_code == 403
    assert not SetLog.objects.exists()


def test_runner_without_a_program_cannot_log_into_someone_elses(client, cast, program):
    client.force_login(cast.runner_b.user)
    response = client.post(
        reverse("programs:log_set"),
        {
            "code": str(uuid.uuid4()),
            "exercise": str(exercise("side-lunge").code),
            "day": program.start_date.isoformat(),
            "set_number": 1,
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert not SetLog.objects.exists()


def test_runner_b_feedback_never_lands_on_runner_a(client, cast, program):
    client.force_login(cast.runner_b.user)
    response = client.post(
        reverse("programs:feedback"), {"day": program.start_date.isoformat(), "knee_pain": 2}
    )
    assert response.status_code == 404
    assert not program.feedback.exists()


@pytest.mark.parametrize(
    "name", ["programs:program_detail", "programs:program_tune", "programs:handout"]
)
def test_a_guessed_program_code_finds_nothing(client, cast, program, name):
    client.force_login(cast.clinician)
    assert client.get(reverse(name, kwargs={"code": uuid.uuid4()})).status_code == 404


def test_runner_b_cannot_read_runner_as_handout_by_its_code(client, cast, program):
    client.force_login(cast.runner_b.user)
    url = reverse("programs:handout", kwargs={"code": program.code})
    assert client.get(url).status_code == 404


def test_runners_own_today_never_shows_another_runners_program(client, cast, program):
    client.force_login(cast.runner_b.user)
    page = client.get(reverse("programs:today")).content.decode()
    assert "No program yet" in page
    assert "Side lunge" not in page


def test_dashboard_lists_only_the_clinicians_own_runners(client, cast, program):
    start_program(cast.runner_b)
    client.force_login(cast.clinician)
    rows = client.get(reverse("programs:dashboard")).context["rows"]
    assert [row.runner for row in rows] == [cast.runner_a]


def test_dashboard_for_a_clinician_with_no_runners_is_empty(client, cast, program):
    client.force_login(cast.other_clinician)
    assert list(client.get(reverse("programs:dashboard")).context["rows"]) == []


def test_practice_admin_sees_every_runner_on_the_dashboard(client, cast, program):
    client.force_login(cast.admin)
    rows = client.get(reverse("programs:dashboard")).context["rows"]
    assert {row.runner for row in rows} == {cast.runner_a, cast.runner_b}


def test_dashboard_shows_adherence_moving_when_a_day_is_logged(client, cast, program):
    client.force_login(cast.clinician)
    before = client.get(reverse("programs:dashboard")).context["rows"][0].last_7
    log_full_day(program, local_today(cast.runner_a.time_zone))
    after = client.get(reverse("programs:dashboard")).context["rows"][0].last_7
    assert (before, after) == (0, 25)


def test_dashboard_sorts_by_seven_day_adherence(client, cast, program):
    other = start_program(cast.runner_b)
    cast.runner_b.clinician = cast.clinician
    cast.runner_b.save()
    log_full_day(other, other.start_date)
    client.force_login(cast.clinician)
    rows = client.get(reverse("programs:dashboard") + "?sort=adherence_7").context["rows"]
    assert [row.runner for row in rows] == [cast.runner_a, cast.runner_b]


def test_dashboard_flags_pain_of_five_after_exercise(client, cast, program):
    from tests.programs.factories import feedback

    feedback(program, local_today(cast.runner_a.time_zone), 5)
    client.force_login(cast.clinician)
    row = client.get(reverse("programs:dashboard")).context["rows"][0]
    assert row.pain and row.flagged
