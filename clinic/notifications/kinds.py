"""The message kinds the ledger knows, registered by the areas that write them.

Each area registers its kinds from its `AppConfig.ready()`: what a kind's message says (the
composer, which reads the ledger rows and returns each message or the reason to skip it) and,
for kinds sent on the clock, the dispatcher that finds what is due. The ledger, the sweeper and
retries look a kind up here, so the notifications package never imports the areas above it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Composed:
    """What a kind's composer makes of one delivery: a message, or the reason not to send.

    `subject`, `text` and `html` make the email (multipart: text and HTML); `sms` is the text
    message, used when the row's channel is SMS (the plain `text` if empty). Render them with
    clinic.notifications.content.render, which reads clock times in the right zone and never
    HTML-escapes a subject."""

    subject: str = ""
    text: str = ""
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    skip_reason: str = ""
    sms: str = ""


def skip(reason: str) -> Composed:
    return Composed(skip_reason=reason)


Composer = Callable[[list], dict]  # ledger rows -> {row pk: Composed}
Dispatcher = Callable[..., int]  # dispatch(now=...) -> how many messages it queued


@dataclass(frozen=True)
class Kind:
    name: str
    compose: Composer
    dispatch: Dispatcher | None = None


_KINDS: dict[str, Kind] = {}


def register(name: str, *, compose: Composer, dispatch: Dispatcher | None = None) -> Kind:
    """Called once per kind from an AppConfig.ready(); registering again replaces it."""
    kind = Kind(str(name), compose, dispatch)
    _KINDS[kind.name] = kind
    return kind


def composer_for(name: str) -> Composer:
    try:
        return _KINDS[str(name)].compose
    except KeyError:
        raise LookupError(f"No message kind {name!r} is registered.") from None


def dispatchers() -> list[tuple[str, Dispatcher]]:
    """The kinds sent on the clock, in the order they were registered."""
    return [(kind.name, kind.dispatch) for kind in _KINDS.values() if kind.dispatch]


def registered() -> list[str]:
    return list(_KINDS)
