"""Text messages through a provider. A real provider is one `SmsProvider` subclass away:
implement `send_sms` with its HTTP API (passing `key` as its idempotency key) and name the class
in settings.SMS_PROVIDER."""

import fcntl
import json
import time

from django.conf import settings
from django.utils.module_loading import import_string

from clinic.notifications.transports.base import Outgoing, Transport, TransportError

SMS_MAX_CHARS = 480  # three segments; carriers split longer texts unreliably


class SmsProvider:
    def send_sms(self, *, to: str, text: str, key: str) -> None:
        raise NotImplementedError


class RecordingSmsProvider(SmsProvider):
    """The test and demo provider: keeps each message instead of sending it.

    In process, messages land in `outbox` (like Django's locmem mail). With SMS_RECORD_PATH set,
    each is also appended as one JSON line to that file, so a test or benchmark can read what a
    separate worker process sent. SMS_TEST_DELAY_SECONDS slows each send, and a number ending
    in "0000" fails, to exercise retries.
    """

    outbox: list[dict] = []

    def send_sms(self, *, to: str, text: str, key: str) -> None:
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


class SmsTransport(Transport):
    def __init__(self, provider: SmsProvider | None = None):
        self.provider = provider or import_string(settings.SMS_PROVIDER)()

    def send(self, message: Outgoing) -> None:
        if not message.to:
            raise TransportError("no phone number", retryable=False)
        self.provider.send_sms(to=message.to, text=message.text[:SMS_MAX_CHARS], key=message.key)
