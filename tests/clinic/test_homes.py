"""Each role lands on its own home; pages of other roles answer 403, never a 500."""

import pytest
from django.urls import reverse

from clinic.views.home import ROLE_HOMES

ROLES = ("admin", "clinician", "front_desk", "runner_a")


@pytest.mark.parametrize("role", ROLES)
def test_login_lands_on_the_role_home(client, cast, password, role):
    user = cast.user(role)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(ROLE_HOMES[user.role])
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["clinician", "front_desk", "runner_a"])
def test_practice_page_is_forbidden_to_other_roles(client, cast, role):
    client.force_login(cast.user(role))
    response = client.get(reverse("clinic:admin_home"))
    assert response.status_code == 403
    assert b"not part of your role" in response.content


def test_runner_cannot_open_the_runner_list(client, cast):
    client.force_login(cast.runner_a.user)
    assert client.get(reverse("clinic:runner_list")).status_code == 403


def test_logged_out_visitor_is_sent_to_login_with_the_page_to_return_to(client, db):
    response = client.get(reverse("clinic:runner_list"))
    assert response.status_code == 302
    assert (
        response["Location"] == f"{reverse('account_login')}?next={reverse('clinic:runner_list')}"
    )


def test_clinician_home_lists_only_their_runners(client, cast):
    client.force_login(cast.clinician)
    page = client.get(reverse("clinic:clinician_home")).content.decode()
    assert cast.runner_a.full_name in page
    assert cast.runner_b.full_name not in page


def test_front_desk_finds_a_runner_by_phone(client, cast):
    client.force_login(cast.front_desk)
    digits = str(cast.runner_b.phone.national_number)
    page = client.get(reverse("clinic:runner_list"), {"q": digits[-7:]}).content.decode()
    assert cast.runner_b.full_name in page
    assert cast.runner_a.full_name not in page


def test_runner_cannot_open_another_runners_profile(client, cast):
    client.force_login(cast.runner_b.user)
    response = client.get(reverse("clinic:runner_detail", kwargs={"code": cast.runner_a.code}))
    assert response.status_code == 403


def test_healthcheck_answers_without_login(client, db):
    response = client.get(reverse("clinic:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_inactive_user_cannot_log_in(client, cast, password):
    cast.clinician.is_active = False
    cast.clinician.save()
    response = client.post(
        reverse("account_login"), {"login": cast.clinician.email, "password": password}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
