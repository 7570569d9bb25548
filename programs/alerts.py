"""Clinician alerts: what a runner's clinician should hear about (docs/domain.md §6.6).

A red run, pain of 5 or more after exercise, morning pain rising two days running, a new red
flag. Each is one `ClinicianAlert` row per (runner, kind, day), shown on the dashboard until
seen, and sent through the one outbox: red flags at once (`clinician_alert`), the rest in each
clinician's daily digest (`clinician_digest`), which the clock sends at
`CLINICIAN_DIGEST_HOUR_UTC`. Every message links to the runner's record.
"""

import uuid
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from clinic.models import Delivery, DeliveryKind, Role
from clinic.notifications import content, outbox
from clinic.notifications.kinds import Composed, skip
from programs.models import IMMEDIATE_ALERTS, AlertKind, ClinicianAlert, RunColour

PAIN_AFTER_EXERCISE = 5  # practice rule: pain of 5 or more after exercise tells the clinician


def digest_hour() -> int:
    return getattr(settings, "CLINICIAN_DIGEST_HOUR_UTC", 7)


def digest_day(now: datetime) -> date:
    """The first digest after `now`: today's if it hasn't gone yet (UTC), else tomorrow's."""
    now = now.astimezone(UTC)
    return now.date() if now.hour < digest_hour() else now.date() + timedelta(days=1)


def raise_alert(*, runner, kind: str, day: date, reason: str) -> ClinicianAlert | None:
    """One alert per (runner, kind, day); the same again returns None and sends nothing."""
    immediate = kind in IMMEDIATE_ALERTS
    try:
        with transaction.atomic():
            alert = ClinicianAlert.objects.create(
                runner=runner,
                clinician=runner.clinician,
                kind=kind,
                day=day,
                reason=reason[:300],
                digest_on=None if immediate else digest_day(timezone.now()),
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
    """Each clinician's digest: the alerts of their runners due in that day's digest."""
    alerts = ClinicianAlert.objects.filter(
        clinician_id__in=[d.recipient_id for d in deliveries],
        digest_on__in=[d.local_date for d in deliveries],
    ).select_related("runner__location")
    by_key: dict[tuple, list[ClinicianAlert]] = {}
    for alert in alerts.order_by("runner__last_name", "day"):
        by_key.setdefault((alert.clinician_id, alert.digest_on), []).append(alert)
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
            zone="UTC",
            location=items[0].runner.location,
        )
    return composed


def dispatch_digests(*, now: datetime | None = None) -> int:
    """From the digest hour (UTC), one digest per clinician with alerts for today's digest."""
    now = (now or timezone.now()).astimezone(UTC)
    if now.hour < digest_hour():
        return 0
    day = now.date()
    sent_already = Delivery.objects.filter(
        kind=DeliveryKind.CLINICIAN_DIGEST, recipient=OuterRef("clinician"), local_date=day
    )
    due = (
        ClinicianAlert.objects.filter(digest_on=day, clinician__isnull=False)
        .exclude(Exists(sent_already))
        .select_related("clinician")
        .order_by("clinician_id")
    )
    clinicians = {alert.clinician_id: alert.clinician for alert in due}
    queued = 0
    for clinician in clinicians.values():
        with transaction.atomic():
            if outbox.enqueue(DeliveryKind.CLINICIAN_DIGEST, recipient=clinician, local_date=day):
                queued += 1
    return queued


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
