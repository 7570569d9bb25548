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


def test_pages_that_say_call_give_the_practice_number(client, cast):
    cast.location.phone = "+19195550100"
    cast.location.save()
    page = client.get(
        reverse("intake:answer_by_link", kwargs={"token": "not-a-token"})
    ).content.decode()
    assert "call the clinic on" in page and 'href="tel:+19195550100"' in page


def test_a_runner_reads_times_in_their_own_zone(client, cast):
    cast.runner_a.time_zone = "Asia/Tokyo"
    cast.runner_a.save()
    client.force_login(cast.runner_a.user)
    page = client.get(reverse("clinic:my_data")).content.decode()
    assert " JST." in page and "UTC" not in page


def test_staff_read_times_in_the_practices_zone_and_are_told_which(client, cast, settings):
    settings.PRACTICE_TIME_ZONE = "America/Los_Angeles"
    client.force_login(cast.admin)
    page = client.get(reverse("clinic:audit_report")).content.decode()
    assert "Times in America/Los_Angeles" in page


def test_a_refused_form_starts_with_a_summary_linking_to_each_field(client, cast):
    client.force_login(cast.runner_a.user)
    response = client.post(reverse("clinic:reminder_settings"), {"time_zone": "Mars/Olympus"})
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_time_zone"' in page


def test_the_manifest_opens_on_today_with_icons(client, db):
    import json

    manifest = json.loads(client.get(reverse("clinic:manifest")).content)
    assert manifest["start_url"] == reverse("programs:today")
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_only_runners_pages_register_the_service_worker(client, cast):
    client.force_login(cast.runner_a.user)
    assert "data-service-worker" in client.get(reverse("clinic:runner_home")).content.decode()
    client.force_login(cast.clinician)
    assert "data-service-worker" not in client.get(reverse("programs:dashboard")).content.decode()
    worker = client.get(reverse("clinic:service_worker"))
    assert worker["Content-Type"].startswith("text/javascript")
    assert reverse("programs:today") in worker.content.decode()
