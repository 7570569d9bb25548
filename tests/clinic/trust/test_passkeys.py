"""Passkeys (allauth's WebAuthn): anyone may add one, and for staff one satisfies the practice's
"staff must use two-factor" as an authenticator app does."""

import time

import pytest
from allauth.account.internal.flows import login as login_flow
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.clinic.trust.test_authentication import require_two_factor

pytestmark = pytest.mark.django_db


def logged_in_client(user) -> Client:
    """Signed in with a fresh password entry, as allauth records one (re-authenticated)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[login_flow._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[login_flow.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session.save()
    return client


def _passkey(user):
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop", "credential": {}}
    )


def test_staff_with_a_passkey_pass_the_two_factor_requirement(client, cast):
    require_two_factor()
    _passkey(cast.clinician)
    client.force_login(cast.clinician)
    assert client.get(reverse("clinic:runner_list")).status_code == 200


def test_staff_who_owe_two_factor_may_add_a_passkey(cast):
    require_two_factor()
    client = logged_in_client(cast.front_desk)  # freshly re-authenticated
    assert client.get(reverse("clinic:runner_list")).status_code == 302
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    assert "passkey" in page.content.decode().lower()


@pytest.mark.parametrize("role", ["runner_a", "clinician"])
def test_runners_and_staff_see_the_passkey_page(cast, role):
    client = logged_in_client(cast.user(role))
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    assert client.get(reverse("mfa_list_webauthn")).status_code == 200
