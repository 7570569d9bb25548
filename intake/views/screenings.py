"""Screening pages: start, edit a draft, sign, read, amend, override a red flag."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only, runner_for
from clinic.trust.audit import record_access
from intake.access import screening_for
from intake.findings import findings_of
from intake.forms import AmendmentForm, OverrideForm, ScreeningForm
from intake.models import Screening
from intake.selectors import screening_versions, unresolved_flag_kinds
from intake.services import amend_screening, override_red_flag, save_screening
from intake.views.common import posted

COPIED_ON_AMEND = [*ScreeningForm.Meta.fields]


def _form_page(request, form, *, runner, screening=None, amending=None):
    return render(
        request,
        "intake/screening_form.html",
        {"form": form, "runner": runner, "screening": screening, "amending": amending},
    )


@clinical_staff_only
def screening_new(request, code):
    runner = runner_for(request.user, code, clinical=True)
    draft = Screening(runner=runner, clinician=request.user, screened_on=timezone.localdate())
    form = ScreeningForm(posted(request), instance=draft)
    if request.method == "POST" and form.is_valid():
        screening = save_screening(
            screening=form.save(commit=False),
            red_flags=form.cleaned_data["red_flags"],
            sign="sign" in request.POST,
        )
        messages.success(request, "Screening signed." if screening.is_signed else "Draft saved.")
        return redirect(screening)
    return _form_page(request, form, runner=runner)


@clinical_staff_only
def screening_edit(request, code):
    screening = screening_for(request.user, code)
    if screening.is_signed:
        messages.info(request, "This screening is signed: record a correction as an amendment.")
        return redirect("intake:screening_amend", code=screening.code)
    form = ScreeningForm(
        posted(request),
        instance=screening,
        red_flags=[flag.kind for flag in screening.red_flags.all()],
    )
    if request.method == "POST" and form.is_valid():
        screening = save_screening(
            screening=form.save(commit=False),
            red_flags=form.cleaned_data["red_flags"],
            sign="sign" in request.POST,
        )
        messages.success(request, "Screening signed." if screening.is_signed else "Draft saved.")
        return redirect(screening)
    return _form_page(request, form, runner=screening.runner, screening=screening)


@clinical_staff_only
def screening_amend(request, code):
    original = screening_for(request.user, code)
    if not original.is_signed:
        return redirect("intake:screening_edit", code=original.code)
    if hasattr(original, "amended_by"):
        messages.info(request, "That version was already amended; this is the latest one.")
        return redirect("intake:screening_amend", code=original.amended_by.code)
    copy = Screening(**{name: getattr(original, name) for name in COPIED_ON_AMEND})
    copy.runner = original.runner
    form = AmendmentForm(
        posted(request),
        instance=copy,
        red_flags=[flag.kind for flag in original.red_flags.all()],
    )
    if request.method == "POST" and form.is_valid():
        try:
            amendment = amend_screening(
                original=original,
                amendment=form.save(commit=False),
                red_flags=form.cleaned_data["red_flags"],
                clinician=request.user,
                reason=form.cleaned_data["amendment_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Amendment signed. The original stays on the record.")
            return redirect(amendment)
    return _form_page(request, form, runner=original.runner, amending=original)


def _overrides_by_kind(screening):
    return {
        override.kind: override
        for override in screening.original().red_flag_overrides.select_related("clinician")
    }


@clinical_staff_only
def screening_detail(request, code):
    screening = screening_for(request.user, code)
    record_access(request, screening.runner, "screening")
    unresolved = unresolved_flag_kinds(screening) if screening.is_signed else []
    return render(
        request,
        "intake/screening_detail.html",
        {
            "screening": screening,
            "runner": screening.runner,
            "findings": findings_of(screening),
            "versions": screening_versions(screening),
            "overrides": _overrides_by_kind(screening),
            "unresolved": unresolved,
            "is_current": screening.is_signed and not hasattr(screening, "amended_by"),
            "override_form": OverrideForm(kinds=unresolved) if unresolved else None,
        },
    )


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def override_flag(request, code):
    screening = screening_for(request.user, code)
    unresolved = unresolved_flag_kinds(screening) if screening.is_signed else []
    form = OverrideForm(posted(request), kinds=unresolved)
    if request.method == "POST" and form.is_valid():
        override_red_flag(
            screening=screening,
            kind=form.cleaned_data["kind"],
            clinician=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Override recorded.")
        return redirect(screening)
    return render(
        request,
        "intake/override_form.html",
        {
            "form": form,
            "screening": screening,
            "runner": screening.runner,
            "unresolved": unresolved,
        },
    )
