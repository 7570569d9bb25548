"""Messages sent when something happens: enqueue a kind, it goes once, after commit."""

import pytest
from django.db import transaction

from clinic.models import Delivery, DeliveryKind, DeliveryStatus
from clinic.notifications import kinds
from clinic.notifications.ledger import Composed
from clinic.notifications.outbox import enqueue

ALERT = DeliveryKind.CLINICIAN_ALERT


@pytest.fixture
def alert_kind(monkeypatch):
    """A kind whose message names who it is about, registered as an area would register it."""

    def compose(deliveries):
        return {
            d.pk: Composed(subject=f"About {d.runner.first_name}", text=f"ref {d.reference}")
            for d in deliveries
        }

    monkeypatch.setitem(kinds._KINDS, ALERT, kinds.Kind(ALERT, compose))


def test_an_enqueued_message_goes_once_the_transaction_commits(
    cast, alert_kind, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = enqueue(ALERT, runner=cast.runner_a, reference="run-1")
        assert mailoutbox == []  # nothing leaves before the commit
    assert [m.to for m in mailoutbox] == [[cast.runner_a.email]]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_the_same_message_enqueued_twice_goes_once(
    cast, alert_kind, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue(ALERT, runner=cast.runner_a, reference="run-1") is not None
        assert enqueue(ALERT, runner=cast.runner_a, reference="run-1") is None
    assert len(mailoutbox) == 1
    assert Delivery.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(cast, alert_kind, mailoutbox):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        enqueue(ALERT, runner=cast.runner_a, reference="run-1")
        raise Refused
    assert not Delivery.objects.exists()
    assert mailoutbox == []


def test_a_message_to_staff_about_a_runner_goes_to_the_staff_member(
    cast, alert_kind, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(ALERT, runner=cast.runner_a, recipient=cast.clinician, reference="run-1")
        # The same alert to another clinician is another message.
        enqueue(ALERT, runner=cast.runner_a, recipient=cast.other_clinician, reference="run-1")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.clinician.email, cast.other_clinician.email]
    )
    assert mailoutbox[0].subject == f"About {cast.runner_a.first_name}"


def test_a_message_needs_someone_to_go_to(cast):
    with pytest.raises(ValueError):
        enqueue(ALERT)
