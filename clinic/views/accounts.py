"""Runner accounts: the invitation link (set a password, land on Today) and the staff's
"send invitation" button. The rules are in clinic.trust.invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.access import runner_for, staff_only
from clinic.forms.accounts import ActivationForm
from clinic.trust import invitations

BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
@never_cache
def activate_account(request, token):
    runner = invitations.runner_from_token(token)
    if runner is None:
        return render(request, "clinic/activation_expired.html", status=404)
    form = ActivationForm(request.POST if request.method == "POST" else None, runner=runner)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.activate(
                runner=runner,
                password=form.cleaned_data["password1"],
                email=form.cleaned_data.get("email", ""),
            )
        except ValidationError as error:
            form.add_error("email" if "email" in form.fields else None, error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, "Your login is ready. This is your Today page.")
            return redirect("programs:today")
    return render(
        request,
        "clinic/activate.html",
        {"runner": runner, "form": form},
        status=400 if form.errors else 200,
    )


@staff_only
@require_POST
def runner_invite(request, code):
    runner = runner_for(request.user, code)
    if runner.activated_at:
        messages.info(request, f"{runner.first_name} has set up their login already.")
    elif not (runner.email or runner.phone):
        messages.error(request, "Add an email or a phone first: there's nowhere to send it.")
    else:
        invitations.invite(runner=runner, force=True)
        messages.success(request, f"Invitation sent to {runner.first_name}.")
    return redirect(runner)
