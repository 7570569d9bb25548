"""Real providers, faked only at the HTTP boundary (responses): django-anymail's Mailgun backend
and webhook, Twilio's client and its signed status callback all run their own code."""

import hashlib
import hmac
import json
import time

import pytest
import responses
from django.core import checks
from django.test import override_settings
from django.urls import reverse
from twilio.request_validator import RequestValidator

from clinic.models import Delivery, DeliveryKind, DeliveryStatus, Suppression
from clinic.notifications.outbox import enqueue
from tests.clinic.notifications.factories import SMS, prefer

pytestmark = pytest.mark.django_db

CONFIRMATION = DeliveryKind.BOOKING_CONFIRMATION
MAILGUN_KEY = "whsec-mailgun-test-signing-key"
MAILGUN = override_settings(
    EMAIL_PROVIDER="mailgun",
    EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
    ANYMAIL={
        "MAILGUN_API_KEY": "key-test",
        "MAILGUN_SENDER_DOMAIN": "mg.roadmap.test",
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY,
    },
)
MAILGUN_SEND = "https://api.mailgun.net/v3/mg.roadmap.test/messages"
TWILIO_TOKEN = "twilio-test-auth-token"
TWILIO = override_settings(
    SMS_PROVIDER="clinic.notifications.transports.sms.TwilioSmsProvider",
    TWILIO_ACCOUNT_SID="AC" + "0" * 32,
    TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
    TWILIO_FROM="+19195550199",
)
TWILIO_SEND = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Messages.json"


@pytest.fixture
def visit(cast):
    from tests.clinic.booking.factories import AppointmentFactory

    return AppointmentFactory(runner=cast.runner_a, location=cast.location)


def confirm(visit, django_capture_on_commit_callbacks) -> Delivery:
    from clinic.booking import mail

    with django_capture_on_commit_callbacks(execute=True):
        delivery = mail.enqueue_for(visit, CONFIRMATION)
    delivery.refresh_from_db()
    return delivery


def mailgun_event(code: str, event: str, recipient: str, *, key=MAILGUN_KEY, **extra) -> dict:
    timestamp, token = str(int(time.time())), "token-123"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature.hexdigest()},
        "event-data": {
            "event": event,
            "timestamp": time.time(),
            "id": "evt-1",
            "recipient": recipient,
            "message": {"headers": {"message-id": "20261130.abc@mg.roadmap.test"}},
            "user-variables": {"delivery": code},
            **extra,
        },
    }


@MAILGUN
@responses.activate
def test_email_goes_through_the_esp_with_the_ledger_key(visit, django_capture_on_commit_callbacks):
    responses.post(
        MAILGUN_SEND, json={"id": "<20261130.abc@mg.roadmap.test>", "message": "Queued. Thank you."}
    )
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_id == "<20261130.abc@mg.roadmap.test>"
    body = responses.calls[0].request.body
    body = body.decode(errors="replace") if isinstance(body, bytes) else body
    assert visit.runner.email in body
    assert str(delivery.code) in body  # Message-ID and metadata: a bounce finds its row
    assert "appointment.ics" in body  # the calendar file goes along


@MAILGUN
@responses.activate
def test_esp_refusing_the_request_fails_it_without_retry(visit, django_capture_on_commit_callbacks):
    responses.post(
        MAILGUN_SEND, status=400, json={"message": "to parameter is not a valid address"}
    )
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.FAILED
    assert "not a valid address" in delivery.error


@MAILGUN
@responses.activate
def test_esp_outage_is_retried_later(visit, django_capture_on_commit_callbacks):
    responses.post(MAILGUN_SEND, status=503, body="Service Unavailable")
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.next_attempt_at is not None


@MAILGUN
@responses.activate
def test_hard_bounce_fails_the_row_and_the_address_is_not_mailed_until_it_changes(
    client, cast, visit, django_capture_on_commit_callbacks
):
    responses.post(
        MAILGUN_SEND, json={"id": "<20261130.abc@mg.roadmap.test>", "message": "Queued. Thank you."}
    )
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    event = mailgun_event(
        str(delivery.code),
        "failed",
        visit.runner.email,
        severity="permanent",
        reason="bounce",
        **{"delivery-status": {"code": 550, "message": "5.1.1 mailbox does not exist"}},
    )
    response = client.post(
        reverse("clinic:email_events"), json.dumps(event), content_type="application/json"
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "bounced" in delivery.error and "mailbox does not exist" in delivery.error
    assert Suppression.objects.count() == 1
    assert visit.runner.email not in str(Suppression.objects.values_list())  # a hash only

    with django_capture_on_commit_callbacks(execute=True):
        again = enqueue(DeliveryKind.INTAKE_INVITATION, runner=visit.runner, channel="email")
    again.refresh_from_db()
    assert again.status == DeliveryStatus.SKIPPED
    assert "bounced" in again.reason
    assert len(responses.calls) == 1  # nothing more went to the ESP

    visit.runner.email = "nina.new@example.test"
    visit.runner.save()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = enqueue(
            DeliveryKind.INTAKE_INVITATION, runner=visit.runner, channel="email", reference="2nd"
        )
    fresh.refresh_from_db()
    assert fresh.status == DeliveryStatus.SENT
    assert len(responses.calls) == 2


@MAILGUN
@responses.activate
def test_delivered_report_is_recorded(client, visit, django_capture_on_commit_callbacks):
    responses.post(
        MAILGUN_SEND, json={"id": "<20261130.abc@mg.roadmap.test>", "message": "Queued. Thank you."}
    )
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    event = mailgun_event(str(delivery.code), "delivered", visit.runner.email)
    client.post(reverse("clinic:email_events"), json.dumps(event), content_type="application/json")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.delivered_at is not None


@MAILGUN
def test_an_unsigned_email_report_changes_nothing(client, visit):
    delivery = Delivery.objects.create(
        runner=visit.runner, kind=CONFIRMATION, local_date=visit.starts_at.date(), status="sent"
    )
    event = mailgun_event(str(delivery.code), "failed", visit.runner.email, key="guessed")
    response = client.post(
        reverse("clinic:email_events"), json.dumps(event), content_type="application/json"
    )
    assert response.status_code == 400
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert not Suppression.objects.exists()


@TWILIO
@responses.activate
def test_text_goes_through_twilio_with_a_status_callback_for_its_row(
    visit, django_capture_on_commit_callbacks
):
    prefer(visit.runner, channel=SMS)
    responses.post(TWILIO_SEND, status=201, json={"sid": "SM" + "1" * 32, "status": "queued"})
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    assert delivery.channel == SMS
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_id == "SM" + "1" * 32
    sent = dict(
        pair.split("=", 1) for pair in responses.calls[0].request.body.split("&") if "=" in pair
    )
    assert sent["To"] == "%2B" + visit.runner.phone.as_e164[1:]
    assert str(delivery.code) in sent["StatusCallback"]
    assert "PM+E" in sent["Body"] or "AM+E" in sent["Body"]  # the visit's local time, EST/EDT


@TWILIO
@responses.activate
def test_twilio_refusing_a_number_fails_it_without_retry(visit, django_capture_on_commit_callbacks):
    prefer(visit.runner, channel=SMS)
    responses.post(
        TWILIO_SEND,
        status=400,
        json={
            "code": 21211,
            "message": "The 'To' number is not a valid phone number.",
            "status": 400,
        },
    )
    delivery = confirm(visit, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.FAILED
    assert "21211" in delivery.error


def twilio_report(client, delivery, *, token=TWILIO_TOKEN, **fields):
    path = reverse("clinic:sms_status", kwargs={"code": delivery.code})
    from django.conf import settings

    signature = RequestValidator(token).compute_signature(settings.SITE_URL + path, fields)
    return client.post(path, fields, HTTP_X_TWILIO_SIGNATURE=signature)


@TWILIO
def test_undelivered_text_fails_the_row_and_a_dead_number_is_suppressed(client, visit):
    delivery = Delivery.objects.create(
        runner=visit.runner, kind=CONFIRMATION, local_date=visit.starts_at.date(), channel=SMS,
        status=DeliveryStatus.SENT,
    )  # fmt: skip
    response = twilio_report(
        client, delivery, MessageSid="SM1", MessageStatus="undelivered", ErrorCode="30006"
    )
    assert response.status_code == 204
    delivery.refresh_from_db()
    assert (delivery.status, delivery.error) == (
        DeliveryStatus.FAILED,
        "Twilio: undelivered (error 30006)",
    )
    assert Suppression.objects.filter(channel=SMS).exists()


@TWILIO
def test_a_forged_text_report_is_refused(client, visit):
    delivery = Delivery.objects.create(
        runner=visit.runner, kind=CONFIRMATION, local_date=visit.starts_at.date(), channel=SMS,
        status=DeliveryStatus.SENT,
    )  # fmt: skip
    response = twilio_report(client, delivery, token="guessed", MessageStatus="undelivered")
    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def serious_problems() -> list[str]:
    return [m.id for m in checks.run_checks() if m.is_serious()]


@override_settings(DEBUG=False, TEXT_MESSAGES=True)
def test_production_refuses_to_start_offering_texts_it_cannot_send():
    assert "notifications.E001" in serious_problems()


@TWILIO
@override_settings(DEBUG=False, TEXT_MESSAGES=True)
def test_production_starts_with_twilio_configured():
    assert serious_problems() == []


@override_settings(DEBUG=False, TEXT_MESSAGES=False)
def test_production_starts_offering_email_only():
    assert serious_problems() == []
