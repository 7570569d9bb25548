"""The practice admin's hours page: each clinician's weekly hours per location, time off and
extra hours. The booking pages read these at once (clinic.booking.schedule)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.access import role_required
from clinic.forms.hours import ScheduleChangeForm, WeeklyHoursForm
from clinic.models import Role, ScheduleChange, User, WorkingHours

admin_only = role_required(Role.PRACTICE_ADMIN)


def _clinician(raw) -> User | None:
    clinicians = User.objects.filter(role=Role.CLINICIAN, is_active=True)
    chosen = clinicians.filter(pk=raw).first() if str(raw or "").isdigit() else None
    return chosen or clinicians.first()


def _page(request, clinician, *, hours_form=None, change_form=None, status=200):
    return render(
        request,
        "clinic/hours.html",
        {
            "clinician": clinician,
            "clinicians": User.objects.filter(role=Role.CLINICIAN, is_active=True),
            "weekly": WorkingHours.objects.filter(clinician=clinician).select_related("location"),
            "changes": ScheduleChange.objects.filter(
                clinician=clinician, ends_at__gt=timezone.now()
            ).select_related("location"),
            "hours_form": hours_form or WeeklyHoursForm(initial={"clinician": clinician}),
            "change_form": change_form or ScheduleChangeForm(initial={"clinician": clinician}),
        },
        status=status,
    )


def _back(clinician):
    return redirect(f"{reverse('clinic:hours')}?clinician={clinician.pk}")


@admin_only
def hours(request):
    clinician = _clinician(request.GET.get("clinician"))
    if clinician is None:
        return render(request, "clinic/hours.html", {"clinician": None})
    return _page(request, clinician)


@admin_only
@require_POST
def hours_add(request):
    form = WeeklyHoursForm(request.POST)
    if form.is_valid():
        block = form.save()
        messages.success(request, f"Added {block}.")
        return _back(block.clinician)
    clinician = _clinician(request.POST.get("clinician"))
    return _page(request, clinician, hours_form=form, status=400)


@admin_only
@require_POST
def hours_remove(request, pk):
    block = get_object_or_404(WorkingHours, pk=pk)
    block.delete()
    messages.success(request, f"Removed {block}. Booked visits stay; check the day view.")
    return _back(block.clinician)


@admin_only
@require_POST
def change_add(request):
    form = ScheduleChangeForm(request.POST)
    if form.is_valid():
        change = form.save()
        messages.success(request, f"Added {change.get_kind_display().lower()}.")
        return _back(change.clinician)
    clinician = _clinician(request.POST.get("clinician"))
    return _page(request, clinician, change_form=form, status=400)


@admin_only
@require_POST
def change_remove(request, pk):
    change = get_object_or_404(ScheduleChange, pk=pk)
    change.delete()
    messages.success(request, f"Removed {change.get_kind_display().lower()}.")
    return _back(change.clinician)
