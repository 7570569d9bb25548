import logging

import phonenumbers
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from django.conf import settings
from django.core.exceptions import ValidationError

from clinic.models import Runner, User
from clinic.trust.audit import client_ip

# Failed and refused logins go to the security log (ASVS 5.0 V16.3: authentication events).
logger = logging.getLogger("clinic.security")


LOGIN_CODE_MAIL = "account/email/login_code"  # allauth's login (and re-authentication) code
PASSWORD_LINK_MAIL = "account/email/password_reset_key"  # a reset, or a new staff member's


def e164(typed) -> str:
    """A phone as the practice stores it ("+19195550101"), whatever its punctuation or script;
    "" when it isn't one."""
    try:
        number = phonenumbers.parse(str(typed or ""), settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class RunnerPhoneField(PhoneField):
    """The phone on the sign-in pages: typed as people type it ("(919) 555-0101"), not only in
    E.164 as allauth's own field wants."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [])
        kwargs.setdefault("help_text", "Or the mobile number we have for you: we'll text the code.")
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        number = e164(value)
        if not number:
            raise ValidationError("Enter a phone number, such as (919) 555-0101.", code="invalid")
        return number


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

    # Codes by email or text, and password links, through the practice's outbox
    # (clinic.trust.account_mail).

    def send_mail(self, template_prefix, email, context):
        from clinic.trust import account_mail

        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        sent = None
        if user is not None and user.is_active and user.email.lower() == email.lower():
            if template_prefix == LOGIN_CODE_MAIL:
                sent = account_mail.send_code(
                    user, context["code"], reauthentication=bool(context.get("reauthentication"))
                )
            elif template_prefix == PASSWORD_LINK_MAIL:
                sent = account_mail.send_password_link(user, context["password_reset_url"])
        if sent is None:  # anything else allauth sends, or no one to tie it to: its own mail
            super().send_mail(template_prefix, email, context)

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        from clinic.trust import account_mail

        account_mail.send_code(
            user, code, by_phone=True, reauthentication=bool(kwargs.get("reauthentication"))
        )

    # Runners sign in with the phone on their record (staff keep it up to date): allauth reads
    # it, never changes it.

    def phone_form_field(self, **kwargs):
        return RunnerPhoneField(**kwargs)

    def get_user_by_phone(self, phone):
        number = e164(phone)
        if not number:
            return None
        runner = (
            Runner.objects.current()
            .filter(
                phone=number,
                anonymised_at__isnull=True,
                user__isnull=False,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return runner.user if runner else None

    def get_phone(self, user):
        runner = Runner.objects.current().filter(user=user).only("phone").first()
        if runner is None or not runner.phone:
            return None
        return runner.phone.as_e164, True  # the practice took it down: it is theirs

    def set_phone(self, user, phone, verified):
        """Not from sign-in pages: the phone is part of the runner's record."""

    def set_phone_verified(self, user, phone):
        """A phone on the record counts as verified already (get_phone)."""
