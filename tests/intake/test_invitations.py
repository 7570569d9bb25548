"""A booked assessment emails the runner one signed link per questionnaire, through the
ledger, only after commit."""

import pytest
from django.core import mail
from django.db import transaction

from clinic.models import Delivery, DeliveryKind, DeliveryStatus
from intake.links import read_token
from intake.services import invite_to_questionnaires


def links_in(message):
    return [line for line in message.body.splitlines() if "/intake/link/" in line]


def test_invitation_mails_four_links_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_questionnaires(runner=cast.runner_a)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.runner_a.email]
    assert len(links_in(mail.outbox[0])) == 4


def test_each_link_is_bound_to_the_runner_and_one_questionnaire(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_questionnaires(runner=cast.runner_a)
    grants = [read_token(url.rstrip("/").rsplit("/", 1)[1]) for url in links_in(mail.outbox[0])]
    assert {grant.runner_code for grant in grants} == {str(cast.runner_a.code)}
    assert sorted(grant.questionnaire for grant in grants) == ["koos", "kujala", "lefs", "nprs"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_booking_sends_nothing(cast):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        invite_to_questionnaires(runner=cast.runner_a)
        raise Rollback
    assert mail.outbox == []


def test_runner_without_email_gets_no_mail_and_the_outbox_says_why(
    cast, django_capture_on_commit_callbacks
):
    cast.runner_a.email = ""
    cast.runner_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_questionnaires(runner=cast.runner_a)
    assert mail.outbox == []
    invitation = Delivery.objects.get(kind=DeliveryKind.INTAKE_INVITATION)
    assert (invitation.status, invitation.reason) == (DeliveryStatus.SKIPPED, "no email address")
