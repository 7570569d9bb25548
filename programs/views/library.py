"""The exercise library and protocols: clinical staff only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only
from programs.access import exercise_for, protocol_for
from programs.forms import (
    CopyProtocolForm,
    ExerciseForm,
    ItemFormSet,
    MediaForm,
    ProtocolForm,
    item_initial,
)
from programs.models import Exercise, Protocol
from programs.services import copy_protocol, save_exercise, save_protocol


@clinical_staff_only
def exercise_list(request):
    exercises = Exercise.objects.prefetch_related("media")
    return render(request, "programs/exercise_list.html", {"exercises": exercises})


def exercise_page(request, exercise, *, media_form=None, status=200):
    """The exercise with its versions, pictures and videos, and the form to add one."""
    return render(
        request,
        "programs/exercise_detail.html",
        {
            "exercise": exercise,
            "versions": exercise.versions.select_related("created_by"),
            "media": exercise.media.all(),
            "media_form": media_form or MediaForm(),
        },
        status=status,
    )


@clinical_staff_only
def exercise_detail(request, code):
    return exercise_page(request, exercise_for(request.user, code))


def _save_exercise(request, form):
    """The exercise saved as its next version, or None with the reason on the form."""
    if not form.is_valid():
        return None
    exercise = form.save(commit=False)
    if exercise.pk is None:
        exercise.created_by = request.user
    try:
        return save_exercise(exercise=exercise, by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def exercise_create(request):
    form = ExerciseForm(request.POST or None)
    exercise = _save_exercise(request, form)
    if exercise is not None:
        messages.success(request, f"{exercise.name} is in the library.")
        return redirect(exercise)
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/exercise_form.html", {"form": form}, status=status)


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def exercise_edit(request, code):
    exercise = exercise_for(request.user, code)
    form = ExerciseForm(request.POST or None, instance=exercise)
    saved = _save_exercise(request, form)
    if saved is not None:
        messages.success(
            request,
            f"{saved.name} saved. Live programs keep the instructions they were prescribed "
            "until their clinician moves them to this version.",
        )
        return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programs/exercise_form.html",
        {"form": form, "exercise": exercise},
        status=status,
    )


@clinical_staff_only
def protocol_list(request):
    protocols = Protocol.objects.prefetch_related("items__exercise")
    return render(request, "programs/protocol_list.html", {"protocols": protocols})


def _protocol_page(request, protocol, copy_form, status=200):
    return render(
        request,
        "programs/protocol_detail.html",
        {
            "protocol": protocol,
            "items": protocol.items.select_related("exercise"),
            "versions": protocol.versions.select_related("created_by"),
            "copy_form": copy_form,
        },
        status=status,
    )


@clinical_staff_only
def protocol_detail(request, code):
    return _protocol_page(request, protocol_for(request.user, code), CopyProtocolForm())


def _save_protocol(request, form, formset):
    # A protocol is a template: programs already made from it keep their own copy.
    return save_protocol(protocol=form.save(commit=False), items=formset.specs(), by=request.user)


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def protocol_create(request):
    form = ProtocolForm(request.POST or None)
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        protocol = _save_protocol(request, form, formset)
        messages.success(request, f"Protocol “{protocol.name}” saved.")
        return redirect(protocol)
    return render(request, "programs/protocol_form.html", {"form": form, "formset": formset})


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def protocol_edit(request, code):
    protocol = protocol_for(request.user, code)
    form = ProtocolForm(request.POST or None, instance=protocol)
    formset = ItemFormSet(
        request.POST or None,
        prefix="items",
        initial=item_initial(protocol.items.select_related("exercise")),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        _save_protocol(request, form, formset)
        messages.success(request, f"Protocol “{protocol.name}” saved.")
        return redirect(protocol)
    return render(
        request,
        "programs/protocol_form.html",
        {"form": form, "formset": formset, "protocol": protocol},
    )


@clinical_staff_only
@require_http_methods(["POST"])
def protocol_copy(request, code):
    protocol = protocol_for(request.user, code)
    form = CopyProtocolForm(request.POST)
    if not form.is_valid():
        return _protocol_page(request, protocol, form, status=400)
    copy = copy_protocol(protocol=protocol, name=form.cleaned_data["name"], by=request.user)
    messages.success(request, f"Copied. Now make “{copy.name}” your own.")
    return redirect("programs:protocol_edit", code=copy.code)
