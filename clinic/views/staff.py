"""The practice admin's staff page: who works here, their role and two-factor; invite, change
a role, deactivate. The rules are in clinic.trust.staff."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clinic.access import role_required
from clinic.forms.staff import InviteStaffForm, LocationForm, StaffChangeForm
from clinic.models import STAFF_ROLES, Location, Role, User
from clinic.trust import staff


def _page(request, invite_form, status=200):
    return render(
        request,
        "clinic/staff.html",
        {"rows": staff.staff_rows(), "invite_form": invite_form, "roles": StaffChangeForm},
        status=status,
    )


@role_required(Role.PRACTICE_ADMIN)
def staff_list(request):
    return _page(request, InviteStaffForm())


@role_required(Role.PRACTICE_ADMIN)
@require_POST
def staff_invite(request):
    form = InviteStaffForm(request.POST)
    if form.is_valid():
        try:
            user = staff.invite_staff(request=request, **form.cleaned_data)
        except staff.StaffError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"Invited {user}: they'll get an email to set a password.")
            return redirect("clinic:staff_list")
    return _page(request, form, status=400)


@role_required(Role.PRACTICE_ADMIN)
@require_POST
def staff_change(request, pk):
    member = get_object_or_404(User, pk=pk, role__in=STAFF_ROLES)
    form = StaffChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to change.")
        return redirect("clinic:staff_list")
    action = form.cleaned_data["action"]
    try:
        if action == "role":
            staff.set_role(user=member, role=form.cleaned_data["role"], by=request.user)
            messages.success(request, f"{member} is now {member.get_role_display().lower()}.")
        else:
            staff.set_active(user=member, active=action == "reactivate", by=request.user)
            done = "reactivated" if member.is_active else "deactivated: signed out everywhere"
            messages.success(request, f"{member} {done}.")
    except staff.StaffError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("clinic:staff_list")


@role_required(Role.PRACTICE_ADMIN)
def locations(request):
    return render(request, "clinic/locations.html", {"locations": Location.objects.all()})


@role_required(Role.PRACTICE_ADMIN)
def location_edit(request, pk):
    location = get_object_or_404(Location, pk=pk)
    form = LocationForm(request.POST if request.method == "POST" else None, instance=location)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{location.name} saved.")
        return redirect("clinic:locations")
    return render(
        request,
        "clinic/location_edit.html",
        {"location": location, "form": form},
        status=400 if form.errors else 200,
    )
