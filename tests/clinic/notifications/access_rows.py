"""Access-table rows for the reminder pages (see tests/clinic/access_table.py for the format)."""

from clinic.notifications.preferences import unsubscribe_token
from tests.clinic.access_table import STAFF, Rule, only, public

ROWS: dict = {
    "clinic:reminder_settings": Rule(only("runner_a", "runner_b")),
    # The signed link is the credential: it works logged out, and GET never changes anything.
    # CSRF-exempt (trust): RFC 8058 one-click unsubscribe POSTs come from mail clients with no
    # cookie; the signed token is the credential, and the worst a forged POST does is unsubscribe.
    "clinic:unsubscribe": Rule(
        public(),
        kwargs=lambda cast: {"token": unsubscribe_token(cast.runner_a)},
        post=public(),
        csrf_exempt=True,
    ),
    "clinic:outbox": Rule(only(*STAFF)),
    # Providers' delivery reports: no login and no CSRF token (providers have neither); the
    # provider's signature is the credential (tests/clinic/notifications/test_providers.py).
    # Here no provider is configured, so there is nothing to report to.
    "clinic:email_events": Rule(public(404), post=public(404), csrf_exempt=True),
    "clinic:sms_status": Rule(
        public(405),
        kwargs=lambda cast: {"code": "0b6f3b1e-8a4e-4c1b-9a53-5f1f2f0a6c11"},
        post=public(404),
        csrf_exempt=True,
    ),
}
