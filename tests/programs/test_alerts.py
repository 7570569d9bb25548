"""Clinician alerts: a red run, pain of 5 or more after exercise, morning pain rising two days
running, a new red flag. Shown on the dashboard, red flags emailed at once, the rest in the
clinician's daily digest; each links to the runner's record."""

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from clinic.clock import local_today
from clinic.models import Delivery, DeliveryKind, DeliveryStatus
from intake.services import save_screening
from programs.alerts import digest_day, dispatch_digests
from programs.models import AlertKind, ClinicianAlert
from programs.runs import log_run, record_morning_pain
from programs.services import record_feedback
from tests.intake.factories import ScreeningFactory
from tests.programs.factories import start_program


@pytest.fixture
def today(cast):
    return local_today(cast.runner_a.time_zone)


def run(cast, today, during, **extra):
    return log_run(
        runner=cast.runner_a,
        code=uuid.uuid4(),
        day=today,
        today=today,
        distance_km=Decimal("5"),
        duration_minutes=30,
        pain_during=during,
        **extra,
    ).run


def kinds():
    return sorted(ClinicianAlert.objects.values_list("kind", flat=True))


def test_a_red_run_alerts_the_runners_clinician_on_the_dashboard(client, cast, today):
    run(cast, today, 6)
    run(cast, today, 7)  # a second red run that day: the same alert
    alert = ClinicianAlert.objects.get()
    assert (alert.kind, alert.clinician, alert.runner) == ("red_run", cast.clinician, cast.runner_a)
    assert "pain 6/10 during" in alert.reason
    client.force_login(cast.clinician)
    page = client.get(reverse("programs:dashboard")).content.decode()
    assert "Red run" in page and alert.reason in page
    assert reverse("programs:running", kwargs={"code": cast.runner_a.code}) in page
    # Not emailed at once: it waits for the daily digest.
    assert not Delivery.objects.filter(kind=DeliveryKind.CLINICIAN_ALERT).exists()


def test_a_green_or_amber_run_tells_no_one(cast, today):
    run(cast, today, 1)
    run(cast, today, 4)
    assert kinds() == []


def test_pain_of_5_after_exercises_or_a_run_alerts(cast, today):
    program = start_program(cast.runner_a, start=today, by=cast.clinician)
    record_feedback(program=program, day=today, knee_pain=4, note="", today=today)
    assert kinds() == []
    record_feedback(program=program, day=today, knee_pain=5, note="", today=today)
    run(cast, today - timedelta(days=1), 1, pain_after=6)
    assert kinds() == ["pain_after_exercise", "pain_after_exercise"]


def test_morning_pain_rising_two_days_running_alerts_on_the_third_morning(cast, today):
    for back, pain in [(3, 2), (2, 1), (1, 2)]:
        record_morning_pain(
            runner=cast.runner_a, day=today - timedelta(days=back), pain=pain, today=today
        )
    assert kinds() == []  # up once only
    record_morning_pain(runner=cast.runner_a, day=today, pain=3, today=today)
    alert = ClinicianAlert.objects.get()
    assert alert.kind == AlertKind.MORNING_PAIN_RISING
    assert "1 → 2 → 3" in alert.reason


def test_a_new_red_flag_is_emailed_at_once_with_a_link_to_the_record(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    draft = ScreeningFactory(runner=cast.runner_a, clinician=cast.clinician, draft=True)
    with django_capture_on_commit_callbacks(execute=True):
        save_screening(screening=draft, red_flags=["locked_knee"], sign=True)
    assert kinds() == ["red_flag"]
    (message,) = mailoutbox
    assert message.to == [cast.clinician.email]
    assert message.subject == f"New red flag: {cast.runner_a.full_name}"
    assert "Locked knee" in message.body
    assert reverse("intake:record", kwargs={"code": cast.runner_a.code}) in message.body


def test_the_daily_digest_goes_once_per_clinician_with_each_alert_linked(
    cast, today, mailoutbox, django_capture_on_commit_callbacks
):
    run(cast, today, 8)
    alert = ClinicianAlert.objects.get()
    day = alert.digest_on
    # The clinician has no hours at a location here, so their clock is the practice's.
    zone = ZoneInfo(settings.PRACTICE_TIME_ZONE)
    at = datetime(day.year, day.month, day.day, 7, 0, tzinfo=zone)
    before = at - timedelta(minutes=1)
    assert dispatch_digests(now=before) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_digests(now=at) == 1
    assert dispatch_digests(now=at + timedelta(minutes=1)) == 0  # once a day
    digest = Delivery.objects.get(kind=DeliveryKind.CLINICIAN_DIGEST)
    assert (digest.recipient, digest.status) == (cast.clinician, DeliveryStatus.SENT)
    (message,) = mailoutbox
    assert message.subject.startswith("1 runner alert for")
    assert alert.reason in message.body
    assert reverse("programs:running", kwargs={"code": cast.runner_a.code}) in message.body


@pytest.mark.parametrize(("hour", "days_later"), [(0, 0), (6, 0), (7, 1), (23, 1)])
def test_an_alert_goes_in_the_next_digest(hour, days_later):
    now = datetime(2026, 3, 2, hour, 30, tzinfo=ZoneInfo("America/Chicago"))
    assert digest_day(now, "America/Chicago") == now.date() + timedelta(days=days_later)


def test_a_seen_alert_leaves_the_dashboard(client, cast, today):
    run(cast, today, 9)
    alert = ClinicianAlert.objects.get()
    client.force_login(cast.clinician)
    response = client.post(reverse("programs:alert_seen", kwargs={"code": alert.code}))
    assert response.status_code == 302
    assert alert.reason not in client.get(reverse("programs:dashboard")).content.decode()
    alert.refresh_from_db()
    assert alert.seen_by == cast.clinician
