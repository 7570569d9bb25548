"""Sign-in codes (allauth's login by code) through the one outbox, by email or text.

allauth makes the code and keeps it in the session; its adapter (clinic.trust.accounts) hands it
here. The message is a ledger row like any other (kind `sign_in_code`, shown on the outbox page
with its channel and outcome) but the code itself is never written anywhere: it stays in this
process's memory while the row is composed and sent, at once, in the request that asked for it.
So the outbox shows staff that a code went, never the code; and the row goes once: if the send
fails, a retry finds no code and the row is skipped ("ask for a new code"), which is what the
person would do anyway after the code's few minutes are up.

The channel: text when they typed their phone number, or when text is their choice in their
reminder settings and they have a phone; email otherwise. Staff codes go to their login email.
"""

import uuid

from allauth.account import app_settings as allauth_settings
from django.conf import settings
from django.db import transaction

from clinic.models import Channel, Delivery, DeliveryKind, Runner, User
from clinic.notifications import content, kinds, ledger, outbox

# Delivery pk -> (code, asked again before signing in again): only while it is being sent
_CODES: dict[int, tuple[str, bool]] = {}


def send_code(
    user: User, code: str, *, by_phone: bool = False, reauthentication: bool = False
) -> Delivery | None:
    """Send `code` to `user` through the outbox now; the row records the outcome."""
    runner = (
        Runner.objects.current()
        .select_related("location", "reminder_preference")
        .filter(user=user)
        .first()
    )
    if runner is None:  # staff: to their login email
        target = {"recipient": user, "channel": Channel.EMAIL}
    else:
        target = {"runner": runner, "channel": channel_for(runner, by_phone=by_phone)}
    with transaction.atomic():
        delivery = outbox.enqueue(
            DeliveryKind.SIGN_IN_CODE, reference=uuid.uuid4().hex, send_later=False, **target
        )
    _CODES[delivery.pk] = (code, reauthentication)
    try:
        ledger.send_batch([delivery.pk], compose_codes)
    finally:
        _CODES.pop(delivery.pk, None)
    delivery.refresh_from_db()
    return delivery


def channel_for(runner: Runner, *, by_phone: bool) -> str:
    if by_phone:
        return Channel.SMS
    if outbox.channel_chosen_by(runner) == Channel.SMS and runner.phone:
        return Channel.SMS
    return Channel.EMAIL


def compose_codes(deliveries: list[Delivery]) -> dict[int, kinds.Composed]:
    composed = {}
    minutes = max(1, allauth_settings.LOGIN_BY_CODE_TIMEOUT // 60)
    for delivery in deliveries:
        held = _CODES.get(delivery.pk)
        if held is None:
            composed[delivery.pk] = kinds.skip(
                "a sign-in code goes once, when it is asked for; they can ask for a new one"
            )
            continue
        code, reauthentication = held
        person = delivery.runner if delivery.runner_id else delivery.recipient
        composed[delivery.pk] = content.render(
            "sign_in_code",
            {
                "first_name": person.first_name,
                "code": code,
                "minutes": minutes,
                "reauthentication": reauthentication,
            },
            channel=delivery.channel,
            zone=delivery.runner.time_zone if delivery.runner_id else settings.PRACTICE_TIME_ZONE,
            location=delivery.runner.location if delivery.runner_id else None,
        )
    return composed
