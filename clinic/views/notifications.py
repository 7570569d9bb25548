"""Reminder pages: the runner's settings, the signed unsubscribe link, the staff outbox."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clinic.access import own_runner, runner_only, staff_only
from clinic.clock import SESSION_ZONE
from clinic.forms.notifications import ReminderSettingsForm
from clinic.models import Delivery, DeliveryKind, DeliveryStatus, ReminderPreference
from clinic.notifications.ledger import last_reminded
from clinic.notifications.preferences import runner_from_unsubscribe_token, set_daily_reminders

OUTBOX_PAGE_SIZE = 50


@runner_only
def reminder_settings(request):
    runner = own_runner(request.user)
    preference = ReminderPreference.objects.filter(runner=runner).first()
    form = ReminderSettingsForm(
        request.POST or None,
        instance=preference or ReminderPreference(runner=runner),
        runner=runner,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        request.session[SESSION_ZONE] = runner.time_zone  # pages now show times in it
        messages.success(request, "Reminder settings saved.")
        return redirect("clinic:reminder_settings")
    return render(
        request,
        "clinic/reminder_settings.html",
        {"form": form, "runner": runner, "last_reminder": last_reminded(runner)},
    )


@login_not_required
@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no cookie
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from the email stops daily reminders, no login needed; the page offers undo.

    GET only shows the button (link scanners in mail systems open links; they must not
    unsubscribe anyone). POST, from the button or from a mail client's RFC 8058 one-click
    unsubscribe, does it."""
    runner = runner_from_unsubscribe_token(token)
    if runner is None:
        return render(request, "clinic/unsubscribe_invalid.html", status=404)
    done = None
    if request.method == "POST":
        enabled = request.POST.get("action") == "resubscribe"
        set_daily_reminders(runner=runner, enabled=enabled)
        done = "resubscribed" if enabled else "unsubscribed"
    preference = ReminderPreference.objects.filter(runner=runner).first()
    return render(
        request,
        "clinic/unsubscribe.html",
        {
            "first_name": runner.first_name,
            "done": done,
            "enabled": preference.daily_enabled if preference else True,
        },
    )


@staff_only
def outbox(request):
    deliveries = Delivery.objects.select_related("runner", "recipient").order_by(
        "-created_at", "-pk"
    )
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    if kind in DeliveryKind.values:
        deliveries = deliveries.filter(kind=kind)
    counts = dict(
        Delivery.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    page = Paginator(deliveries, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clinic/outbox.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": [(s, label, counts.get(s, 0)) for s, label in DeliveryStatus.choices],
            "kinds": DeliveryKind.choices,
            "practice_zone": settings.PRACTICE_TIME_ZONE,
        },
    )
