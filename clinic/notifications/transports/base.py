from dataclasses import dataclass, field


class TransportError(Exception):
    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


@dataclass
class Outgoing:
    key: str  # stable per ledger row: a resend is the same message
    to: str
    subject: str
    text: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, type


class Transport:
    """Sends messages of one channel. Open once per batch; `close()` when the batch is done."""

    def send(self, message: Outgoing) -> str | None:
        """Hand the message over; return the provider's ID for it if it gives one. Raise
        TransportError when the provider refuses. Must time out well inside
        DELIVERY_LEASE_SECONDS (a send still running then would be taken as lost)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release a connection held across a batch."""
