"""Email through Django's mail backend: an ESP through django-anymail when EMAIL_PROVIDER names
one (Mailgun, Postmark, SendGrid, Amazon SES, ...), else whatever EMAIL_URL says (SMTP, the
console, files). One connection is reused for a whole batch."""

from email._policybase import Compat32

from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from clinic.notifications.transports.base import Outgoing, Transport, TransportError

MESSAGE_ID_DOMAIN = "roadmap.messages"


def message_id(key: str) -> str:
    """The Message-ID of the ledger row `key`: the same on every resend, so a mail system that
    already has the message can recognise the copy."""
    return f"<{key}@{MESSAGE_ID_DOMAIN}>"


class _QuickFolding(Compat32):
    """The standard library's folding rules (Django's `compat32`), with short cuts for the two
    common headers: printable ASCII that fits on its line, written as it is, and one long word
    (an unsubscribe address), which the library moves whole onto the next line. Folding runs
    each header through `email.header.Header`, a third of the CPU a reminder cost; for these
    headers its answer is the same text (tests compare whole messages with the library's)."""

    def _fold(self, name, value, sanitize):
        if isinstance(value, str) and value.isascii() and value.isprintable():
            limit = self.max_line_length or 78
            if len(name) + len(value) + 2 <= limit:
                return f"{name}: {value}{self.linesep}"
            if " " not in value and len(value) + 1 > limit:
                return f"{name}: {self.linesep} {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


QUICK_FOLDING = _QuickFolding()


class LedgerEmail(EmailMultiAlternatives):
    """Django's multipart email, written out sooner: headers with `QUICK_FOLDING`, and the
    multipart boundary made from the ledger row's key. Left to itself, the generator draws a
    random boundary and compiles a regular expression to check the body for it, for every
    message; the key's boundary is checked against the parts' text with `in`."""

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.boundary = f"==roadmap.{key}=="

    def message(self):
        mime = super().message()
        mime.policy = QUICK_FOLDING  # the generator hands the top part's policy to every part
        parts = [self.body, *(alternative[0] for alternative in self.alternatives)]
        parts += [item[1] for item in self.attachments if isinstance(item, tuple)]
        if mime.is_multipart() and not any(
            isinstance(text, str) and self.boundary in text for text in parts
        ):
            mime.set_boundary(self.boundary)
        return mime


class EmailTransport(Transport):
    def __init__(self):
        self.connection = get_connection()
        self._opened = False

    def send(self, message: Outgoing) -> str | None:
        if not self._opened:
            self.connection.open()
            self._opened = True
        mail = LedgerEmail(
            key=message.key,
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": message_id(message.key), **message.headers},
            connection=self.connection,
        )
        if message.html:
            mail.attach_alternative(message.html, "text/html")
        for name, data, mimetype in message.attachments:
            mail.attach(name, data, mimetype)
        # anymail sends this with the message and its tracking webhooks bring it back, so a
        # bounce finds its ledger row; other backends ignore the attribute.
        mail.metadata = {"delivery": message.key}
        try:
            mail.send()
        except AnymailRecipientsRefused as error:
            raise TransportError(f"address refused: {error}", retryable=False) from error
        except AnymailAPIError as error:
            # A 4xx (but rate limiting) is the request's fault and will fail again.
            status = getattr(error, "status_code", None) or 500
            raise TransportError(
                f"{type(error).__name__}: {error}", retryable=status >= 500 or status == 429
            ) from error
        except AnymailError as error:
            raise TransportError(f"{type(error).__name__}: {error}") from error
        except (OSError, ValueError) as error:  # smtplib errors are OSErrors
            # A refused recipient will be refused again; a dropped connection may recover.
            permanent = "Recipient" in type(error).__name__ or isinstance(error, ValueError)
            raise TransportError(
                f"{type(error).__name__}: {error}", retryable=not permanent
            ) from error
        status = getattr(mail, "anymail_status", None)
        return status.message_id if status is not None and status.message_id else None

    def close(self) -> None:
        if self._opened:
            self.connection.close()
            self._opened = False
