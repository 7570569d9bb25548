"""allauth's messages with secrets in them, through the one outbox: sign-in codes (by email or
text) and password links (a reset, or a new member of staff choosing their first password).

allauth makes the secret (a code kept in the session, a signed link) and hands it to its adapter
(clinic.trust.accounts), which hands it here. The message is a ledger row like any other (shown
on the outbox page with its kind, channel and outcome) but the secret itself is never written
anywhere: it stays in this process's memory while the row is composed and sent, at once, in the
request that asked for it. So the outbox shows staff that a code went, never the code; and the
row goes once: if the send fails, a retry finds no secret and skips the row ("ask again"), which
is what the person does anyway once a code's few minutes are up.

Where it goes: a sign-in code by text when they typed their phone number, or when text is their
choice in their reminder settings and they have a phone; otherwise, and always for a password
link, by email to their login email. Staff get email.
"""

import uuid

from allauth.account import app_settings as allauth_settings
from django.conf import settings
from django.db import transaction

from clinic.models import Channel, Delivery, DeliveryKind, Runner, User
from clinic.notifications import content, kinds, ledger, outbox

KINDS = (DeliveryKind.SIGN_IN_CODE, DeliveryKind.PASSWORD_LINK)

# Delivery pk -> what its template needs, secret included: only while it is being sent
_SECRETS: dict[int, dict] = {}


def send_code(
    user: User, code: str, *, by_phone: bool = False, reauthentication: bool = False
) -> Delivery | None:
    """Send a sign-in (or "confirm it's you") code to `user` now. None: it can't go through
    the outbox (a runner whose record holds another email than their login): the caller mails it
    as allauth would."""
    minutes = max(1, allauth_settings.LOGIN_BY_CODE_TIMEOUT // 60)
    context = {"code": code, "minutes": minutes, "reauthentication": reauthentication}
    return _send(DeliveryKind.SIGN_IN_CODE, user, context, by_phone=by_phone)


def send_password_link(user: User, url: str) -> Delivery | None:
    """Send a password link to `user` now: a reset, or their first password when they have none
    yet (a new member of staff). None as for `send_code`."""
    context = {"url": url, "first_time": not user.has_usable_password()}
    return _send(DeliveryKind.PASSWORD_LINK, user, context, email_only=True)


def _send(kind, user, context, *, by_phone=False, email_only=False) -> Delivery | None:
    runner = (
        Runner.objects.current()
        .select_related("location", "reminder_preference")
        .filter(user=user)
        .first()
    )
    if runner is None:  # staff: to their login email
        target = {"recipient": user, "channel": Channel.EMAIL}
    else:
        channel = Channel.EMAIL if email_only else channel_for(runner, by_phone=by_phone)
        if channel == Channel.EMAIL and runner.email.lower() != user.email.lower():
            return None  # the record's email isn't the login's: this goes to the login's
        target = {"runner": runner, "channel": channel}
    with transaction.atomic():
        delivery = outbox.enqueue(kind, reference=uuid.uuid4().hex, send_later=False, **target)
    _SECRETS[delivery.pk] = context
    try:
        ledger.send_batch([delivery.pk], compose)
    finally:
        _SECRETS.pop(delivery.pk, None)
    delivery.refresh_from_db()
    return delivery


def channel_for(runner: Runner, *, by_phone: bool) -> str:
    if by_phone:
        return Channel.SMS
    if outbox.channel_chosen_by(runner) == Channel.SMS and runner.phone:
        return Channel.SMS
    return Channel.EMAIL


def compose(deliveries: list[Delivery]) -> dict[int, kinds.Composed]:
    """Each row with its secret, if this process still holds it; else skipped."""
    composed = {}
    for delivery in deliveries:
        secret = _SECRETS.get(delivery.pk)
        if secret is None:
            composed[delivery.pk] = kinds.skip(
                "sent once, when it is asked for: they can ask again for a new one"
            )
            continue
        person = delivery.runner if delivery.runner_id else delivery.recipient
        composed[delivery.pk] = content.render(
            str(delivery.kind),
            {**secret, "first_name": person.first_name},
            channel=delivery.channel,
            zone=delivery.runner.time_zone if delivery.runner_id else settings.PRACTICE_TIME_ZONE,
            location=delivery.runner.location if delivery.runner_id else None,
        )
    return composed
