"""A clinician's daily digest of alerts goes at the practice's digest hour on the clinician's own
clock (their location's time zone), once a local day, daylight-saving days included
(docs/domain.md §6.6). The rule is pure (clinic.notifications.timing); the dispatcher is stepped
through whole days here, as beat runs it every minute."""

import datetime
from datetime import UTC

import pytest

from clinic.booking.schedule import clinician_zones
from clinic.models import Delivery, DeliveryKind, Location, WorkingHours
from clinic.notifications.timing import digest_due, next_digest_day
from programs.alerts import dispatch_digests, raise_alert
from programs.models import AlertKind, ClinicianAlert
from tests.factories import RunnerFactory

NY = "America/New_York"
LA = "America/Los_Angeles"
SPRING = datetime.date(2026, 3, 8)  # US clocks go 02:00 -> 03:00
FALL = datetime.date(2026, 11, 1)  # US clocks go 02:00 -> 01:00
PLAIN = datetime.date(2026, 6, 10)


def utc(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "hour", "due", "next_day"),
    [
        # a plain summer day: 07:00 EDT is 11:00 UTC, 07:00 PDT is 14:00 UTC
        (utc(PLAIN, 10, 59), NY, 7, None, PLAIN),
        (utc(PLAIN, 11, 0), NY, 7, PLAIN, PLAIN + datetime.timedelta(days=1)),
        (utc(PLAIN, 13, 59), LA, 7, None, PLAIN),
        (utc(PLAIN, 14, 0), LA, 7, PLAIN, PLAIN + datetime.timedelta(days=1)),
        # 03:00 UTC is tomorrow in UTC but still this evening on both coasts: the local date
        (
            utc(PLAIN + datetime.timedelta(days=1), 3, 0),
            LA,
            7,
            PLAIN,
            PLAIN + datetime.timedelta(days=1),
        ),
        (
            utc(PLAIN + datetime.timedelta(days=1), 3, 0),
            NY,
            7,
            PLAIN,
            PLAIN + datetime.timedelta(days=1),
        ),
        # spring forward: 07:00 is EDT already (11:00 UTC, not 12:00), PDT in LA (14:00)
        (utc(SPRING, 10, 59), NY, 7, None, SPRING),
        (utc(SPRING, 11, 0), NY, 7, SPRING, SPRING + datetime.timedelta(days=1)),
        (utc(SPRING, 13, 59), LA, 7, None, SPRING),
        (utc(SPRING, 14, 0), LA, 7, SPRING, SPRING + datetime.timedelta(days=1)),
        # a 02:00 digest on spring's day: 02:00 never shows; it is due at 03:00 EDT (07:00 UTC)
        (utc(SPRING, 6, 59), NY, 2, None, SPRING),  # 01:59 EST
        (utc(SPRING, 7, 0), NY, 2, SPRING, SPRING + datetime.timedelta(days=1)),  # 03:00 EDT
        # fall back: 07:00 is EST again (12:00 UTC), LA's PST (15:00 UTC)
        (utc(FALL, 11, 59), NY, 7, None, FALL),
        (utc(FALL, 12, 0), NY, 7, FALL, FALL + datetime.timedelta(days=1)),
        (utc(FALL, 14, 59), LA, 7, None, FALL),
        (utc(FALL, 15, 0), LA, 7, FALL, FALL + datetime.timedelta(days=1)),
        # a 01:00 digest on fall's day: due at the first 01:00 (EDT) and still "due" at the
        # second (EST) on the same date, which the ledger already holds: once
        (utc(FALL, 5, 0), NY, 1, FALL, FALL + datetime.timedelta(days=1)),
        (utc(FALL, 6, 0), NY, 1, FALL, FALL + datetime.timedelta(days=1)),
    ],
)
def test_the_digest_is_due_at_the_clinicians_local_hour(now, zone, hour, due, next_day):
    assert digest_due(now, zone, hour) == due
    assert next_digest_day(now, zone, hour) == next_day


@pytest.fixture
def two_coasts(cast):
    """The cast's clinician works in New York, the other clinician in Los Angeles (most of
    their hours; one afternoon in New York), each with a runner."""
    la = Location.objects.create(name="Santa Monica", address="Santa Monica, CA", time_zone=LA)
    for weekday in range(5):
        WorkingHours.objects.create(
            clinician=cast.clinician,
            location=cast.location,
            weekday=weekday,
            start_time=datetime.time(8),
            end_time=datetime.time(16),
        )
        WorkingHours.objects.create(
            clinician=cast.other_clinician,
            location=la,
            weekday=weekday,
            start_time=datetime.time(8),
            end_time=datetime.time(16),
        )
    WorkingHours.objects.create(
        clinician=cast.other_clinician,
        location=cast.location,
        weekday=5,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
    )
    west = RunnerFactory(clinician=cast.other_clinician, location=la, time_zone=LA)
    return cast.runner_a, west


def alert_for(runner, digest_on, kind=AlertKind.RED_RUN):
    return ClinicianAlert.objects.create(
        runner=runner,
        clinician=runner.clinician,
        kind=kind,
        day=digest_on - datetime.timedelta(days=1),
        reason="pain 6/10 during",
        digest_on=digest_on,
    )


def test_a_clinicians_zone_is_their_locations(cast, two_coasts, settings):
    settings.PRACTICE_TIME_ZONE = "America/Chicago"
    zones = clinician_zones([cast.clinician.pk, cast.other_clinician.pk, cast.admin.pk])
    assert zones == {
        cast.clinician.pk: NY,
        cast.other_clinician.pk: LA,
        cast.admin.pk: "America/Chicago",
    }


@pytest.mark.parametrize(
    ("day", "ny_at", "la_at"),
    [
        (PLAIN, utc(PLAIN, 11), utc(PLAIN, 14)),  # 07:00 EDT, 07:00 PDT
        (SPRING, utc(SPRING, 11), utc(SPRING, 14)),  # the clocks went forward at 02:00
        (FALL, utc(FALL, 12), utc(FALL, 15)),  # the clocks went back: EST, PST
        (
            FALL - datetime.timedelta(days=1),
            utc(FALL, 11) - datetime.timedelta(days=1),
            utc(FALL, 14) - datetime.timedelta(days=1),
        ),  # the day before: still EDT, PDT
    ],
    ids=["plain", "spring-forward", "fall-back", "day-before-fall"],
)
def test_each_clinician_gets_one_digest_at_seven_on_their_own_clock(
    cast, two_coasts, settings, day, ny_at, la_at
):
    settings.CLINICIAN_DIGEST_HOUR = 7
    east, west = two_coasts
    alert_for(east, day)
    alert_for(west, day)
    sent = {}
    moment = utc(day, 0)
    while moment < utc(day, 0) + datetime.timedelta(hours=36):  # a whole local day on both coasts
        before = set(Delivery.objects.values_list("pk", flat=True))
        dispatch_digests(now=moment)
        for delivery in Delivery.objects.exclude(pk__in=before):
            sent.setdefault(delivery.recipient_id, []).append((moment, delivery.local_date))
        moment += datetime.timedelta(minutes=15)
    assert sent == {cast.clinician.pk: [(ny_at, day)], cast.other_clinician.pk: [(la_at, day)]}
    assert set(Delivery.objects.values_list("kind", flat=True)) == {DeliveryKind.CLINICIAN_DIGEST}


def test_the_ledger_holds_one_digest_per_clinician_and_local_day(cast, two_coasts, settings):
    settings.CLINICIAN_DIGEST_HOUR = 1
    east, _ = two_coasts
    alert_for(east, FALL)
    # 01:00 EDT, then 01:00 EST an hour later: the same local date, one digest.
    assert dispatch_digests(now=utc(FALL, 5)) == 1
    assert dispatch_digests(now=utc(FALL, 6)) == 0
    assert Delivery.objects.filter(recipient=cast.clinician, local_date=FALL).count() == 1


@pytest.mark.parametrize(
    ("now", "east_digest", "west_digest"),
    [
        # 08:00 EDT (past New York's digest) is 05:00 PDT (before Los Angeles')
        (utc(PLAIN, 12), PLAIN + datetime.timedelta(days=1), PLAIN),
        (utc(PLAIN, 10), PLAIN, PLAIN),  # 06:00 EDT, 03:00 PDT
        (utc(PLAIN, 14), PLAIN + datetime.timedelta(days=1), PLAIN + datetime.timedelta(days=1)),
    ],
)
def test_an_alert_waits_for_its_clinicians_next_digest(
    cast, two_coasts, settings, monkeypatch, now, east_digest, west_digest
):
    from django.utils import timezone

    settings.CLINICIAN_DIGEST_HOUR = 7
    monkeypatch.setattr(timezone, "now", lambda: now)
    east, west = two_coasts
    for runner in (east, west):
        raise_alert(runner=runner, kind=AlertKind.RED_RUN, day=PLAIN, reason="pain 7/10 during")
    digests = dict(ClinicianAlert.objects.values_list("clinician_id", "digest_on"))
    assert digests == {cast.clinician.pk: east_digest, cast.other_clinician.pk: west_digest}
