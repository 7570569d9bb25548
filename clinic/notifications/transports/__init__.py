"""How a message leaves the practice: one module per channel, each with a Transport.

A transport sends one `Outgoing` message and raises `TransportError` when the provider refuses;
`retryable=False` means trying again cannot help (a malformed address). Every message carries a
stable `key` (the ledger row's code): email puts it in the Message-ID, SMS providers receive it
as an idempotency key, so a resend after a crash is recognisably the same message.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from clinic.notifications.transports.base import Outgoing, Transport, TransportError  # noqa: F401


def transport_for(channel: str) -> Transport:
    """The transport configured for `channel` ("email" or "sms"), see settings.TRANSPORTS."""
    return import_string(settings.TRANSPORTS[channel])()
