"""Authentication (ASVS 5.0 V6): passwords, lockout, two-factor, re-authentication."""

import logging

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import PracticeSecurity

LOGIN = reverse("account_login")


def log_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [("Rn7!kq2", "too short"), ("password123", "too common"), ("4829175036", "entirely numeric")],
)
def test_weak_passwords_are_refused(candidate, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_password(candidate)


def test_changing_to_a_common_password_is_refused_at_the_field(client, cast, password):
    client.force_login(cast.clinician)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert "too common" in str(response.context["form"].errors["password1"])
    cast.clinician.refresh_from_db()
    assert cast.clinician.check_password(password)


def test_changing_the_password_asks_for_the_current_one(client, cast, password):
    client.force_login(cast.clinician)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-my-password",
            "password1": "a-new-long-pass-phrase",
            "password2": "a-new-long-pass-phrase",
        },
    )
    assert "oldpassword" in response.context["form"].errors
    cast.clinician.refresh_from_db()
    assert cast.clinician.check_password(password)


def test_five_failed_logins_lock_the_email_with_a_clear_message_and_a_log_line(
    client, cast, password, caplog
):
    with caplog.at_level(logging.WARNING, logger="clinic.security"):
        for _ in range(5):
            assert log_in(client, cast.clinician.email, "wrong-password").status_code == 200
        response = log_in(client, cast.clinician.email, password)  # right, but too late
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "logging in is paused for 15 minutes" in response.content.decode()
    failures = [r for r in caplog.records if "login failed" in r.getMessage()]
    assert len(failures) == 5
    assert any("too many failures" in r.getMessage() for r in caplog.records)
    assert all("wrong-password" not in r.getMessage() for r in caplog.records)


def test_lockout_of_one_email_leaves_other_people_able_to_log_in(client, cast, password):
    for _ in range(5):
        log_in(client, cast.clinician.email, "wrong-password")
    assert log_in(client, cast.front_desk.email, password).status_code == 302


def test_a_correct_login_after_a_few_failures_still_works(client, cast, password):
    for _ in range(3):
        log_in(client, cast.clinician.email, "wrong-password")
    assert log_in(client, cast.clinician.email, password).status_code == 302


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_with_totp_the_password_alone_does_not_log_in(client, cast, password):
    secret = generate_totp_secret()
    TOTP.activate(cast.clinician, secret)
    response = log_in(client, cast.clinician.email, password)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.clinician.pk)


def test_a_recovery_code_logs_in_once(client, cast, password):
    TOTP.activate(cast.clinician, generate_totp_secret())
    code = RecoveryCodes.activate(cast.clinician).get_unused_codes()[0]
    log_in(client, cast.clinician.email, password)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(cast.clinician.pk)
    client.post(reverse("account_logout"))
    log_in(client, cast.clinician.email, password)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url_name", ["mfa_activate_totp", "mfa_generate_recovery_codes", "account_email"]
)
def test_two_factor_and_email_changes_ask_for_the_password_again(client, cast, url_name):
    client.force_login(cast.clinician)  # a session with no fresh password entry
    response = client.post(reverse(url_name), {"action_add": "", "email": "new@example.test"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not Authenticator.objects.filter(user=cast.clinician).exists()


def test_deactivating_two_factor_asks_for_the_password_again(client, cast):
    TOTP.activate(cast.clinician, generate_totp_secret())
    client.force_login(cast.clinician)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=cast.clinician).exists()


# The practice's requirement: staff without two-factor can only set it up.


def require_two_factor():
    security = PracticeSecurity.current()
    security.require_staff_two_factor = True
    security.save()


def test_admin_switches_the_two_factor_requirement_on(client, cast):
    TOTP.activate(cast.admin, generate_totp_secret())
    client.force_login(cast.admin)
    response = client.post(reverse("clinic:security_settings"), {"require_staff_two_factor": "on"})
    assert response.status_code == 302
    assert PracticeSecurity.current().require_staff_two_factor


@pytest.mark.parametrize("role", ["clinician", "front_desk", "admin"])
def test_required_two_factor_sends_staff_without_it_to_set_it_up(client, cast, role):
    require_two_factor()
    client.force_login(cast.user(role))
    response = client.get(reverse("clinic:runner_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_who_owe_two_factor_can_still_reach_setup_and_log_out(client, cast):
    require_two_factor()
    client.force_login(cast.clinician)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.post(reverse("account_logout"))["Location"] == LOGIN


def test_staff_with_totp_pass_the_requirement(client, cast):
    require_two_factor()
    TOTP.activate(cast.clinician, generate_totp_secret())
    client.force_login(cast.clinician)
    assert client.get(reverse("clinic:runner_list")).status_code == 200


def test_the_requirement_does_not_apply_to_runners(client, cast):
    require_two_factor()
    client.force_login(cast.runner_a.user)
    assert client.get(reverse("clinic:runner_home")).status_code == 200


def test_setting_up_totp_lifts_the_redirect_at_once(client, cast):
    require_two_factor()
    client.force_login(cast.clinician)
    assert client.get(reverse("clinic:runner_list")).status_code == 302
    TOTP.activate(cast.clinician, generate_totp_secret())
    assert client.get(reverse("clinic:runner_list")).status_code == 200


def test_a_requirement_switched_on_reaches_open_sessions_within_five_minutes(client, cast):
    from clinic.trust import sessions

    client.force_login(cast.clinician)
    assert client.get(reverse("clinic:runner_list")).status_code == 200
    require_two_factor()
    session = client.session
    session[sessions.TWO_FACTOR_CHECKED] -= sessions.TWO_FACTOR_RECHECK_SECONDS + 1
    session.save()
    assert client.get(reverse("clinic:runner_list"))["Location"] == reverse("mfa_activate_totp")
