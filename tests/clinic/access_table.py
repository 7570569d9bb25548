"""The access table: every URL of the site and the answer each role gets from a GET.

`test_access_table.py` walks the whole URLconf and fails on any URL name that is not here, so a
new page cannot ship without its rules. Answers: a status code, or LOGIN (302 to the login page).

POSTs: every URL is also posted to by every role, with a CSRF token and without one (without,
every role gets 403). With a token the answer is the row's `post` when it has one; a row without
`post` is a read-only page, and a POST must get the same answer as its GET, or 405.

Roles: anon; runner_a (whose records the URL kwargs name); runner_b (another runner: 404, so IDs
can't be probed); clinician (runner A's); other_clinician (no runners of their own, same
practice: clinicians see all the practice's runners); front_desk; admin (practice admin).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
ROLES = ("anon", "runner_a", "runner_b", "clinician", "other_clinician", "front_desk", "admin")
STAFF = ("clinician", "other_clinician", "front_desk", "admin")
CLINICAL = ("clinician", "other_clinician", "admin")


@dataclass(frozen=True)
class Rule:
    expected: dict[str, int | str]
    kwargs: Callable | None = None  # cast -> URL kwargs
    note: str = field(default="")
    post: dict[str, int | str] | None = None  # answers to a POST with a CSRF token, empty body
    csrf_exempt: bool = False  # a POST without a token gets `post` too (say why in the row)


def only(*roles: str, ok: int = 200, others: int = 403, **overrides) -> dict[str, int | str]:
    """Listed roles get `ok`; anonymous users go to login; every other role gets `others`."""
    answers: dict[str, int | str] = {
        role: (ok if role in roles else others) for role in ROLES if role != "anon"
    }
    answers["anon"] = LOGIN
    answers.update(overrides)
    return answers


def public(ok: int = 200, logged_in: int | None = None) -> dict[str, int | str]:
    """Open to everyone; `logged_in` when signed-in users are answered differently."""
    return {role: (ok if role == "anon" or logged_in is None else logged_in) for role in ROLES}


def runner_a_code(cast):
    return {"code": cast.runner_a.code}


def invitation_token(cast):
    from clinic.trust.invitations import activation_url

    runner = cast.runner_a
    runner.invitation_nonce = "0123456789abcdef"
    runner.save(update_fields=["invitation_nonce"])
    return {"token": activation_url(runner).rstrip("/").rsplit("/", 1)[-1]}


everyone_logged_in = only(*ROLES)

ACCESS: dict[str, Rule] = {
    # The practice
    "clinic:home": Rule(only(*ROLES, ok=302)),
    "clinic:runner_home": Rule(only("runner_a", "runner_b")),
    "clinic:clinician_home": Rule(only("clinician", "other_clinician")),
    "clinic:admin_home": Rule(only("admin")),
    # The practice's staff: its admin only. An empty invite is its form back (400); an empty
    # change goes back to the page with a message.
    "clinic:staff_list": Rule(only("admin")),
    "clinic:locations": Rule(only("admin")),
    # Clinicians' hours: the admin's page; empty adds are the form back (400), removing a
    # block or change that doesn't exist is 404.
    "clinic:hours": Rule(only("admin")),
    "clinic:hours_add": Rule(only("admin", ok=405), post=only("admin", ok=400)),
    "clinic:hours_remove": Rule(
        only("admin", ok=405), kwargs=lambda cast: {"pk": 999999}, post=only("admin", ok=404)
    ),
    "clinic:schedule_change_add": Rule(only("admin", ok=405), post=only("admin", ok=400)),
    "clinic:schedule_change_remove": Rule(
        only("admin", ok=405), kwargs=lambda cast: {"pk": 999999}, post=only("admin", ok=404)
    ),
    "clinic:location_edit": Rule(
        only("admin"), kwargs=lambda cast: {"pk": cast.location.pk}, post=only("admin", ok=400)
    ),
    "clinic:staff_invite": Rule(only("admin", ok=405), post=only("admin", ok=400)),
    "clinic:staff_change": Rule(
        only("admin", ok=405),
        kwargs=lambda cast: {"pk": cast.front_desk.pk},
        post=only("admin", ok=302),
    ),
    "clinic:runner_list": Rule(only(*STAFF)),
    "clinic:runner_detail": Rule(only(*STAFF), kwargs=runner_a_code),
    "clinic:healthz": Rule(public()),
    "clinic:floor": Rule(everyone_logged_in, note="the load benchmark's floor page"),
    "clinic:favicon": Rule(public(ok=301), note="to the icon in static files"),
    # Runner accounts: staff send invitations (POST only); the invitation link is the credential
    "clinic:runner_invite": Rule(
        only(*STAFF, ok=405), kwargs=runner_a_code, post=only(*STAFF, ok=302)
    ),
    # Merging a duplicate record: clinical staff (the comparison counts health records); an
    # empty POST names no duplicate, so it is the search back (400)
    "clinic:runner_merge": Rule(
        only(*CLINICAL), kwargs=runner_a_code, post=only(*CLINICAL, ok=400)
    ),
    "clinic:activate_account": Rule(
        public(), kwargs=lambda cast: invitation_token(cast), post=public(ok=400)
    ),
    "clinic:manifest": Rule(public(), note="the web app manifest: no personal data"),
    "clinic:service_worker": Rule(public(), note="the service worker script: no personal data"),
    # The practice's reports: its admin and clinicians
    "clinic:reports": Rule(only(*CLINICAL)),
    "clinic:report_csv": Rule(only(*CLINICAL), kwargs=lambda cast: {"report": "funnel"}),
    # The API for the practice's systems: a key or a clinical session; no one else (401 or 403)
    "clinic:api_patient_everything": Rule(
        only(*CLINICAL, anon=401, runner_a=403, runner_b=403), kwargs=runner_a_code
    ),
    # Accounts (django-allauth). Logged-in users are sent home from the login page.
    "account_login": Rule(public(logged_in=302)),
    "account_logout": Rule(only(*ROLES, ok=200, anon=302), post=only(*ROLES, ok=LOGIN)),
    "account_inactive": Rule(public()),
    "account_signup": Rule(public(logged_in=302), note="shows that sign-up is closed"),
    "account_reauthenticate": Rule(everyone_logged_in),
    # Runners have a phone on their record: they may confirm it's them by a texted code (the page
    # to choose where it goes); staff (no verified address here) are sent to the password
    "account_request_reauthentication_code": Rule(only(*ROLES, ok=302, runner_a=200, runner_b=200)),
    "account_confirm_reauthentication_code": Rule(only(*ROLES, ok=302)),
    "account_email": Rule(everyone_logged_in, post=only(*ROLES, ok=302)),
    "account_email_verification_sent": Rule(public()),
    "account_change_password": Rule(everyone_logged_in),
    "account_set_password": Rule(only(*ROLES, ok=302)),
    "account_reset_password": Rule(public()),
    "account_reset_password_done": Rule(public()),
    "account_reset_password_from_key_done": Rule(public()),
    "account_reset_password_from_key": Rule(
        public(), kwargs=lambda cast: {"uidb36": "1", "key": "not-a-real-key"}
    ),
    "account_confirm_login_code": Rule(public(ok=302)),
    "account_request_login_code": Rule(public(logged_in=302)),
    "account_confirm_email": Rule(
        public(), kwargs=lambda cast: {"key": "not-a-real-key"}, post=public(ok=404)
    ),
    "mfa_index": Rule(everyone_logged_in),
    "mfa_authenticate": Rule(public(ok=302)),
    "mfa_reauthenticate": Rule(only(*ROLES, ok=302)),
    "mfa_activate_totp": Rule(only(*ROLES, ok=302), note="asks to re-authenticate first"),
    "mfa_deactivate_totp": Rule(only(*ROLES, ok=404), note="404 until TOTP is set up"),
    "mfa_view_recovery_codes": Rule(only(*ROLES, ok=404), note="404 until two-factor is set up"),
    "mfa_generate_recovery_codes": Rule(only(*ROLES, ok=302)),
    "mfa_download_recovery_codes": Rule(only(*ROLES, ok=404)),
    # Passkeys (WebAuthn): anyone signed in may add one (after re-authenticating); another
    # person's passkey is 404.
    "mfa_list_webauthn": Rule(everyone_logged_in),
    "mfa_add_webauthn": Rule(only(*ROLES, ok=302), note="asks to re-authenticate first"),
    "mfa_reauthenticate_webauthn": Rule(only(*ROLES, ok=302)),
    "mfa_edit_webauthn": Rule(
        only(*ROLES, ok=302), kwargs=lambda cast: {"pk": 999999}, note="re-authenticate first"
    ),
    "mfa_remove_webauthn": Rule(
        only(*ROLES, ok=302), kwargs=lambda cast: {"pk": 999999}, note="re-authenticate first"
    ),
    # Signing in with a passkey is a POST from the login page; a GET goes back to it (or home).
    "mfa_login_webauthn": Rule(public(ok=302)),
}


def _app_rows() -> dict[str, Rule]:
    # Each area keeps its own rows beside its tests; they all land in one table.
    from tests.clinic.booking.access_rows import ROWS as booking
    from tests.clinic.notifications.access_rows import ROWS as reminders
    from tests.clinic.trust.access_rows import ROWS as trust
    from tests.intake.access_rows import ROWS as intake
    from tests.programs.access_rows import ROWS as programs

    return {**intake, **programs, **booking, **reminders, **trust}


ACCESS.update(_app_rows())

# Django's admin guards itself: only the practice admin (is_staff) gets in; everyone else is
# sent to the admin's login page. Its URLs with no arguments are all checked.
ADMIN_NAMESPACE_RULE = Rule(only("admin", ok=200, others=302, anon=302))
# The autocomplete endpoint answers 403 to a request without its model and field parameters.
# Audit entries can't be added by hand, not even by the practice admin: their add pages are 403.
ADMIN_EXCEPTIONS = {
    "admin:autocomplete": {"admin": 403},
    "admin:auditlog_logentry_add": {"admin": 403},
    "admin:clinic_accesslog_add": {"admin": 403},
    "admin:clinic_practicesecurity_add": {"admin": 403},
    "admin:clinic_apitoken_add": {"admin": 403},  # keys come from manage.py create_api_token
}
