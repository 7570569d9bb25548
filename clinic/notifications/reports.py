"""Delivery reports from the providers, written into the ledger: delivered, or bounced,
complained, rejected, undelivered -> failed with the reason. A hard bounce, a complaint or a
number that can't take texts puts the address on the suppression list, so it is not used again
until the person's address changes.

Email reports arrive through django-anymail's tracking webhook (its signal, connected in
ClinicConfig.ready()); text reports through Twilio's signed status callback
(clinic/views/webhooks.py). Both find the row by the ledger's key, which travelled with the
message (anymail metadata, the callback's address), or by the provider's message ID."""

import logging

from django.db import transaction
from django.utils import timezone

from clinic.models import Channel, Delivery, DeliveryStatus
from clinic.notifications import addresses
from clinic.notifications.ledger import suppress

log = logging.getLogger(__name__)

# anymail's normalised event types that mean the message will never arrive.
EMAIL_FAILURES = {"bounced", "complained", "rejected", "failed"}
# ... and those that mean the address itself is dead or must not be mailed again.
EMAIL_SUPPRESS = {"bounced", "complained"}
REJECTIONS_TO_SUPPRESS = {"bounced", "invalid", "spam"}

# Twilio's message statuses: https://www.twilio.com/docs/messaging/api/message-resource
SMS_FAILURES = {"failed", "undelivered"}
# Twilio error codes meaning the number itself can't take our texts.
SMS_DEAD_NUMBERS = {"21211", "21610", "21614", "30003", "30005", "30006"}


def _find(code: str | None, provider_id: str | None) -> Delivery | None:
    deliveries = Delivery.objects.select_related("runner", "recipient")
    if code:
        try:
            return deliveries.filter(code=code).first()
        except Exception:  # noqa: BLE001 - a malformed key from outside finds nothing
            return None
    if provider_id:
        return deliveries.filter(provider_id=provider_id).first()
    return None


def record_email_event(sender=None, event=None, esp_name="", **kwargs) -> Delivery | None:
    """Receiver of anymail's `tracking` signal."""
    metadata = getattr(event, "metadata", None) or {}
    delivery = _find(metadata.get("delivery"), event.message_id)
    if delivery is None:
        return None
    kind = event.event_type
    if kind == "delivered":
        _delivered(delivery, event.timestamp)
    elif kind in EMAIL_FAILURES:
        detail = event.description or event.mta_response or event.reject_reason or ""
        reason = f"{esp_name or 'provider'}: {kind}" + (f" ({detail})" if detail else "")
        _failed(delivery, reason)
        if kind in EMAIL_SUPPRESS or (
            kind == "rejected" and event.reject_reason in REJECTIONS_TO_SUPPRESS
        ):
            suppress(
                event.recipient or addresses.address_for(delivery),
                channel=Channel.EMAIL,
                reason=reason,
                delivery=delivery,
            )
    return delivery


def record_sms_status(*, code: str, status: str, error_code: str = "", sid: str = "") -> None:
    """What Twilio's status callback reported for the message with ledger key `code`."""
    delivery = _find(code, sid)
    if delivery is None:
        return
    if status == "delivered":
        _delivered(delivery, timezone.now())
    elif status in SMS_FAILURES:
        reason = f"Twilio: {status}" + (f" (error {error_code})" if error_code else "")
        _failed(delivery, reason)
        if error_code in SMS_DEAD_NUMBERS:
            suppress(
                addresses.address_for(delivery),
                channel=Channel.SMS,
                reason=reason,
                delivery=delivery,
            )


def _delivered(delivery: Delivery, when) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(delivered_at=when or timezone.now())


@transaction.atomic
def _failed(delivery: Delivery, reason: str) -> None:
    """Failed with the provider's reason. Not retried: the provider already tried."""
    log.warning("delivery %s: %s", delivery.pk, reason)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
