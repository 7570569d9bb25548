"""The ledger: claim, retry with back-off, give up as failed, sweep rows a crash left behind."""

import datetime
from unittest.mock import patch

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from clinic.models import Delivery, DeliveryKind, DeliveryStatus
from clinic.notifications import ledger, sweeper
from clinic.notifications.transports.sms import RecordingSmsProvider
from programs.daily_reminder import compose_daily_reminders, send_daily_reminders
from tests.clinic.notifications.conftest import TODAY
from tests.clinic.notifications.factories import SMS, on_program, prefer

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)
KIND = DeliveryKind.DAILY_EXERCISE


def batch(*runners, channel="email"):
    return [ledger.Planned(runner.pk, TODAY, channel).to_message() for runner in runners]


def queued(runner, channel="email", **fields):
    """A row waiting for a retry, as a provider error or the sweeper leaves it."""
    return Delivery.objects.create(
        runner=runner, kind=KIND, local_date=TODAY, channel=channel, **fields
    )


def test_database_refuses_a_second_reminder_for_the_same_runner_and_day(cast):
    Delivery.objects.create(runner=cast.runner_a, kind=KIND, local_date=TODAY)
    with pytest.raises(IntegrityError):
        Delivery.objects.create(runner=cast.runner_a, kind=KIND, local_date=TODAY)


def test_the_same_batch_sent_twice_sends_once(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    send_daily_reminders(batch(cast.runner_a))
    assert send_daily_reminders(batch(cast.runner_a)) == {}
    assert len(mailoutbox) == 1
    assert Delivery.objects.get().attempts == 1


def test_two_batches_naming_the_same_runner_send_once(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    on_program(cast.runner_b, start=START)
    send_daily_reminders(batch(cast.runner_a))
    send_daily_reminders(batch(cast.runner_a, cast.runner_b))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.runner_a.email, cast.runner_b.email])


def test_a_row_taken_for_sending_cannot_be_taken_by_another_task(cast):
    delivery = queued(cast.runner_a)
    now = timezone.now()
    first = ledger.claim([delivery.pk], now=now)
    second = ledger.claim([delivery.pk], now=now)  # a swept copy of the task: it holds it now
    assert ledger.Recorder(second).take(delivery)
    assert not ledger.Recorder(first).take(delivery)  # the first holder finds it gone
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENDING, 1)


def test_each_row_is_recorded_sent_as_soon_as_its_send_returns(cast, monkeypatch):
    """Killed after the first send, the first row is already "sent": only the row in flight
    could ever go twice."""
    on_program(cast.runner_a, start=START)
    on_program(cast.runner_b, start=START)
    seen = []
    real_send = RecordingSmsProvider.send_sms

    def send_and_look(self, *, to, text, key):
        seen.append(dict(Delivery.objects.values_list("code", "status")))
        return real_send(self, to=to, text=text, key=key)

    monkeypatch.setattr(RecordingSmsProvider, "send_sms", send_and_look)
    send_daily_reminders(batch(cast.runner_a, cast.runner_b, channel=SMS))
    first, second = (Delivery.objects.get(runner=r) for r in (cast.runner_a, cast.runner_b))
    # While the first was handed over: it was the one row in flight, the second still waiting.
    assert seen[0] == {first.code: DeliveryStatus.SENDING, second.code: DeliveryStatus.QUEUED}
    # While the second was: the first was already recorded.
    assert seen[1] == {first.code: DeliveryStatus.SENT, second.code: DeliveryStatus.SENDING}


def test_running_a_retry_task_twice_sends_once(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a)
    ledger.send_batch([delivery.pk], compose_daily_reminders)
    ledger.send_batch([delivery.pk], compose_daily_reminders)
    assert len(mailoutbox) == 1


def test_provider_error_is_retried_later_with_back_off(cast):
    cast.runner_a.phone = "919-555-0000"  # the test provider can't reach numbers ending 0000
    cast.runner_a.save()
    on_program(cast.runner_a, start=START)
    before = timezone.now()
    send_daily_reminders(batch(cast.runner_a, channel=SMS))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1
    assert "unreachable" in delivery.error
    assert delivery.next_attempt_at >= before + datetime.timedelta(minutes=1)


def test_provider_error_stops_as_failed_after_the_last_attempt(cast, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 2
    cast.runner_a.phone = "919-555-0000"
    cast.runner_a.save()
    on_program(cast.runner_a, start=START)
    send_daily_reminders(batch(cast.runner_a, channel=SMS))
    delivery = Delivery.objects.get()
    ledger.send_batch([delivery.pk], compose_daily_reminders)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert delivery.finished_at is not None


def test_sweeper_enqueues_a_retry_once_its_back_off_has_passed(
    cast, django_capture_on_commit_callbacks
):
    on_program(cast.runner_a, start=START)
    delivery = queued(
        cast.runner_a,
        SMS,
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    assert sweeper.sweep(now=timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeper.sweep(now=timezone.now() + datetime.timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(RecordingSmsProvider.outbox) == 1


def in_flight_when_the_worker_died(runner, *, seconds_ago: int) -> Delivery:
    """A row a batch wrote and took into "sending", then its worker died mid-send."""
    then = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    token = ledger.claim_planned(KIND, [ledger.Planned(runner.pk, TODAY, SMS)], now=then)
    delivery = Delivery.objects.get(runner=runner)
    with patch.object(timezone, "now", return_value=then):
        assert ledger.Recorder(token).take(delivery)
    return delivery


def test_sweeper_gives_back_a_message_in_flight_once_its_lease_is_over(
    cast, settings, django_capture_on_commit_callbacks
):
    on_program(cast.runner_a, start=START)
    delivery = in_flight_when_the_worker_died(
        cast.runner_a, seconds_ago=settings.DELIVERY_LEASE_SECONDS + 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        sweeper.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    # Resent under the same key, so a provider that already had it recognises it.
    assert [m["key"] for m in RecordingSmsProvider.outbox] == [str(delivery.code)]


def test_sweeper_leaves_a_message_still_in_its_lease(cast, settings):
    delivery = in_flight_when_the_worker_died(
        cast.runner_a, seconds_ago=settings.DELIVERY_LEASE_SECONDS - 5
    )
    sweeper.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING


def test_a_killed_batchs_unsent_rest_goes_once_its_short_hold_runs_out(
    cast, settings, django_capture_on_commit_callbacks
):
    on_program(cast.runner_a, start=START)
    written = timezone.now()
    ledger.claim_planned(KIND, [ledger.Planned(cast.runner_a.pk, TODAY, SMS)], now=written)
    # The batch died before taking it: held, never in flight.
    assert sweeper.sweep(now=written + datetime.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        later = written + ledger.hold() + datetime.timedelta(seconds=1)
        assert sweeper.sweep(now=later) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert settings.DELIVERY_HOLD_SECONDS + 60 < 120  # a sweep a minute: gone within 2 minutes


def test_runner_who_turned_reminders_off_before_a_retry_is_skipped(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a)
    prefer(cast.runner_a, daily_enabled=False)
    ledger.send_batch([delivery.pk], compose_daily_reminders)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert mailoutbox == []


def test_last_reminded_is_the_latest_sent_daily_reminder(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    assert ledger.last_reminded(cast.runner_a) is None
    send_daily_reminders(batch(cast.runner_a))
    assert ledger.last_reminded(cast.runner_a) == Delivery.objects.get()


@pytest.mark.parametrize("runners", [2, 20])
def test_a_batch_costs_a_fixed_number_of_queries_and_one_per_message(
    cast, runners, django_assert_num_queries, mailoutbox
):
    from tests.factories import RunnerFactory

    many = [RunnerFactory(location=cast.location) for _ in range(runners)]
    for runner in many:
        on_program(runner, start=START)
    # write-and-hold (1), load (1), compose (4: programs, versions, items, set logs),
    # suppressed addresses (1); then one UPDATE per message (record the last, take the next)
    # and one for the last record. On Postgres, two more switch the batch to asynchronous
    # commits and back (ledger.fast_commits).
    switch = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(7 + runners + 1 + switch):
        send_daily_reminders(batch(*many))
    assert len(mailoutbox) == runners


def test_compose_reads_a_batch_in_four_queries(cast, django_assert_num_queries):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a, status=DeliveryStatus.SENDING)
    deliveries = list(
        Delivery.objects.filter(pk=delivery.pk).select_related(
            "runner", "runner__location", "runner__reminder_preference"
        )
    )
    with django_assert_num_queries(4):
        compose_daily_reminders(deliveries)


def test_an_unexpected_error_on_one_message_still_records_the_rest(cast, monkeypatch):
    from clinic.notifications.transports.sms import RecordingSmsProvider

    real_send = RecordingSmsProvider.send_sms

    def flaky(self, *, to, text, key):
        if to == cast.runner_b.phone:
            raise RuntimeError("provider SDK bug")
        real_send(self, to=to, text=text, key=key)

    monkeypatch.setattr(RecordingSmsProvider, "send_sms", flaky)
    on_program(cast.runner_a, start=START)
    on_program(cast.runner_b, start=START)
    send_daily_reminders(batch(cast.runner_a, cast.runner_b, channel=SMS))
    statuses = dict(Delivery.objects.values_list("runner_id", "status"))
    assert statuses == {
        cast.runner_a.pk: DeliveryStatus.SENT,
        cast.runner_b.pk: DeliveryStatus.QUEUED,  # retried after back-off
    }


def test_an_email_sent_again_after_a_failure_keeps_its_message_id(cast, mailoutbox, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    on_program(cast.runner_a, start=START)
    real_send = EmailBackend.send_messages
    calls = []

    def drop_the_first(self, messages):
        calls.append(messages[0].extra_headers["Message-ID"])
        if len(calls) == 1:
            raise ConnectionResetError("connection dropped")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", drop_the_first)
    send_daily_reminders(batch(cast.runner_a))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED  # retried after back-off
    ledger.send_batch([delivery.pk], compose_daily_reminders)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert calls == [f"<{delivery.code}@roadmap.messages>"] * 2
    assert mailoutbox[0].extra_headers["Message-ID"] == calls[0]
