"""Visit notes in SOAP form: drafts, signing, amendments that keep the original, the record."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from clinic.models import AccessLog, Appointment
from intake.models import VisitNote
from intake.services import amend_visit_note
from tests.intake.factories import VisitNoteFactory, visit_of

SOAP = {
    "subjective": "Ran 8 km without pain; stiff next morning.",
    "objective": "Knee-to-wall 9 cm both sides.",
    "assessment": "Tolerating load.",
    "plan": "Progress side lunge to 3 sets.",
}


@pytest.fixture
def clinician_client(client, cast):
    client.force_login(cast.clinician)
    return client


def new_note_url(visit):
    return reverse("intake:visit_note_new", kwargs={"code": visit.code})


def test_a_draft_can_be_edited_then_signed(clinician_client, cast):
    visit = visit_of(cast.runner_a, cast.clinician)
    clinician_client.post(new_note_url(visit), {**SOAP, "draft": "1"})
    note = VisitNote.objects.get(appointment=visit)
    assert not note.is_signed and note.clinician == cast.clinician
    edit = reverse("intake:visit_note_edit", kwargs={"code": note.code})
    clinician_client.post(edit, {**SOAP, "plan": "Review in a week.", "sign": "1"})
    note.refresh_from_db()
    assert note.is_signed
    assert note.plan == "Review in a week."


def test_an_empty_note_cannot_be_signed_and_says_why(clinician_client, cast):
    visit = visit_of(cast.runner_a, cast.clinician)
    response = clinician_client.post(new_note_url(visit), {"sign": "1"})
    assert response.status_code == 400
    assert "Write at least one part of the note" in response.content.decode()
    assert not VisitNote.objects.exists()


def test_a_signed_note_is_never_edited_but_sends_to_amend(clinician_client, cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    edit = reverse("intake:visit_note_edit", kwargs={"code": note.code})
    response = clinician_client.post(edit, {**SOAP, "plan": "changed", "sign": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:visit_note_amend", kwargs={"code": note.code})
    note.refresh_from_db()
    assert note.plan != "changed"


def test_an_amendment_keeps_the_original_with_its_reason(clinician_client, cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    original_plan = note.plan
    amend = reverse("intake:visit_note_amend", kwargs={"code": note.code})
    response = clinician_client.post(
        amend, {**SOAP, "plan": "Side lunge 3 x 10.", "amendment_reason": "Wrong dose typed."}
    )
    amendment = VisitNote.objects.get(amends=note)
    assert response["Location"] == amendment.get_absolute_url()
    note.refresh_from_db()
    assert note.plan == original_plan
    assert amendment.plan == "Side lunge 3 x 10." and amendment.is_signed
    page = clinician_client.get(note.get_absolute_url()).content.decode()
    assert "This version was corrected later" in page


def test_an_amendment_needs_a_reason_and_keeps_what_was_typed(clinician_client, cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    amend = reverse("intake:visit_note_amend", kwargs={"code": note.code})
    response = clinician_client.post(amend, {**SOAP, "plan": "Typed and kept"})
    assert response.status_code == 400
    assert "Typed and kept" in response.content.decode()
    assert not VisitNote.objects.filter(amends=note).exists()


def test_only_the_latest_version_is_amended(cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    first = VisitNote(**SOAP)
    amend_visit_note(original=note, amendment=first, clinician=cast.clinician, reason="typo")
    with pytest.raises(ValidationError):
        amend_visit_note(
            original=note, amendment=VisitNote(**SOAP), clinician=cast.clinician, reason="again"
        )


def test_one_note_per_visit(cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    with pytest.raises(IntegrityError):
        VisitNote.objects.create(
            appointment=note.appointment, runner=cast.runner_a, clinician=cast.clinician
        )


def test_opening_a_visit_note_writes_an_access_entry(clinician_client, cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    clinician_client.get(note.get_absolute_url())
    entry = AccessLog.objects.get(what="visit note")
    assert entry.runner == cast.runner_a and entry.actor == cast.clinician


def test_a_second_visit_to_the_note_page_opens_the_note_begun(clinician_client, cast):
    note = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician, signed_at=None)
    response = clinician_client.get(new_note_url(note.appointment))
    assert response["Location"] == reverse("intake:visit_note_edit", kwargs={"code": note.code})


def test_a_cancelled_visit_has_no_note(clinician_client, cast):
    visit = visit_of(cast.runner_a, cast.clinician)
    Appointment.objects.filter(pk=visit.pk).update(
        status=Appointment.Status.CANCELLED, cancel_reason="ill", cancelled_at=visit.starts_at
    )
    assert clinician_client.get(new_note_url(visit)).status_code == 404


def test_the_record_lists_notes_and_visits_still_to_note(clinician_client, cast):
    signed = VisitNoteFactory(runner=cast.runner_a, clinician=cast.clinician)
    amend_visit_note(
        original=signed, amendment=VisitNote(**SOAP), clinician=cast.clinician, reason="typo"
    )
    waiting = visit_of(cast.runner_a, cast.clinician, days_ago=3)
    page = clinician_client.get(
        reverse("intake:record", kwargs={"code": cast.runner_a.code})
    ).content.decode()
    assert "Signed, amended" in page
    assert signed.get_absolute_url() not in page  # the record links the latest version
    assert new_note_url(waiting) in page
