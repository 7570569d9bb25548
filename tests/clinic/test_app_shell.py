"""What browsers fetch on their own: the favicon answers, so no first load logs a 404."""

from django.urls import reverse


def test_favicon_redirects_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")


def test_every_page_links_its_icons(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert 'rel="icon"' in page and 'rel="apple-touch-icon"' in page


def test_signing_in_has_one_wording(client, cast):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in to Roadmap" in page and ">Sign in</button>" in page
    assert "Log in" not in page and "Sign In" not in page


def test_signed_in_message_uses_the_same_wording(client, cast, password):
    response = client.post(
        reverse("account_login"),
        {"login": cast.front_desk.email, "password": password},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("Signed in as ")
