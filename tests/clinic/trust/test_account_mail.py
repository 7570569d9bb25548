"""Sign-in codes by email or text and password links, through the outbox: sent at once, once,
and never shown."""

import re
from urllib.parse import unquote_plus

import pytest
import responses
from django.core import mail
from django.urls import reverse

from clinic.models import Channel, Delivery, DeliveryKind, DeliveryStatus
from clinic.notifications.ledger import send_batch
from clinic.trust import account_mail
from tests.clinic.notifications.factories import prefer
from tests.clinic.notifications.test_providers import TWILIO, TWILIO_SEND

pytestmark = pytest.mark.django_db


def _texts() -> list[dict]:
    """The texts Twilio's API was asked to send (its HTTP boundary, faked by `responses`)."""
    return [
        {
            key: unquote_plus(value)
            for key, value in (pair.split("=", 1) for pair in call.request.body.split("&"))
        }
        for call in responses.calls
        if call.request.url == TWILIO_SEND
    ]


def _code(text: str) -> str:
    return re.search(r"code is ([A-Z0-9-]+)\.", text).group(1)


@TWILIO
@responses.activate
def test_a_runner_asks_by_phone_gets_a_text_and_signs_in_to_today(client, cast):
    responses.post(TWILIO_SEND, status=201, json={"sid": "SM" + "2" * 32, "status": "queued"})
    typed = cast.runner_a.phone.as_national  # as people type it: "(919) 555-0001"
    asked = client.post(reverse("account_request_login_code"), {"phone": typed})
    assert asked.status_code == 302 and asked.url == reverse("account_confirm_login_code")

    (text,) = _texts()
    assert text["To"] == cast.runner_a.phone.as_e164
    code = _code(text["Body"])
    delivery = Delivery.objects.get(kind=DeliveryKind.SIGN_IN_CODE)
    assert (delivery.runner, delivery.channel) == (cast.runner_a, Channel.SMS)
    assert delivery.status == DeliveryStatus.SENT  # at once, in the request: no beat tick
    assert not mail.outbox  # allauth sent no email of its own

    signed_in = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert signed_in.redirect_chain[-1][0] == reverse("programs:today")
    assert signed_in.wsgi_request.user == cast.runner_a.user


@TWILIO
@responses.activate
def test_a_runner_who_chose_texts_gets_the_code_by_text_when_typing_their_email(client, cast):
    responses.post(TWILIO_SEND, status=201, json={"sid": "SM" + "3" * 32, "status": "queued"})
    prefer(cast.runner_a, channel=Channel.SMS)
    client.post(reverse("account_request_login_code"), {"email": cast.runner_a.user.email})
    (text,) = _texts()
    assert "sign-in code is" in text["Body"]
    assert not mail.outbox


def test_by_email_it_goes_through_the_outbox_too(client, cast):
    client.post(reverse("account_request_login_code"), {"email": cast.runner_a.user.email})
    (message,) = mail.outbox
    assert message.to == [cast.runner_a.email]
    assert re.search(r"\n([A-Z0-9-]{6,})\n", message.body)
    delivery = Delivery.objects.get(kind=DeliveryKind.SIGN_IN_CODE)
    assert (delivery.channel, delivery.status) == (Channel.EMAIL, DeliveryStatus.SENT)


def test_staff_codes_go_to_their_login_email(client, cast):
    client.post(reverse("account_request_login_code"), {"email": cast.clinician.email})
    (message,) = mail.outbox
    assert message.to == [cast.clinician.email]
    delivery = Delivery.objects.get(kind=DeliveryKind.SIGN_IN_CODE)
    assert delivery.recipient == cast.clinician and delivery.runner is None


def test_the_outbox_shows_a_code_went_but_never_the_code(client, cast):
    client.post(reverse("account_request_login_code"), {"email": cast.runner_a.user.email})
    code = re.search(r"\n([A-Z0-9-]{6,})\n", mail.outbox[0].body).group(1)
    delivery = Delivery.objects.get(kind=DeliveryKind.SIGN_IN_CODE)
    stored = " ".join(
        str(value) for value in Delivery.objects.filter(pk=delivery.pk).values()[0].values()
    )
    assert code not in stored
    client.force_login(cast.admin)
    page = client.get(reverse("clinic:outbox")).content.decode()
    assert "Sign-in code" in page and code not in page


def test_a_code_goes_once_a_retry_finds_no_code_and_skips(cast):
    delivery = account_mail.send_code(cast.runner_a.user, "ABC123")
    assert delivery.status == DeliveryStatus.SENT
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED)  # as if lost
    send_batch([delivery.pk], account_mail.compose)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED and "once" in delivery.reason
    assert len(mail.outbox) == 1


def test_an_unknown_phone_gets_nothing_and_learns_nothing(client, cast):
    asked = client.post(reverse("account_request_login_code"), {"phone": "(919) 555-9898"})
    assert asked.status_code == 302  # the same answer as a known phone: no account enumeration
    assert not Delivery.objects.filter(kind=DeliveryKind.SIGN_IN_CODE).exists()


def test_runners_sign_in_with_their_phone_and_password(client, cast, password):
    response = client.post(
        reverse("account_login"),
        {"login": cast.runner_a.phone.as_national, "password": password},
    )
    assert response.status_code == 302
    assert client.get(reverse("clinic:home")).url == reverse("programs:today")


def test_asking_with_neither_email_nor_phone_is_the_form_back(client):
    response = client.post(reverse("account_request_login_code"), {"email": "", "phone": ""})
    assert response.status_code == 200
    assert "Type your email, or the mobile number" in response.content.decode()


@TWILIO
@responses.activate
def test_a_runner_confirming_its_them_gets_a_confirmation_code_by_text(client, cast):
    responses.post(TWILIO_SEND, status=201, json={"sid": "SM" + "4" * 32, "status": "queued"})
    client.force_login(cast.runner_a.user)
    phone = cast.runner_a.phone.as_e164
    asked = client.post(reverse("account_request_reauthentication_code"), {"recipient": phone})
    assert asked.status_code == 302
    (text,) = _texts()
    assert "confirmation code is" in text["Body"]
    confirmed = client.post(
        reverse("account_confirm_reauthentication_code"), {"code": _code(text["Body"])}
    )
    assert confirmed.status_code == 302


def test_the_sign_in_page_offers_a_code_by_email_or_text(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Get a sign-in code by email or text" in page
    assert reverse("account_request_login_code") in page
    assert "Email or phone" in page


def test_a_password_reset_link_goes_through_the_outbox(client, cast):
    client.post(reverse("account_reset_password"), {"email": cast.runner_a.user.email})
    (message,) = mail.outbox
    assert message.subject == "Choose a new Roadmap password"
    link = re.search(r"(/accounts/password/reset/key/\S+)", message.body).group(1)
    delivery = Delivery.objects.get(kind=DeliveryKind.PASSWORD_LINK)
    assert (delivery.runner, delivery.channel) == (cast.runner_a, Channel.EMAIL)
    assert delivery.status == DeliveryStatus.SENT
    assert link not in " ".join(
        map(str, Delivery.objects.filter(pk=delivery.pk).values()[0].values())
    )


def test_a_new_member_of_staff_gets_a_first_password_link_through_the_outbox(client, cast):
    client.force_login(cast.admin)
    client.post(
        reverse("clinic:staff_invite"),
        {
            "email": "ana@example.test",
            "first_name": "Ana",
            "last_name": "Ruiz",
            "role": "clinician",
        },
    )
    (message,) = mail.outbox
    assert message.subject == "Your Roadmap login: choose your password"
    delivery = Delivery.objects.get(kind=DeliveryKind.PASSWORD_LINK)
    assert delivery.recipient.email == "ana@example.test"


def test_a_runner_whose_record_holds_another_email_gets_allauths_own_mail(client, cast):
    runner = cast.runner_a
    runner.email = "old.address@example.test"
    runner.save(update_fields=["email"])
    client.post(reverse("account_request_login_code"), {"email": runner.user.email})
    (message,) = mail.outbox
    assert message.to == [runner.user.email]  # the login's email, which they typed
    assert not Delivery.objects.filter(kind=DeliveryKind.SIGN_IN_CODE).exists()


def test_every_account_kind_is_registered_so_a_swept_row_is_skipped_not_lost(cast):
    from clinic.notifications.kinds import composer_for

    assert composer_for(DeliveryKind.SIGN_IN_CODE) is account_mail.compose
    assert composer_for(DeliveryKind.PASSWORD_LINK) is account_mail.compose
