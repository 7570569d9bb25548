"""Text messages through a provider: Twilio in production (TWILIO_* settings), the recording
provider in tests and the embedded default. A production start refuses the recording provider
while text messages are offered (clinic/notifications/checks.py)."""

import fcntl
import json
import time

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from clinic.notifications.transports.base import Outgoing, Transport, TransportError

SMS_MAX_CHARS = 480  # three segments; carriers split longer texts unreliably
RECORDING_PROVIDER = "clinic.notifications.transports.sms.RecordingSmsProvider"

# Twilio error codes that trying again cannot fix: the number is invalid, can't take texts, or
# its owner replied STOP. https://www.twilio.com/docs/api/errors
TWILIO_PERMANENT = {21211, 21214, 21217, 21407, 21408, 21610, 21612, 21614}


class SmsProvider:
    def send_sms(self, *, to: str, text: str, key: str) -> str | None:
        """Send `text` to `to` (E.164); return the provider's message ID. `key` is the ledger
        row's code: the same on a resend."""
        raise NotImplementedError


def status_callback_url(key: str) -> str:
    return settings.SITE_URL + reverse("clinic:sms_status", kwargs={"code": key})


class TwilioSmsProvider(SmsProvider):
    """Twilio's Messages API through its own client. Twilio takes no idempotency key for a
    message, so the ledger's key travels in the status-callback address instead: a delivery
    report always finds its row, and a resend after a crash reports to the same row."""

    def __init__(self):
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=settings.PROVIDER_TIMEOUT_SECONDS),
        )

    def send_sms(self, *, to: str, text: str, key: str) -> str | None:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        sender = settings.TWILIO_FROM
        where = {"messaging_service_sid": sender} if sender.startswith("MG") else {"from_": sender}
        try:
            message = self.client.messages.create(
                to=to, body=text, status_callback=status_callback_url(key), **where
            )
        except TwilioRestException as error:
            permanent = error.code in TWILIO_PERMANENT or (
                400 <= error.status < 500 and error.status != 429
            )
            raise TransportError(
                f"Twilio {error.status} (error {error.code}): {error.msg}", retryable=not permanent
            ) from error
        except (TwilioException, OSError) as error:  # connection errors, timeouts
            raise TransportError(f"Twilio: {type(error).__name__}: {error}") from error
        return message.sid


class RecordingSmsProvider(SmsProvider):
    """The test and demo provider: keeps each message instead of sending it.

    In process, messages land in `outbox` (like Django's locmem mail). With SMS_RECORD_PATH set,
    each is also appended as one JSON line to that file, so a test or benchmark can read what a
    separate worker process sent. SMS_TEST_DELAY_SECONDS slows each send before the message is
    kept, SMS_TEST_HOLD_SECONDS after (handed over, not yet returned: the instant a crash
    leaves a message sent but not recorded), and a number ending in "0000" fails, to exercise
    retries.
    """

    outbox: list[dict] = []

    def send_sms(self, *, to: str, text: str, key: str) -> str | None:
        if settings.SMS_TEST_DELAY_SECONDS:
            time.sleep(settings.SMS_TEST_DELAY_SECONDS)
        if to.endswith("0000"):
            raise TransportError("test provider: number unreachable")
        record = {"key": key, "to": to, "text": text}
        RecordingSmsProvider.outbox.append(record)
        if settings.SMS_RECORD_PATH:
            line = (json.dumps(record) + "\n").encode()
            with open(settings.SMS_RECORD_PATH, "ab") as sink:
                fcntl.flock(sink, fcntl.LOCK_EX)
                sink.write(line)
        if settings.SMS_TEST_HOLD_SECONDS:
            time.sleep(settings.SMS_TEST_HOLD_SECONDS)
        return f"recorded-{key}"


class SmsTransport(Transport):
    def __init__(self, provider: SmsProvider | None = None):
        self.provider = provider or import_string(settings.SMS_PROVIDER)()

    def send(self, message: Outgoing) -> str | None:
        if not message.to:
            raise TransportError("no phone number", retryable=False)
        return self.provider.send_sms(
            to=message.to, text=message.text[:SMS_MAX_CHARS], key=message.key
        )
