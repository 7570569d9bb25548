"""Password reset by email: the mail arrives, its link sets a new password, the new one works."""

import re

from django.core import mail
from django.urls import reverse


def test_password_reset_mail_sets_a_new_password(client, cast):
    response = client.post(reverse("account_reset_password"), {"email": cast.clinician.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.clinician.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "a-brand-new-knee-friendly-pass"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302

    client.logout()
    login = client.post(
        reverse("account_login"), {"login": cast.clinician.email, "password": new_password}
    )
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.clinician.pk)


def test_reset_for_unknown_email_reveals_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert all("password/reset/key" not in m.body for m in mail.outbox)


def test_weak_new_password_is_refused_at_the_field(client, cast):
    client.post(reverse("account_reset_password"), {"email": cast.runner_a.email})
    link = re.search(r"(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(url, {"password1": "password", "password2": "password"})
    assert response.status_code == 200
    assert "too common" in response.content.decode()
