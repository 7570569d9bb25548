"""Runner accounts without the Django admin: an invitation with a one-time link to set up a login.

The practice invites a runner when the front desk books them, when a clinician assigns their
program, and whenever staff press "send invitation" on the runner's page. The invitation is a
kind of the one ledger (clinic.notifications.outbox), by email, or by text when they have no
email. Its link is signed, expires after INVITATION_MAX_AGE, and works once: it carries a nonce
stored on the runner, which a new invitation replaces and activation clears. Activation creates
(or links) the runner's user, sets their password, and signs them in; staff see `activated_at`.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinic.models import Channel, Delivery, DeliveryKind, Role, Runner, User
from clinic.notifications import content, kinds, outbox
from clinic.notifications.preferences import offered_channel

SALT = "clinic.account-invitation"
# Practice rule: a week to act on it; a later booking or the desk sends a fresh one.
INVITATION_MAX_AGE = datetime.timedelta(days=7)
# Booking twice in a day sends one invitation; staff pressing the button always send.
RESEND_AFTER = datetime.timedelta(hours=23)


def activation_url(runner: Runner) -> str:
    token = signing.dumps({"r": str(runner.code), "n": runner.invitation_nonce}, salt=SALT)
    return f"{settings.SITE_URL}{reverse('clinic:activate_account', kwargs={'token': token})}"


def runner_from_token(token: str) -> Runner | None:
    """The runner a valid, unexpired, unused invitation link is for; None otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=INVITATION_MAX_AGE)
        code, nonce = payload["r"], payload["n"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not nonce:
        return None
    return (
        Runner.objects.filter(code=code, invitation_nonce=nonce, anonymised_at__isnull=True)
        .select_related("location", "user")
        .first()
    )


def invite(*, runner: Runner, force: bool = False) -> Delivery | None:
    """Queue an invitation to set up a login; None when there's nothing to send (activated
    already, no email or phone, or one sent within RESEND_AFTER and not `force`)."""
    now = timezone.now()
    with transaction.atomic():
        runner = Runner.objects.select_for_update().get(pk=runner.pk)
        if runner.activated_at or runner.anonymised_at or not (runner.email or runner.phone):
            return None
        if not force and runner.invited_at and now - runner.invited_at < RESEND_AFTER:
            return None
        runner.invitation_nonce = secrets.token_hex(8)
        runner.invited_at = now
        runner.save(update_fields=["invitation_nonce", "invited_at"])
        channel = None if runner.email else offered_channel(Channel.SMS)
        return outbox.enqueue(
            DeliveryKind.ACCOUNT_INVITATION,
            runner=runner,
            reference=runner.invitation_nonce,
            channel=channel,
        )


def activate(*, runner: Runner, password: str, email: str = "") -> User:
    """Give the runner their login: their user (made now, or the one they have), this password;
    the link is used up. Raises ValidationError if the email belongs to someone else's login."""
    with transaction.atomic():
        runner = (
            Runner.objects.select_for_update(of=("self",)).select_related("user").get(pk=runner.pk)
        )
        user = runner.user
        if user is None:
            email = (email or runner.email).strip().lower()
            user = User.objects.filter(email__iexact=email).first()
            if user is not None and (user.role != Role.RUNNER or hasattr(user, "runner")):
                raise ValidationError(
                    "That email already has a login with us. Sign in, or call us to sort it out."
                )
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    role=Role.RUNNER,
                    first_name=runner.first_name,
                    last_name=runner.last_name,
                )
        user.set_password(password)
        user.is_active = True
        user.save()
        runner.user = user
        if not runner.email:
            runner.email = user.email
        runner.activated_at = timezone.now()
        runner.invitation_nonce = ""
        runner.save(update_fields=["user", "email", "activated_at", "invitation_nonce"])
    return user


def compose_invitations(deliveries: list[Delivery]) -> dict[int, kinds.Composed]:
    """Each invitation with the runner's current link (a newer invitation replaces it)."""
    composed = {}
    for delivery in deliveries:
        runner = delivery.runner
        if runner.activated_at:
            composed[delivery.pk] = kinds.skip("their account is set up already")
            continue
        if runner.invitation_nonce != delivery.reference:
            composed[delivery.pk] = kinds.skip("a newer invitation replaced this one")
            continue
        location = runner.location
        composed[delivery.pk] = content.render(
            "account_invitation",
            {
                "runner": runner,
                "url": activation_url(runner),
                "days": INVITATION_MAX_AGE.days,
            },
            channel=delivery.channel,
            zone=runner.time_zone,
            location=location,
        )
    return composed
