"""Automatic logoff and the two-factor requirement (clinic.trust.sessions keeps the state)."""

import logging
import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from clinic.trust import sessions

logger = logging.getLogger("clinic.security")

# Pages a staff member who owes two-factor may still open: setting it up, and leaving.
TWO_FACTOR_SETUP_URLS = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "account_login",
    "clinic:healthz",
}


class IdleTimeoutMiddleware:
    """Log out anyone idle past their role's limit (HIPAA 164.312(a)(2)(iii), ASVS 5.0 V7.3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            limit = sessions.idle_limit_seconds(user)
            last_seen = request.session.get(sessions.LAST_SEEN)
            if last_seen is not None and now - last_seen > limit:
                logger.info("idle logoff user=%s after %d s", user.pk, now - last_seen)
                logout(request)
                messages.info(
                    request,
                    f"You were logged out after {limit // 60} minutes without activity. "
                    "Please log in again.",
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen > sessions.SEEN_RESOLUTION_SECONDS:
                request.session[sessions.LAST_SEEN] = now
                request.session.set_expiry(limit)
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """While the practice requires two-factor, staff without it can only set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.role not in sessions.STAFF_ROLES:
            return None
        due = request.session.get(sessions.TWO_FACTOR_DUE)
        checked = request.session.get(sessions.TWO_FACTOR_CHECKED, 0)
        if due or due is None or time.time() - checked > sessions.TWO_FACTOR_RECHECK_SECONDS:
            due = sessions.note_two_factor(request, user)
        if not due or request.resolver_match.view_name in TWO_FACTOR_SETUP_URLS:
            return None
        messages.warning(
            request,
            "The practice requires two-factor login for staff. Set up an authenticator app "
            "or add a passkey to continue.",
        )
        return redirect("mfa_activate_totp")
