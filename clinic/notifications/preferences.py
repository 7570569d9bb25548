"""Reminder preferences: defaults, who is due for the daily reminder, signed unsubscribe links.

The daily reminder's content belongs to programs (programs/daily_reminder.py); the practice decides
*when* a runner is due and keeps the ledger.
"""

import datetime
import functools
import logging
import operator
import zoneinfo

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Case, DateField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from clinic.models import (
    DEFAULT_REMIND_AT,
    Channel,
    Delivery,
    DeliveryKind,
    ReminderPreference,
    Runner,
)
from clinic.notifications.timing import ALL_DAYS, local_moment, masks_including

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "clinic.reminders.unsubscribe"


def offered_channel(chosen: str) -> str:
    """The channel a runner's choice comes to: email while the practice offers no texts."""
    return chosen if chosen == Channel.EMAIL or settings.TEXT_MESSAGES else Channel.EMAIL


# A runner with no preference row gets the defaults (see ReminderPreference).
def with_reminder_settings(runners: QuerySet[Runner]) -> QuerySet[Runner]:
    return runners.annotate(
        reminder_zone=F("time_zone"),
        reminder_enabled=Coalesce("reminder_preference__daily_enabled", Value(True)),
        reminder_at=Coalesce("reminder_preference__remind_at", Value(DEFAULT_REMIND_AT)),
        reminder_days=Coalesce("reminder_preference__days", Value(ALL_DAYS)),
        reminder_channel=Coalesce("reminder_preference__channel", Value(Channel.EMAIL.value)),
    )


def due_for_daily_reminder(now: datetime.datetime, runners: QuerySet[Runner]) -> QuerySet[Runner]:
    """Those of `runners` whose daily reminder is due at `now` and who have no ledger row for
    that local date yet, annotated with `reminder_date` (their local date), `reminder_channel`
    and `reminder_enabled`. Runners who turned reminders off are included: their day gets a
    "skipped" row saying so, so the outbox explains the silence. A runner whose time zone the
    system doesn't know is due once a day (UTC): the day's skipped row says why.
    One query for the time zones in use here, one when the result is read, however many runners."""
    candidates = with_reminder_settings(runners)
    zones = list(candidates.order_by().values_list("reminder_zone", flat=True).distinct())
    conditions, dates = [], []
    for zone in zones:
        if not zone_known(zone):
            conditions.append(Q(reminder_zone=zone))
            dates.append(When(reminder_zone=zone, then=Value(now.astimezone(datetime.UTC).date())))
            continue
        moment = local_moment(now, zone)
        conditions.append(
            Q(
                reminder_zone=zone,
                reminder_at__lte=moment.time,
                reminder_days__in=masks_including(moment.weekday),
            )
        )
        dates.append(When(reminder_zone=zone, then=Value(moment.date)))
    if not conditions:
        return candidates.annotate(reminder_date=Value(None, output_field=DateField())).none()
    already = Delivery.objects.filter(
        recipient__isnull=True,  # the runner's own messages: what the partial unique index holds
        runner=OuterRef("pk"),
        kind=DeliveryKind.DAILY_EXERCISE,
        local_date=OuterRef("reminder_date"),
        reference="",
    )
    return (
        candidates.filter(functools.reduce(operator.or_, conditions))
        .annotate(reminder_date=Case(*dates, output_field=DateField()))
        .filter(~Exists(already))
        .order_by("pk")
    )


@functools.cache
def zone_known(zone: str) -> bool:
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def preferences_for(runner: Runner) -> ReminderPreference:
    """The runner's preferences, created with the defaults on first use."""
    preference, _ = ReminderPreference.objects.get_or_create(runner=runner)
    return preference


# Signed, per runner, no expiry: an unsubscribe link in an old email must still work.
def unsubscribe_token(runner: Runner) -> str:
    return signing.dumps(str(runner.code), salt=UNSUBSCRIBE_SALT)


def runner_from_unsubscribe_token(token: str) -> Runner | None:
    try:
        code = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Runner.objects.filter(code=code).first()


def unsubscribe_url(runner: Runner, site_url: str) -> str:
    return site_url + reverse("clinic:unsubscribe", kwargs={"token": unsubscribe_token(runner)})


def unsubscribe_url_maker(site_url: str):
    """unsubscribe_url for a whole batch: the URL is resolved once, not once per runner."""
    marker = "TOKEN"
    pattern = site_url + reverse("clinic:unsubscribe", kwargs={"token": marker})
    head, tail = pattern.split(marker)
    return lambda runner: head + unsubscribe_token(runner) + tail


@transaction.atomic
def set_daily_reminders(*, runner: Runner, enabled: bool) -> ReminderPreference:
    """Turn the daily reminder on or off (the unsubscribe link and its undo)."""
    preference, _ = ReminderPreference.objects.select_for_update().get_or_create(runner=runner)
    preference.daily_enabled = enabled
    preference.save(update_fields=["daily_enabled", "updated_at"])
    return preference
