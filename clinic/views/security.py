"""The practice admin's security settings."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from clinic.access import role_required
from clinic.forms.trust import PracticeSecuritySettingsForm
from clinic.models import PracticeSecurity, Role
from clinic.trust import sessions


@role_required(Role.PRACTICE_ADMIN)
def security_settings(request):
    form = PracticeSecuritySettingsForm(
        request.POST if request.method == "POST" else None, instance=PracticeSecurity.current()
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Security settings saved.")
        # The admin is staff too: a requirement just switched on applies to them at once.
        sessions.note_two_factor(request, request.user)
        return redirect("clinic:security_settings")
    return render(
        request,
        "clinic/security_settings.html",
        {
            "form": form,
            "staff_idle_minutes": settings.STAFF_IDLE_MINUTES,
            "runner_idle_days": settings.RUNNER_IDLE_MINUTES // (24 * 60),
        },
    )
