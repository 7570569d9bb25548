"""The exercise library and protocols: clinical staff only."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only
from programs.access import exercise_for, protocol_for
from programs.forms import CopyProtocolForm, ExerciseForm, ItemFormSet, ProtocolForm, item_initial
from programs.models import Exercise, Protocol, ProtocolItem
from programs.services import copy_protocol


@clinical_staff_only
def exercise_list(request):
    return render(request, "programs/exercise_list.html", {"exercises": Exercise.objects.all()})


@clinical_staff_only
def exercise_detail(request, code):
    return render(
        request, "programs/exercise_detail.html", {"exercise": exercise_for(request.user, code)}
    )


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def exercise_create(request):
    form = ExerciseForm(request.POST or None)
    if form.is_valid():
        form.instance.created_by = request.user
        exercise = form.save()
        messages.success(request, f"{exercise.name} is in the library.")
        return redirect(exercise)
    return render(request, "programs/exercise_form.html", {"form": form})


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def exercise_edit(request, code):
    exercise = exercise_for(request.user, code)
    form = ExerciseForm(request.POST or None, instance=exercise)
    if form.is_valid():
        form.save()
        messages.success(request, f"{exercise.name} saved.")
        return redirect(exercise)
    return render(request, "programs/exercise_form.html", {"form": form, "exercise": exercise})


@clinical_staff_only
def protocol_list(request):
    protocols = Protocol.objects.prefetch_related("items__exercise")
    return render(request, "programs/protocol_list.html", {"protocols": protocols})


@clinical_staff_only
def protocol_detail(request, code):
    protocol = protocol_for(request.user, code)
    items = protocol.items.select_related("exercise")
    return render(
        request,
        "programs/protocol_detail.html",
        {"protocol": protocol, "items": items, "copy_form": CopyProtocolForm()},
    )


def _save_protocol(request, form, formset, protocol=None):
    with transaction.atomic():
        protocol = form.save(commit=False)
        if protocol.pk is None:
            protocol.created_by = request.user
        protocol.save()
        # A protocol is a template: programs already made from it keep their own copy.
        protocol.items.all().delete()
        ProtocolItem.objects.bulk_create(
            ProtocolItem(
                protocol=protocol,
                exercise=spec.exercise,
                position=position,
                sets_per_session=spec.sets_per_session,
                dose=spec.dose,
                notes=spec.notes,
            )
            for position, spec in enumerate(formset.specs(), start=1)
        )
    return protocol


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
        items = protocol.items.select_related("exercise")
        return render(
            request,
            "programs/protocol_detail.html",
            {"protocol": protocol, "items": items, "copy_form": form},
            status=400,
        )
    copy = copy_protocol(protocol=protocol, name=form.cleaned_data["name"], by=request.user)
    messages.success(request, f"Copied. Now make “{copy.name}” your own.")
    return redirect("programs:protocol_edit", code=copy.code)
