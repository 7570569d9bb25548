"""Assigning a program to a runner, tuning its doses, pausing it; the printable handout."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only, runner_for
from clinic.clock import local_today
from clinic.documents import pdf_response, render_pdf
from clinic.trust import invitations
from clinic.trust.audit import record_access
from intake.selectors import latest_findings, unresolved_red_flags
from programs import selectors
from programs.access import current_program, program_for
from programs.forms import AssignForm, ItemFormSet, PrescriptionForm, StatusForm, item_initial
from programs.models import Exercise, Program, ProgramStatus
from programs.plans import red_flag_hold
from programs.services import (
    ProgramRefused,
    assign_program,
    change_prescription,
    newer_instructions,
    set_status,
    use_latest_instructions,
    use_protocol_version,
)
from programs.suggestions import suggest


def _suggestions(runner):
    """Exercises the latest screening's findings point to, each with why (the clinician decides)."""
    found = suggest(latest_findings(runner))
    exercises = Exercise.objects.in_bulk([s.slug for s in found], field_name="slug")
    return [(exercises[s.slug], s) for s in found if s.slug in exercises]


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def assign(request, code):
    runner = runner_for(request.user, code, clinical=True)
    today = local_today(runner.time_zone)
    red_flags = unresolved_red_flags(runner)
    form = AssignForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            program = assign_program(
                runner=runner,
                by=request.user,
                red_flags=red_flags,
                **form.cleaned_data,
            )
        except ProgramRefused as refused:
            form.add_error(None, "Not started: " + "; ".join(refused.reasons) + ".")
        else:
            invitations.invite(runner=runner)  # to log their sets they need a login
            messages.success(
                request, f"{program.name} starts {program.start_date:%a %-d %b}. Tune the doses."
            )
            return redirect("programs:program_tune", code=program.code)
    return render(
        request,
        "programs/assign.html",
        {
            "runner": runner,
            "form": form,
            "red_flags": red_flags,
            "suggestions": _suggestions(runner),
            "current": current_program(runner),
        },
        status=400 if form.errors else 200,
    )


@clinical_staff_only
def program_detail(request, code):
    program = program_for(request.user, code)
    record_access(request, program.runner, "program")
    progress = selectors.progress_of(program, local_today(program.runner.time_zone))
    program = progress.program  # carries its prefetched versions
    versions = list(program.prescriptions.all())
    live = program.status != ProgramStatus.COMPLETED
    protocol = program.protocol
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "progress": progress,
            "versions": list(reversed(versions)),
            "newer_instructions": newer_instructions(versions[-1]) if live else [],
            "newer_protocol": (
                protocol
                if live and protocol and (program.protocol_version or 0) < protocol.version
                else None
            ),
            "status_form": StatusForm(initial={"status": program.status}),
            "red_flags": red_flag_hold(program.runner),
            "statuses": ProgramStatus,
            "chart": {
                "labels": [f"{day:%b %-d}" for day, _ in progress.daily],
                "values": [percent for _, percent in progress.daily],
            },
        },
    )


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def program_tune(request, code):
    program = program_for(request.user, code)
    if program.status == ProgramStatus.COMPLETED:
        messages.info(request, "This program is completed; assign a new one to change doses.")
        return redirect(program)
    today = local_today(program.runner.time_zone)
    program = (
        selectors.with_versions(Program.objects.filter(pk=program.pk))
        .select_related("runner")
        .get()
    )
    current = list(program.prescriptions.all())[-1]
    form = PrescriptionForm(
        request.POST or None,
        today=today,
        initial={
            "sessions_per_day": current.sessions_per_day,
            "days_per_week": current.days_per_week,
        },
    )
    initial = item_initial(current.items.all())
    # ?add= comes from the suggestions' links; anything but a slug (a NUL byte, which Postgres
    # refuses in a query) names no exercise.
    slug = request.GET.get("add", "")
    added = Exercise.objects.active().filter(slug=slug).first() if slug_re.match(slug) else None
    if added is not None and added.pk not in {row["exercise"].pk for row in initial}:
        initial.append(
            {"exercise": added, "sets_per_session": added.default_sets, "dose": added.default_dose}
        )
    formset = ItemFormSet(request.POST or None, prefix="items", initial=initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            change_prescription(
                program=program, items=formset.specs(), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved. Earlier days keep the doses they had.")
            return redirect(program)
    return render(
        request,
        "programs/program_tune.html",
        {
            "program": program,
            "runner": program.runner,
            "form": form,
            "formset": formset,
            "suggestions": _suggestions(program.runner),
            "in_program": {item.exercise_id for item in current.items.all()},
            "red_flags": red_flag_hold(program.runner),
        },
        status=400 if request.method == "POST" else 200,
    )


@clinical_staff_only
@require_http_methods(["POST"])
def program_status(request, code):
    program = program_for(request.user, code)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            program = set_status(
                program=program,
                status=form.cleaned_data["status"],
                today=local_today(program.runner.time_zone),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Program is now {program.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose active, paused or completed.")
    return redirect(program)


def _library_update(request, code, *, update, done: str):
    program = program_for(request.user, code)
    try:
        update(program=program, today=local_today(program.runner.time_zone), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(program)


@clinical_staff_only
@require_http_methods(["POST"])
def program_instructions(request, code):
    """Move a live program to the library's current instructions, from today on."""
    return _library_update(
        request,
        code,
        update=use_latest_instructions,
        done="From today the runner sees the library's current instructions; earlier days keep "
        "what they had.",
    )


@clinical_staff_only
@require_http_methods(["POST"])
def program_protocol(request, code):
    """Move a live program to its protocol's current version (exercises and doses), from today."""
    return _library_update(
        request,
        code,
        update=use_protocol_version,
        done="From today the program follows the protocol's current version.",
    )


def _handout(request, code):
    program = program_for(request.user, code)
    program = (
        selectors.with_versions(Program.objects.filter(pk=program.pk))
        .select_related("runner__location", "runner__clinician")
        .get()
    )
    today = local_today(program.runner.time_zone)
    prescription = selectors.version_on(program, max(today, program.start_date))
    if prescription is not None:
        prefetch_related_objects([item.exercise for item in prescription.items.all()], "media")
    return {"program": program, "runner": program.runner, "prescription": prescription}


def handout(request, code):
    """The runner's program on paper, for the fridge: their own, or any for clinical staff."""
    return render(request, "programs/handout.html", _handout(request, code))


def handout_pdf(request, code):
    """The handout as a PDF on the practice's letterhead, with the exercises' pictures."""
    context = _handout(request, code)
    prescription = context["prescription"]
    pictures = {}
    for item in prescription.items.all() if prescription else []:
        for media in item.exercise.media.all():
            if media.thumbnail:
                with media.thumbnail.open("rb") as file:
                    pictures[media.thumbnail_url] = (file.read(), "image/jpeg")
    content = render_pdf("documents/handout.html", context, resources=pictures)
    return pdf_response(content, f"{context['program'].name} {context['runner'].full_name}")
