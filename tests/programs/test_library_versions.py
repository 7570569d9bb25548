"""The record never rewrites the past: library edits are new versions that live programs adopt
only when their clinician moves them; a dose's kind can't change under a live prescription."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.clock import local_today
from programs.models import DoseKind, Protocol
from programs.services import (
    ItemSpec,
    change_prescription,
    latest_version,
    save_protocol,
    use_protocol_version,
)
from tests.programs.factories import exercise, foundations, start_program

EXERCISE_FORM = {
    "name": "Side lunge",
    "purpose": "Lateral strength and stability.",
    "setup": "Feet wide.",
    "movement": "Sit back into one hip, then the other.",
    "cues": "Trunk upright\nHips back",
    "dose_kind": "reps",
    "per_side": "on",
    "default_sets": "2",
    "default_dose": "8",
    "is_active": "on",
}


@pytest.fixture
def clinician_client(client, cast):
    client.force_login(cast.clinician)
    return client


def edit_url(slug):
    return reverse("programs:exercise_edit", kwargs={"code": exercise(slug).code})


def test_editing_an_exercise_keeps_live_programs_on_what_was_prescribed(
    clinician_client, client, cast
):
    program = start_program(cast.runner_a, by=cast.clinician)
    response = clinician_client.post(
        edit_url("side-lunge"), {**EXERCISE_FORM, "setup": "Feet twice hip-width, toes forward."}
    )
    assert response.status_code == 302
    lunge = exercise("side-lunge")
    assert lunge.current_version.number == 2
    client.force_login(cast.runner_a.user)
    today = client.get(reverse("programs:today")).content.decode()
    assert "Feet twice hip-width" not in today
    assert program.prescriptions.get().items.get(exercise=lunge).exercise_version.number == 1


def test_the_clinician_moves_a_program_to_the_new_instructions_from_today(
    clinician_client, client, cast
):
    program = start_program(
        cast.runner_a, start=local_today(cast.runner_a.time_zone) - timedelta(days=3)
    )
    clinician_client.post(edit_url("side-lunge"), {**EXERCISE_FORM, "setup": "Feet wide apart."})
    page = clinician_client.get(program.get_absolute_url()).content.decode()
    assert "newer instructions for <strong>Side lunge</strong>" in page
    clinician_client.post(reverse("programs:program_instructions", kwargs={"code": program.code}))
    current = latest_version(program)
    assert current.effective_from == local_today(cast.runner_a.time_zone)
    assert current.items.get(exercise=exercise("side-lunge")).exercise_version.number == 2
    first = program.prescriptions.order_by("id").first()
    assert first.items.get(exercise=exercise("side-lunge")).exercise_version.number == 1
    client.force_login(cast.runner_a.user)
    assert "Feet wide apart." in client.get(reverse("programs:today")).content.decode()


def test_the_dose_kind_cannot_change_under_a_live_prescription(clinician_client, cast):
    start_program(cast.runner_a, by=cast.clinician)
    response = clinician_client.post(
        edit_url("side-lunge"), {**EXERCISE_FORM, "dose_kind": DoseKind.HOLD_SECONDS}
    )
    assert response.status_code == 400
    assert "Live programs count this exercise&#x27;s dose in repetitions each side" in (
        response.content.decode()
    )
    assert exercise("side-lunge").dose_kind == DoseKind.REPS


def test_the_dose_kind_may_change_when_nobody_is_prescribed_it(clinician_client):
    clinician_client.post(edit_url("side-lunge"), {**EXERCISE_FORM, "dose_kind": "hold_seconds"})
    lunge = exercise("side-lunge")
    assert lunge.dose_kind == DoseKind.HOLD_SECONDS
    assert [v.dose_kind for v in lunge.versions.order_by("number")] == ["reps", "hold_seconds"]


def test_tuning_doses_keeps_the_instructions_the_program_has(clinician_client, cast):
    program = start_program(cast.runner_a, by=cast.clinician)
    clinician_client.post(edit_url("side-lunge"), {**EXERCISE_FORM, "setup": "New set-up."})
    lunge = exercise("side-lunge")
    change_prescription(
        program=program,
        items=[ItemSpec(lunge, 3, 10)],
        sessions_per_day=1,
        days_per_week=7,
        effective_from=local_today(cast.runner_a.time_zone),
        note="More",
        by=cast.clinician,
    )
    assert latest_version(program).items.get().exercise_version.number == 1


def test_saving_an_exercise_unchanged_adds_no_version(clinician_client):
    lunge = exercise("side-lunge")
    form = {
        **EXERCISE_FORM,
        "purpose": lunge.purpose,
        "setup": lunge.setup,
        "movement": lunge.movement,
        "cues": lunge.cues,
    }
    clinician_client.post(edit_url("side-lunge"), form)
    assert exercise("side-lunge").versions.count() == 1


def _protocol_edit(protocol, items):
    return save_protocol(protocol=protocol, items=items, by=None)


def test_editing_a_protocol_is_a_new_version_that_keeps_the_old(cast):
    protocol = foundations()
    kept = list(protocol.versions.get().items)
    _protocol_edit(protocol, [ItemSpec(exercise("side-lunge"), 3, 12)])
    protocol = Protocol.objects.get(pk=protocol.pk)
    assert protocol.version == 2
    assert protocol.versions.get(number=1).items == kept
    assert [i["dose"] for i in protocol.versions.get(number=2).items] == [12]


def test_saving_a_protocol_unchanged_adds_no_version(db):
    protocol = foundations()
    items = [
        ItemSpec(item.exercise, item.sets_per_session, item.dose, item.notes)
        for item in protocol.items.select_related("exercise")
    ]
    _protocol_edit(protocol, items)
    assert Protocol.objects.get(pk=protocol.pk).version == 1


def test_a_program_follows_a_new_protocol_version_only_when_moved(clinician_client, cast):
    today = local_today(cast.runner_a.time_zone)
    program = start_program(cast.runner_a, start=today - timedelta(days=2))
    _protocol_edit(foundations(), [ItemSpec(exercise("side-lunge"), 3, 12)])
    assert latest_version(program).items.count() == 6
    page = clinician_client.get(program.get_absolute_url()).content.decode()
    assert "is now at version 2" in page
    use_protocol_version(program=program, today=today, by=cast.clinician)
    program.refresh_from_db()
    assert program.protocol_version == 2
    assert [(i.exercise.slug, i.dose) for i in latest_version(program).items.all()] == [
        ("side-lunge", 12)
    ]
    assert program.prescriptions.order_by("id").first().items.count() == 6
