"""Bad input (ASVS 5.0 V2): random and hostile values at every form of every page.

Each answer must be a form error or a success, never a server error, and a refused form saves
nothing. Forms are read from the pages themselves (see tests/clinic/trust/hostile.py), so every form
of every app, the public booking page included, is covered once its page has an access row.
"""

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from clinic.models import AccessLog
from clinic.trust.data_rights import project_app_configs
from tests.clinic.access_table import ACCESS, ROLES
from tests.clinic.trust.hostile import Form, form_data, post_forms

EXAMPLES_PER_FORM = 25
# Forms that end the session rather than take data; logging out is tested on its own.
SKIP_ACTIONS = {reverse("account_logout")}
# A form error or a success, or a refusal with a reason (409: that time was taken meanwhile).
ANSWERS = {200, 302, 400, 403, 404, 405, 409}
NOT_DATA = {AccessLog}  # reading a page writes an access entry: not the form's data
# Pages whose success answers 200 rather than redirecting (RFC 8058: a one-click unsubscribe is
# answered in place), so a 200 there may have saved.
SUCCEEDS_IN_PLACE = (
    "/reminders/stop/",
)  # reading a page writes an access entry: not the form's data


def data_tables() -> list[str]:
    labels = {config.label for config in project_app_configs()} | {"account", "mfa"}
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in labels and model not in NOT_DATA
    )


def row_counts() -> dict[str, int]:
    """Rows per data table, in one query (this runs twice for every input thrown)."""
    tables = data_tables()
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names from the models
        return dict(zip(tables, cursor.fetchone(), strict=True))


def logged_in_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        session = client.session
        # A fresh password entry, so forms behind re-authentication are reached, not skipped.
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "reauthenticated": True}
        ]
        session.save()
    return client


def fuzz(user, form: Form, *, phases=tuple(Phase)) -> int:
    tried = 0
    client = logged_in_client(user)

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        phases=phases,
        report_multiple_bugs=False,
        derandomize=True,  # the same inputs every run: a failure reproduces
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(form))
    def throw(data):
        nonlocal tried
        tried += 1
        nonlocal client
        cache.clear()  # login throttling would answer 429 and hide the form from the test
        if user is not None and "_auth_user_id" not in client.session:
            client = logged_in_client(user)  # an input that logged them out (e.g. a new password)
        before = row_counts()
        response = client.post(form.action, data)  # a server error raises here and fails
        assert response.status_code in ANSWERS, (form.action, response.status_code, data)
        if response.status_code != 302 and not form.action.startswith(SUCCEEDS_IN_PLACE):
            assert row_counts() == before, ("refused, yet saved", form.action, data)

    throw()
    return tried


def role_that_opens(rule):
    return next((role for role in ROLES if rule.expected[role] == 200), None)


PAGES = sorted(name for name, rule in ACCESS.items() if role_that_opens(rule))


@pytest.mark.parametrize("name", PAGES)
def test_forms_answer_hostile_input_with_errors_never_a_crash(cast, name, record_property):
    rule = ACCESS[name]
    user = cast.user(role_that_opens(rule))
    url = reverse(name, kwargs=rule.kwargs(cast) if rule.kwargs else None)
    page = logged_in_client(user).get(url)
    is_html = page.get("Content-Type", "").startswith("text/html")
    # A file (a PDF, a picture) has no forms to throw input at.
    html = b"".join(page.streaming_content) if page.streaming else page.content
    forms = [
        f
        for f in (post_forms(html.decode(), url) if is_html else [])
        if f.action not in SKIP_ACTIONS
    ]
    tried = sum(fuzz(user, form) for form in forms)
    record_property("hostile_inputs", tried)
    record_property("hostile_forms", len(forms))


@pytest.mark.urls("tests.clinic.trust.urls_boom")
def test_the_hostile_input_check_catches_a_view_that_trusts_its_input(db):
    from tests.clinic.trust.urls_boom import FRAGILE_FORM

    [form] = post_forms(FRAGILE_FORM, "/fragile/")
    with pytest.raises((ValueError, KeyError)):
        fuzz(None, form, phases=(Phase.generate,))  # no shrinking: finding it is the point
