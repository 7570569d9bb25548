"""The runner's reminder settings, the signed unsubscribe link and the staff outbox."""

import datetime

import pytest
from django.urls import reverse

from clinic.models import Delivery, DeliveryKind, DeliveryStatus, ReminderPreference
from clinic.notifications.preferences import unsubscribe_token
from tests.clinic.notifications.conftest import TODAY

pytestmark = pytest.mark.django_db

SETTINGS = reverse("clinic:reminder_settings")


def form_data(**overrides):
    data = {
        "daily_enabled": "on",
        "remind_at": "07:15",
        "days": ["0", "2", "4"],
        "channel": "email",
        "time_zone": "America/Chicago",
        "appointment_reminders": "on",
    }
    data.update(overrides)
    return data


def test_runner_saves_time_days_channel_and_time_zone(cast, client):
    client.force_login(cast.runner_a.user)
    response = client.post(SETTINGS, form_data())
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(runner=cast.runner_a)
    assert preference.remind_at == datetime.time(7, 15)
    assert preference.days == 0b10101
    cast.runner_a.refresh_from_db()
    assert cast.runner_a.time_zone == "America/Chicago"


def test_no_days_picked_is_refused_at_the_field_keeping_the_rest(cast, client):
    client.force_login(cast.runner_a.user)
    response = client.post(SETTINGS, form_data(days=[]))
    assert response.status_code == 200
    assert "Pick at least one day" in response.text
    assert 'value="07:15"' in response.text
    assert not ReminderPreference.objects.exists()


def test_text_messages_need_a_phone_number(cast, client):
    cast.runner_a.phone = ""
    cast.runner_a.save()
    client.force_login(cast.runner_a.user)
    response = client.post(SETTINGS, form_data(channel="sms"))
    assert "no mobile number" in response.text


def test_settings_page_shows_when_the_runner_was_last_reminded(cast, client):
    Delivery.objects.create(
        runner=cast.runner_a,
        kind=DeliveryKind.DAILY_EXERCISE,
        local_date=TODAY,
        status=DeliveryStatus.SENT,
        channel="email",
        finished_at=datetime.datetime(2026, 6, 3, 22, 0, tzinfo=datetime.UTC),
    )
    client.force_login(cast.runner_a.user)
    assert "Last reminded" in client.get(SETTINGS).text


def test_staff_cannot_post_runner_settings(cast, client):
    client.force_login(cast.clinician)
    assert client.post(SETTINGS, form_data()).status_code == 403


def test_unsubscribe_link_works_logged_out_and_only_on_post(cast, client):
    url = reverse("clinic:unsubscribe", kwargs={"token": unsubscribe_token(cast.runner_a)})
    assert "Stop daily reminders" in client.get(url).text
    assert not ReminderPreference.objects.exists()  # a mail scanner's GET changes nothing
    response = client.post(url, {"action": "unsubscribe"})
    assert "no more daily exercise reminders" in response.text
    assert ReminderPreference.objects.get(runner=cast.runner_a).daily_enabled is False


def test_mail_client_one_click_post_unsubscribes(cast, client):
    url = reverse("clinic:unsubscribe", kwargs={"token": unsubscribe_token(cast.runner_a)})
    client.post(url, {"List-Unsubscribe": "One-Click"})
    assert ReminderPreference.objects.get(runner=cast.runner_a).daily_enabled is False


def test_unsubscribe_can_be_undone_from_the_page(cast, client):
    url = reverse("clinic:unsubscribe", kwargs={"token": unsubscribe_token(cast.runner_a)})
    client.post(url, {"action": "unsubscribe"})
    client.post(url, {"action": "resubscribe"})
    assert ReminderPreference.objects.get(runner=cast.runner_a).daily_enabled is True


def test_unsubscribe_can_be_undone_from_settings(cast, client):
    url = reverse("clinic:unsubscribe", kwargs={"token": unsubscribe_token(cast.runner_a)})
    client.post(url, {"action": "unsubscribe"})
    client.force_login(cast.runner_a.user)
    assert client.get(SETTINGS).context["form"]["daily_enabled"].value() is False
    client.post(SETTINGS, form_data())
    assert ReminderPreference.objects.get(runner=cast.runner_a).daily_enabled is True


def test_tampered_unsubscribe_link_is_refused(cast, client):
    token = unsubscribe_token(cast.runner_a)
    url = reverse("clinic:unsubscribe", kwargs={"token": token[:-2] + "xx"})
    assert client.post(url, {"action": "unsubscribe"}).status_code == 404
    assert not ReminderPreference.objects.exists()


def test_outbox_lists_deliveries_with_reason_and_filters_by_status(cast, client):
    for runner, status, reason in [
        (cast.runner_a, DeliveryStatus.SENT, ""),
        (cast.runner_b, DeliveryStatus.SKIPPED, "all of today's sets logged already"),
    ]:
        Delivery.objects.create(
            runner=runner,
            kind=DeliveryKind.DAILY_EXERCISE,
            local_date=TODAY,
            status=status,
            reason=reason,
        )
    client.force_login(cast.front_desk)
    page = client.get(reverse("clinic:outbox")).text
    assert cast.runner_a.full_name in page and "sets logged already" in page
    skipped = client.get(reverse("clinic:outbox"), {"status": "skipped"}).text
    assert cast.runner_a.full_name not in skipped


def test_outbox_shows_times_in_the_practices_zone_with_the_year(cast, client, settings):
    settings.PRACTICE_TIME_ZONE = "America/Los_Angeles"
    delivery = Delivery.objects.create(
        runner=cast.runner_a, kind=DeliveryKind.DAILY_EXERCISE, local_date=TODAY, status="sent"
    )
    finished = datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.UTC)
    Delivery.objects.filter(pk=delivery.pk).update(finished_at=finished)
    client.force_login(cast.front_desk)
    page = client.get(reverse("clinic:outbox")).text
    assert "30 Nov 2026, 9:00 AM PST" in page  # 17:00 UTC, read in Los Angeles


def test_outbox_shows_messages_to_staff_and_who_they_are_about(cast, client):
    Delivery.objects.create(
        recipient=cast.clinician,
        runner=cast.runner_a,
        kind=DeliveryKind.CLINICIAN_ALERT,
        local_date=TODAY,
        status=DeliveryStatus.SKIPPED,
        reason="clinician has no email address",
    )
    client.force_login(cast.front_desk)
    page = client.get(reverse("clinic:outbox")).text
    assert cast.clinician.get_full_name() in page
    assert f'about <a href="{cast.runner_a.get_absolute_url()}">' in page
    assert "skipped: clinician has no email address" in page


def test_text_messages_are_not_offered_when_the_practice_sends_email_only(cast, client, settings):
    settings.TEXT_MESSAGES = False
    client.force_login(cast.runner_a.user)
    page = client.get(reverse("clinic:reminder_settings")).text
    assert "Text message" not in page
    response = client.post(
        reverse("clinic:reminder_settings"),
        {"remind_at": "18:00", "days": [0], "channel": "sms", "time_zone": "America/New_York"},
    )
    assert "Select a valid choice" in response.text
