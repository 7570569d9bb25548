from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from clinic.notifications.transports.base import Outgoing, Transport, TransportError


class EmailTransport(Transport):
    """Django's mail backend (EMAIL_URL), one connection reused for a whole batch."""

    def __init__(self):
        self.connection = get_connection()
        self._opened = False

    def send(self, message: Outgoing) -> None:
        if not self._opened:
            self.connection.open()
            self._opened = True
        headers = {"Message-ID": f"<{message.key}@roadmap.reminders>", **message.headers}
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers=headers,
            connection=self.connection,
        )
        if message.html:
            mail.attach_alternative(message.html, "text/html")
        for name, data, mimetype in message.attachments:
            mail.attach(name, data, mimetype)
        try:
            mail.send()
        except (OSError, ValueError) as error:  # smtplib errors are OSErrors
            # A refused recipient will be refused again; a dropped connection may recover.
            permanent = "Recipient" in type(error).__name__ or isinstance(error, ValueError)
            raise TransportError(
                f"{type(error).__name__}: {error}", retryable=not permanent
            ) from error

    def close(self) -> None:
        if self._opened:
            self.connection.close()
            self._opened = False
