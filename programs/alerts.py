"""Clinician alerts: what a runner's clinician should hear about (docs/domain.md §6.6).

A red run, pain of 5 or more after exercise, morning pain rising two days running, a new red
flag. Each is one `ClinicianAlert` row per (runner, kind, day), shown on the dashboard until
seen, and sent through the one outbox: red flags at once (`clinician_alert`), the rest in each
clinician's daily digest (`clinician_digest`), which the clock sends once a local day at the
practice's `CLINICIAN_DIGEST_HOUR` on the clinician's own clock (their location's time zone,
`clinic.booking.schedule.clinician_zones`). Every message links to the runner's record.
"""

import uuid
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clinic.booking.schedule import clinician_zones
from clinic.models import Delivery, DeliveryKind, Role, User
from clinic.notifications import content, outbox, timing
from clinic.notifications.kinds import Composed, skip
from programs.models import IMMEDIATE_ALERTS, AlertKind, ClinicianAlert, RunColour

PAIN_AFTER_EXERCISE = 5  # practice rule: pain of 5 or more after exercise tells the clinician


def digest_hour() -> int:
    """The practice's digest hour, on each clinician's own clock (default 07:00)."""
    return getattr(settings, "CLINICIAN_DIGEST_HOUR", 7)


def digest_day(now: datetime, zone: str) -> date:
    """The first digest after `now` in `zone`: today's if it hasn't gone yet, else tomorrow's."""
    return timing.next_digest_day(now, zone, digest_hour())


def raise_alert(*, runner, kind: str, day: date, reason: str) -> ClinicianAlert | None:
    """One alert per (runner, kind, day); the same again returns None and sends nothing."""
    immediate = kind in IMMEDIATE_ALERTS
    clinician = runner.clinician
    digest_on = None
    if not immediate:
        zone = clinician_zones([clinician.pk])[clinician.pk] if clinician else "UTC"
        digest_on = digest_day(timezone.now(), zone)
    try:
        with transaction.atomic():
            alert = ClinicianAlert.objects.create(
                runner=runner,
                clinician=runner.clinician,
                kind=kind,
                day=day,
                reason=reason[:300],
                digest_on=digest_on,
            )
    except IntegrityError:
        return None
    if immediate and runner.clinician is not None:
        outbox.enqueue(
            DeliveryKind.CLINICIAN_ALERT,
            recipient=runner.clinician,
            runner=runner,
            reference=str(alert.code),
        )
    return alert


def _red_reason(run) -> str:
    why = []
    if run.stopped_by_pain:
        why.append("stopped by pain")
    if run.pain_during is not None and run.pain_during > 5:
        why.append(f"pain {run.pain_during}/10 during")
    if not why:
        why.append("more pain the next morning")
    return f"Red run on {run.day:%a %-d %b}: {', '.join(why)}."


def after_run(run) -> None:
    """A new run: red, or pain of 5 or more after it."""
    if run.colour == RunColour.RED:
        raise_alert(runner=run.runner, kind=AlertKind.RED_RUN, day=run.day, reason=_red_reason(run))
    if run.pain_after is not None and run.pain_after >= PAIN_AFTER_EXERCISE:
        raise_alert(
            runner=run.runner,
            kind=AlertKind.PAIN_AFTER_EXERCISE,
            day=run.day,
            reason=f"Pain {run.pain_after}/10 after a run on {run.day:%a %-d %b}.",
        )


def after_morning_pain(*, runner, day: date, mornings: dict[date, int], recoloured) -> None:
    """A morning's pain: a run it turned red, or a third morning in a row higher than the last."""
    for run in recoloured:
        if run.colour == RunColour.RED:
            raise_alert(runner=runner, kind=AlertKind.RED_RUN, day=run.day, reason=_red_reason(run))
    three = [mornings.get(day - timedelta(days=n)) for n in (2, 1, 0)]
    if None not in three and three[0] < three[1] < three[2]:
        raise_alert(
            runner=runner,
            kind=AlertKind.MORNING_PAIN_RISING,
            day=day,
            reason="Morning pain rising two days running: " + " → ".join(map(str, three)) + ".",
        )


def after_feedback(feedback) -> None:
    """How the knee felt after the day's exercises."""
    if feedback.knee_pain >= PAIN_AFTER_EXERCISE:
        raise_alert(
            runner=feedback.runner,
            kind=AlertKind.PAIN_AFTER_EXERCISE,
            day=feedback.day,
            reason=f"Pain {feedback.knee_pain}/10 after exercises on {feedback.day:%a %-d %b}.",
        )


def after_red_flags(*, screening, kinds: list[str]) -> None:
    """A signed screening with red flags (registered with intake from AppConfig.ready())."""
    if not kinds:
        return
    runner = screening.runner
    labels = ", ".join(str(label) for label in _flag_labels(kinds))
    raise_alert(
        runner=runner,
        kind=AlertKind.RED_FLAG,
        day=screening.screened_on,
        reason=f"New red flag on the screening of {screening.screened_on:%-d %b}: {labels}.",
    )


def _flag_labels(kinds):
    from intake.models import RedFlagKind

    return [RedFlagKind(kind).label for kind in kinds]


# ---- reads --------------------------------------------------------------------------------


def open_alerts(user, limit: int = 20) -> list[ClinicianAlert]:
    """Unseen alerts: a clinician's own runners', or every runner's for the practice admin."""
    alerts = ClinicianAlert.objects.filter(seen_at__isnull=True).select_related("runner")
    if user.role != Role.PRACTICE_ADMIN:
        alerts = alerts.filter(clinician=user)
    return list(alerts.order_by("-created_at")[:limit])


def mark_seen(*, alert: ClinicianAlert, by) -> None:
    ClinicianAlert.objects.filter(pk=alert.pk, seen_at__isnull=True).update(
        seen_at=timezone.now(), seen_by=by
    )


# ---- the outbox: composers and the digest's dispatcher ------------------------------------


def _link(alert: ClinicianAlert) -> str:
    return settings.SITE_URL + alert.get_absolute_url()


def compose_alerts(deliveries: list[Delivery]) -> dict[int, Composed]:
    """An immediate alert (a red flag): one message per alert, linking to the record."""
    alerts = {
        str(a.code): a
        for a in ClinicianAlert.objects.filter(
            code__in=[d.reference for d in deliveries if _is_uuid(d.reference)]
        ).select_related("runner__location")
    }
    composed = {}
    for delivery in deliveries:
        alert = alerts.get(delivery.reference)
        if alert is None:
            composed[delivery.pk] = skip("the alert is no longer on record")
            continue
        composed[delivery.pk] = content.render(
            "clinician_alert",
            {"alert": alert, "runner": alert.runner, "link": _link(alert)},
            channel=delivery.channel,
            zone=alert.runner.time_zone,
            location=alert.runner.location,
        )
    return composed


def compose_digests(deliveries: list[Delivery]) -> dict[int, Composed]:
    """Each clinician's digest: the alerts of their runners due in that day's digest, with times
    on the clinician's own clock."""
    alerts = ClinicianAlert.objects.filter(
        clinician_id__in=[d.recipient_id for d in deliveries],
        digest_on__in=[d.local_date for d in deliveries],
    ).select_related("runner__location")
    by_key: dict[tuple, list[ClinicianAlert]] = {}
    for alert in alerts.order_by("runner__last_name", "day"):
        by_key.setdefault((alert.clinician_id, alert.digest_on), []).append(alert)
    zones = clinician_zones({d.recipient_id for d in deliveries})
    composed = {}
    for delivery in deliveries:
        items = by_key.get((delivery.recipient_id, delivery.local_date), [])
        if not items:
            composed[delivery.pk] = skip("no alerts for this digest")
            continue
        composed[delivery.pk] = content.render(
            "clinician_digest",
            {
                "clinician": delivery.recipient,
                "items": [(a, _link(a)) for a in items],
                "day": delivery.local_date,
                "dashboard": settings.SITE_URL + reverse("programs:dashboard"),
            },
            channel=delivery.channel,
            zone=zones[delivery.recipient_id],
            location=items[0].runner.location,
        )
    return composed


def dispatch_digests(*, now: datetime | None = None) -> int:
    """Each clinician's digest, once their own clock has passed the digest hour, for their local
    date's alerts: once a local day (the ledger's unique row per recipient, kind and date).

    A few queries whatever the number of clinicians: their pending digest days, their zones,
    the digests already on the ledger, then one enqueue per clinician due.
    """
    now = now or timezone.now()
    hour = digest_hour()
    # Every zone's local date is within a day of UTC's.
    utc_day = now.astimezone(UTC).date()
    pending: dict[int, set[date]] = {}
    for clinician_id, day in (
        ClinicianAlert.objects.filter(
            clinician__isnull=False,
            digest_on__gte=utc_day - timedelta(days=1),
            digest_on__lte=utc_day + timedelta(days=1),
        )
        .values_list("clinician_id", "digest_on")
        .distinct()
    ):
        pending.setdefault(clinician_id, set()).add(day)
    zones = clinician_zones(pending)
    due = {}
    for clinician_id, days in pending.items():
        day = timing.digest_due(now, zones[clinician_id], hour)
        if day in days:
            due[clinician_id] = day
    if not due:
        return 0
    sent_already = set(
        Delivery.objects.filter(
            kind=DeliveryKind.CLINICIAN_DIGEST,
            recipient_id__in=list(due),
            local_date__in=set(due.values()),
        ).values_list("recipient_id", "local_date")
    )
    clinicians = User.objects.in_bulk(list(due))
    queued = 0
    for clinician_id, day in sorted(due.items()):
        if (clinician_id, day) in sent_already:
            continue
        with transaction.atomic():
            if outbox.enqueue(
                DeliveryKind.CLINICIAN_DIGEST, recipient=clinicians[clinician_id], local_date=day
            ):
                queued += 1
    return queued


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
