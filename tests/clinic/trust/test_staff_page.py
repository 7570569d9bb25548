"""The practice admin runs the staff without the Django admin: invite, roles, deactivate
(sessions end at once), two-factor status."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from clinic.models import Role, User

pytestmark = pytest.mark.django_db
STAFF = reverse("clinic:staff_list")


def _change(cast, member, **data):
    return reverse("clinic:staff_change", kwargs={"pk": member.pk}), data


def test_the_page_lists_staff_with_roles_and_two_factor(client, cast):
    TOTP.activate(cast.clinician, generate_totp_secret())
    client.force_login(cast.admin)
    page = client.get(STAFF).content.decode()
    assert cast.clinician.email in page and cast.front_desk.email in page
    assert "authenticator app" in page and "none" in page
    assert cast.runner_a.user.email not in page  # runners aren't staff


def test_inviting_staff_makes_the_login_and_emails_a_set_password_link(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("clinic:staff_invite"),
        {
            "first_name": "Ana",
            "last_name": "Reyes",
            "email": "Ana@Example.test",
            "role": "clinician",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ana@example.test")
    assert user.role == Role.CLINICIAN and not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["ana@example.test"] and "/accounts/password/reset/key/" in message.body


def test_inviting_an_email_already_in_use_is_refused_at_the_field(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("clinic:staff_invite"),
        {
            "first_name": "X",
            "last_name": "Y",
            "email": cast.runner_a.user.email,
            "role": "front_desk",
        },
    )
    assert response.status_code == 400
    assert "already has a login" in response.content.decode()


def test_changing_a_role(client, cast):
    client.force_login(cast.admin)
    url, data = _change(cast, cast.front_desk, action="role", role="clinician")
    client.post(url, data)
    cast.front_desk.refresh_from_db()
    assert cast.front_desk.role == Role.CLINICIAN


def test_deactivating_ends_their_sessions_at_once(client, cast):
    from django.test import Client

    theirs = Client()
    theirs.force_login(cast.front_desk)
    assert theirs.get(reverse("clinic:runner_list")).status_code == 200
    client.force_login(cast.admin)
    url, data = _change(cast, cast.front_desk, action="deactivate")
    client.post(url, data)
    response = theirs.get(reverse("clinic:runner_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.post(*_change(cast, cast.front_desk, action="reactivate"))
    cast.front_desk.refresh_from_db()
    assert cast.front_desk.is_active


def test_the_admin_cannot_deactivate_or_demote_themselves(client, cast):
    client.force_login(cast.admin)
    client.post(*_change(cast, cast.admin, action="deactivate"))
    client.post(*_change(cast, cast.admin, action="role", role="front_desk"))
    cast.admin.refresh_from_db()
    assert cast.admin.is_active and cast.admin.role == Role.PRACTICE_ADMIN
    page = client.get(STAFF).content.decode()
    assert "deactivate yourself" in page or "needs an admin" in page


@pytest.mark.parametrize("role", ["clinician", "front_desk", "runner_a"])
def test_only_the_practice_admin_may_change_staff(client, cast, role):
    client.force_login(cast.user(role))
    url, data = _change(cast, cast.other_clinician, action="deactivate")
    assert client.post(url, data).status_code == 403
    cast.other_clinician.refresh_from_db()
    assert cast.other_clinician.is_active


def test_the_admin_edits_a_locations_address_phone_and_time_zone(client, cast):
    client.force_login(cast.admin)
    url = reverse("clinic:location_edit", kwargs={"pk": cast.location.pk})
    response = client.post(
        url,
        {
            "name": cast.location.name,
            "address": "1 Kildaire Farm Rd\nCary, NC 27511",
            "phone": "９１９-５５５-０１００",
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 302
    cast.location.refresh_from_db()
    assert cast.location.phone.as_e164 == "+19195550100"
    assert cast.location.time_zone == "America/Chicago"
    assert "Kildaire" in client.get(reverse("clinic:locations")).content.decode()


def test_a_bad_location_is_refused_at_the_field_keeping_what_was_typed(client, cast):
    client.force_login(cast.admin)
    url = reverse("clinic:location_edit", kwargs={"pk": cast.location.pk})
    response = client.post(
        url, {"name": "Cary", "address": "Main St\x07", "phone": "12", "time_zone": "Mars/Base"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"address", "phone", "time_zone"}
