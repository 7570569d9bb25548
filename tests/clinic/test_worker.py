"""The heartbeat task runs in a real Celery worker on Redis and writes to Postgres."""

import pytest

from clinic.celery import heartbeat
from clinic.models import Heartbeat
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_heartbeat_runs_in_a_real_worker():
    with celery_worker() as (queue, _process):
        heartbeat.apply_async(queue=queue)
        beat = wait_for(lambda: Heartbeat.objects.first(), timeout=60)
    assert beat.hostname.startswith(queue)


def test_heartbeat_enqueued_on_commit_runs_once_committed():
    from django.db import transaction

    with celery_worker() as (queue, _process):
        with transaction.atomic():
            heartbeat.apply_async_on_commit(queue=queue)
            assert not Heartbeat.objects.exists()
        wait_for(lambda: Heartbeat.objects.exists(), timeout=60)
    assert Heartbeat.objects.count() == 1
