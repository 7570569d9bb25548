"""The ledger: claim, retry with back-off, give up as failed, sweep rows a crash left behind."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from clinic import outbox
from clinic.models import Delivery, DeliveryKind, DeliveryStatus
from clinic.transports.sms import RecordingSmsProvider
from programs.reminders import compose_daily_reminders, send_daily_reminders

from .conftest import EVENING, TODAY
from .factories import SMS, on_program, prefer

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)
KIND = DeliveryKind.DAILY_EXERCISE


def queued(runner, channel="email"):
    [pk] = outbox.queue(KIND, [outbox.Planned(runner.pk, TODAY, channel)], now=EVENING)
    return Delivery.objects.get(pk=pk)


def test_database_refuses_a_second_reminder_for_the_same_runner_and_day(cast):
    Delivery.objects.create(runner=cast.runner_a, kind=KIND, local_date=TODAY)
    with pytest.raises(IntegrityError):
        Delivery.objects.create(runner=cast.runner_a, kind=KIND, local_date=TODAY)


def test_queueing_twice_keeps_one_row(cast):
    first = queued(cast.runner_a)
    again = outbox.queue(KIND, [outbox.Planned(cast.runner_a.pk, TODAY)], now=EVENING)
    assert again == [first.pk]
    assert Delivery.objects.count() == 1


def test_a_claimed_row_cannot_be_claimed_again(cast):
    delivery = queued(cast.runner_a)
    now = timezone.now()
    assert outbox.claim([delivery.pk], now=now) == [delivery.pk]
    assert outbox.claim([delivery.pk], now=now) == []


def test_running_a_send_task_twice_sends_once(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a)
    send_daily_reminders([delivery.pk])
    send_daily_reminders([delivery.pk])
    assert len(mailoutbox) == 1


def test_provider_error_is_retried_later_with_back_off(cast):
    cast.runner_a.phone = "919-555-0000"  # the test provider can't reach numbers ending 0000
    cast.runner_a.save()
    on_program(cast.runner_a, start=START)
    prefer(cast.runner_a, channel=SMS)
    delivery = queued(cast.runner_a, SMS)
    before = timezone.now()
    send_daily_reminders([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1
    assert "unreachable" in delivery.error
    assert delivery.next_attempt_at >= before + datetime.timedelta(minutes=1)


def test_provider_error_stops_as_failed_after_the_last_attempt(cast, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 2
    cast.runner_a.phone = "919-555-0000"
    cast.runner_a.save()
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a, SMS)
    send_daily_reminders([delivery.pk])
    send_daily_reminders([delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert delivery.finished_at is not None


def test_sweeper_enqueues_a_retry_once_its_back_off_has_passed(
    cast, django_capture_on_commit_callbacks
):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a, SMS)
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=1, next_attempt_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert outbox.sweep(now=timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.sweep(now=timezone.now() + datetime.timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(RecordingSmsProvider.outbox) == 1


def test_sweeper_gives_back_a_row_a_dead_worker_left_sending(
    cast, django_capture_on_commit_callbacks
):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a, SMS)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    outbox.claim([delivery.pk], now=long_ago)  # claimed, then the worker died before recording
    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    # Resent under the same key, so a provider that already had it recognises it.
    assert [m["key"] for m in RecordingSmsProvider.outbox] == [str(delivery.code)]


def test_sweeper_leaves_a_row_that_is_still_being_sent(cast, django_capture_on_commit_callbacks):
    delivery = queued(cast.runner_a)
    outbox.claim([delivery.pk], now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING


def test_runner_who_turned_reminders_off_after_queueing_is_skipped(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a)
    prefer(cast.runner_a, daily_enabled=False)
    send_daily_reminders([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert mailoutbox == []


def test_last_reminded_is_the_latest_sent_daily_reminder(cast, mailoutbox):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a)
    assert outbox.last_reminded(cast.runner_a) is None
    send_daily_reminders([delivery.pk])
    assert outbox.last_reminded(cast.runner_a).pk == delivery.pk


@pytest.mark.parametrize("runners", [2, 20])
def test_a_batch_costs_the_same_queries_whatever_its_size(
    cast, runners, django_assert_num_queries, mailoutbox
):
    from tests.factories import RunnerFactory

    ids = []
    for _ in range(runners):
        runner = RunnerFactory(location=cast.location)
        on_program(runner, start=START)
        ids.append(queued(runner).pk)
    # claim (select + update, and here a savepoint and its release, as the test runs inside a
    # transaction), load (1), compose (4: programs, versions, items, set logs), record sent (1)
    with django_assert_num_queries(10):
        send_daily_reminders(ids)
    assert len(mailoutbox) == runners


def test_compose_reads_a_batch_in_four_queries(cast, django_assert_num_queries):
    on_program(cast.runner_a, start=START)
    delivery = queued(cast.runner_a)
    deliveries = list(
        Delivery.objects.filter(pk=delivery.pk).select_related(
            "runner", "runner__location", "runner__reminder_preference"
        )
    )
    with django_assert_num_queries(4):
        compose_daily_reminders(deliveries)
