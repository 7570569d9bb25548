"""System checks of the message providers, run by `manage.py check`, `migrate` and at every
worker's start: a production site must not offer text messages it can't send."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from clinic.notifications.transports.sms import RECORDING_PROVIDER


@register(Tags.compatibility, deploy=False)
def text_messages_have_a_real_provider(app_configs=None, **kwargs):
    if settings.DEBUG or not settings.TEXT_MESSAGES or settings.SMS_PROVIDER != RECORDING_PROVIDER:
        return []
    return [
        Error(
            "Text messages are offered to runners, but no SMS provider is configured: the "
            "recording provider keeps messages in memory and sends nothing.",
            hint="Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, or "
            "TEXT_MESSAGES=false to offer email only.",
            id="notifications.E001",
        )
    ]


@register(Tags.compatibility)
def twilio_is_fully_configured(app_configs=None, **kwargs):
    if settings.SMS_PROVIDER == RECORDING_PROVIDER or "Twilio" not in settings.SMS_PROVIDER:
        return []
    missing = [
        name
        for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")
        if not getattr(settings, name)
    ]
    if not missing:
        return []
    return [
        Error(
            f"Twilio is the SMS provider but {', '.join(missing)} is not set.",
            id="notifications.E002",
        )
    ]
