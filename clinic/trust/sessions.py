"""Session rules: automatic logoff after idle time, and the practice's two-factor requirement.

State lives in the session so that most requests cost no extra query: the login stamps the
time and whether this staff member still owes a second factor; the middleware re-reads the
practice's setting at most every few minutes (and on every request while they owe it).
"""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings

from clinic.models import STAFF_ROLES, PracticeSecurity

LAST_SEEN = "roadmap_last_seen"
TWO_FACTOR_DUE = "roadmap_two_factor_due"
TWO_FACTOR_CHECKED = "roadmap_two_factor_checked"
SEEN_RESOLUTION_SECONDS = (
    60  # stamp activity at most once a minute: one session write, not one per click
)
TWO_FACTOR_RECHECK_SECONDS = (
    300  # a requirement the admin switches on reaches open sessions within this
)


def idle_limit_seconds(user) -> int:
    minutes = (
        settings.STAFF_IDLE_MINUTES if user.role in STAFF_ROLES else settings.RUNNER_IDLE_MINUTES
    )
    return minutes * 60


def owes_two_factor(user) -> bool:
    """Staff must set up a second factor when the practice requires it (an authenticator app
    or a passkey); runners never have to."""
    if user.role not in STAFF_ROLES:
        return False
    if not PracticeSecurity.current().require_staff_two_factor:
        return False
    second_factors = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    return not Authenticator.objects.filter(user=user, type__in=second_factors).exists()


def note_two_factor(request, user) -> bool:
    due = owes_two_factor(user)
    request.session[TWO_FACTOR_DUE] = due
    request.session[TWO_FACTOR_CHECKED] = time.time()
    return due


def start(request, user) -> None:
    """At login (Django has already given the session a new key): stamp it for the rules."""
    request.session[LAST_SEEN] = time.time()
    request.session.set_expiry(idle_limit_seconds(user))
    note_two_factor(request, user)


def on_user_logged_in(sender, request, user, **kwargs):
    start(request, user)


def on_authenticator_changed(sender, request, user, **kwargs):
    note_two_factor(request, user)
