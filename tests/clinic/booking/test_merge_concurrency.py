"""Two staff merging the same two records at once, each keeping a different one: the row locks
run them one after the other, so one merge happens and the other is refused, and no row is
left behind on a record that disappeared from search."""

import threading

import pytest
from django.db import connection

from clinic.booking.merge import MergeRefused, merge_runners, related_counts
from clinic.models import Appointment, Runner
from tests.clinic.booking.factories import AppointmentFactory, local, next_weekday
from tests.factories import RunnerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_crossed_merges_at_once_merge_once(cast):
    one, two = (
        RunnerFactory(
            user=None, first_name="Alex", last_name="Morgan", email=email, location=cast.location
        )
        for email in ("alex@example.test", "alex.morgan@work.example.test")
    )
    for hour, runner in ((9, one), (11, two)):
        AppointmentFactory(
            runner=runner,
            clinician=cast.clinician,
            location=cast.location,
            starts_at=local(next_weekday(2), hour),
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def merge(survivor, duplicate, by):
        try:
            barrier.wait()
            merge_runners(survivor, duplicate, by=by)
            outcomes.append("merged")
        except MergeRefused as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=merge, args=(one, two, cast.clinician)),
        threading.Thread(target=merge, args=(two, one, cast.admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["One of these records has already been merged.", "merged"]
    kept = Runner.objects.current().get(pk__in=[one.pk, two.pk])
    gone = Runner.objects.exclude(pk=kept.pk).get(pk__in=[one.pk, two.pk])
    assert gone.merged_into == kept
    assert Appointment.objects.filter(runner=kept).count() == 2
    assert not any(related_counts(gone).values())
