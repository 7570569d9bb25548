"""Sessions (ASVS 5.0 V7, HIPAA automatic logoff): rotate, end at logout, idle, deactivation."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from clinic.trust import sessions

LOGIN = reverse("account_login")


def test_session_key_rotates_at_login(client, cast, password):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"login": cast.clinician.email, "password": password})
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(cast.clinician.pk)


def test_logout_ends_the_session_on_the_server(client, cast, password):
    client.post(LOGIN, {"login": cast.clinician.email, "password": password})
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("clinic:runner_list"))["Location"].startswith(LOGIN)


def test_a_deactivated_user_is_out_at_the_next_request(client, cast):
    client.force_login(cast.clinician)
    assert client.get(reverse("clinic:runner_list")).status_code == 200
    cast.clinician.is_active = False
    cast.clinician.save()
    assert client.get(reverse("clinic:runner_list"))["Location"].startswith(LOGIN)


def idle_for(client, seconds):
    session = client.session
    session[sessions.LAST_SEEN] -= seconds
    session.save()


@pytest.mark.parametrize(
    ("role", "url_name", "limit_minutes"),
    [("clinician", "clinic:runner_list", 30), ("runner_a", "clinic:runner_home", 7 * 24 * 60)],
)
def test_idle_sessions_end_after_the_roles_limit(client, cast, role, url_name, limit_minutes):
    client.force_login(cast.user(role))
    idle_for(client, limit_minutes * 60 - 30)
    assert client.get(reverse(url_name)).status_code == 200  # active again: the clock restarts
    idle_for(client, limit_minutes * 60 + 1)
    response = client.get(reverse(url_name), follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert f"logged out after {limit_minutes} minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_runner_idle_longer_than_staff_limit_stays_logged_in(client, cast):
    client.force_login(cast.runner_a.user)
    idle_for(client, 3 * 60 * 60)
    assert client.get(reverse("clinic:runner_home")).status_code == 200


def test_idle_limits_come_from_settings(client, cast, settings):
    settings.STAFF_IDLE_MINUTES = 5
    client.force_login(cast.front_desk)
    idle_for(client, 5 * 60 + 1)
    assert client.get(reverse("clinic:runner_list"))["Location"].startswith(LOGIN)


def test_the_session_cookie_expires_with_the_idle_limit(client, cast):
    client.force_login(cast.clinician)
    assert client.session.get_expiry_age() == 30 * 60
