import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from clinic.trust.audit import client_ip

# Failed and refused logins go to the security log (ASVS 5.0 V16.3: authentication events).
logger = logging.getLogger("clinic.security")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed login attempts for this email. To protect the account, logging in "
            "is paused for 15 minutes. You can reset your password meanwhile."
        ),
    }

    def is_open_for_signup(self, request):
        # Accounts are made by the practice (front desk, admin, online booking), never by sign-up.
        return False

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            logger.warning(
                "login refused: too many failures email=%r ip=%s",
                credentials.get("email", ""),
                client_ip(request),
            )
            raise

    def authentication_failed(self, request, **credentials):
        logger.warning(
            "login failed email=%r ip=%s", credentials.get("email", ""), client_ip(request)
        )
