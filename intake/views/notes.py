"""Visit notes in SOAP form: write one for a visit, keep it as a draft, sign, read, amend."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only
from clinic.trust.audit import record_access
from intake.access import visit_for_note, visit_note_for
from intake.findings import findings_of
from intake.forms import SOAP_FIELDS, VisitNoteAmendmentForm, VisitNoteForm
from intake.models import VisitNote
from intake.selectors import latest_screening, note_versions
from intake.services import amend_visit_note, save_visit_note
from intake.views.common import posted


def _form_page(request, form, *, note, amending=None, status=200):
    screening = latest_screening(note.runner)
    return render(
        request,
        "intake/visit_note_form.html",
        {
            "form": form,
            "note": note,
            "visit": note.appointment,
            "runner": note.runner,
            "amending": amending,
            "screening": screening,
            "findings": findings_of(screening) if screening else {},
        },
        status=status,
    )


def _save_draft_or_sign(request, form, note):
    """Validate, save, and say what happened; the form page again when something is wrong."""
    if form.is_valid():
        try:
            note = save_visit_note(note=form.save(commit=False), sign=form.signing)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Note signed." if note.is_signed else "Draft saved.")
            return redirect(note)
    return _form_page(request, form, note=note, status=400)


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def visit_note_new(request, code):
    """The note of a visit: a new draft, or the note already started for it."""
    visit = visit_for_note(request.user, code)
    existing = VisitNote.objects.current().filter(appointment=visit).first()
    if existing is not None:
        target = "intake:visit_note_detail" if existing.is_signed else "intake:visit_note_edit"
        return redirect(target, code=existing.code)
    note = VisitNote(appointment=visit, runner=visit.runner, clinician=request.user)
    form = VisitNoteForm(posted(request), instance=note, signing="sign" in request.POST)
    if request.method == "POST":
        return _save_draft_or_sign(request, form, note)
    return _form_page(request, form, note=note)


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def visit_note_edit(request, code):
    note = visit_note_for(request.user, code)
    if note.is_signed:
        messages.info(request, "This note is signed: record a correction as an amendment.")
        return redirect("intake:visit_note_amend", code=note.code)
    form = VisitNoteForm(posted(request), instance=note, signing="sign" in request.POST)
    if request.method == "POST":
        return _save_draft_or_sign(request, form, note)
    return _form_page(request, form, note=note)


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def visit_note_amend(request, code):
    original = visit_note_for(request.user, code)
    if not original.is_signed:
        return redirect("intake:visit_note_edit", code=original.code)
    if hasattr(original, "amended_by"):
        messages.info(request, "That version was already amended; this is the latest one.")
        return redirect("intake:visit_note_amend", code=original.amended_by.code)
    copy = VisitNote(
        appointment=original.appointment,
        runner=original.runner,
        clinician=request.user,
        **{name: getattr(original, name) for name in SOAP_FIELDS},
    )
    form = VisitNoteAmendmentForm(posted(request), instance=copy)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = amend_visit_note(
                original=original,
                amendment=form.save(commit=False),
                clinician=request.user,
                reason=form.cleaned_data["amendment_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Amendment signed. The original stays on the record.")
            return redirect(amendment)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, note=copy, amending=original, status=status)


@clinical_staff_only
def visit_note_detail(request, code):
    note = visit_note_for(request.user, code)
    record_access(request, note.runner, "visit note")
    return render(
        request,
        "intake/visit_note_detail.html",
        {
            "note": note,
            "runner": note.runner,
            "visit": note.appointment,
            "versions": note_versions(note),
            "is_current": not hasattr(note, "amended_by"),
        },
    )
