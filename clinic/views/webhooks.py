"""Providers' delivery reports: no login, no CSRF token; each proves where it comes from with
the provider's signature, checked by the provider's own library."""

import functools
import importlib
import inspect

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clinic.notifications.reports import record_sms_status


@functools.cache
def tracking_view(provider: str):
    """django-anymail's tracking webhook view for the ESP named in EMAIL_PROVIDER. It checks the
    ESP's signature (or basic auth, for ESPs that sign nothing) and sends anymail's `tracking`
    signal, which clinic.notifications.reports writes into the ledger."""
    module = importlib.import_module(f"anymail.webhooks.{provider}")
    [view] = [
        cls
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if name.endswith("TrackingWebhookView") and cls.__module__ == module.__name__
    ]
    return view.as_view()


@login_not_required
@csrf_exempt
def email_events(request):
    if not settings.EMAIL_PROVIDER:
        raise Http404("No email provider sends reports here.")
    return tracking_view(settings.EMAIL_PROVIDER)(request)


@login_not_required
@csrf_exempt
@require_POST
def sms_status(request, code):
    """Twilio's status callback for one message (the ledger key is in the address)."""
    if not settings.TWILIO_AUTH_TOKEN:
        raise Http404("No SMS provider sends reports here.")
    from twilio.request_validator import RequestValidator

    # Twilio signs the address it called: the public one, as the message named it.
    url = settings.SITE_URL + request.get_full_path()
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, request.POST, signature):
        return HttpResponseForbidden("Bad signature.")
    record_sms_status(
        code=str(code),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
        sid=request.POST.get("MessageSid", ""),
    )
    return HttpResponse(status=204)
