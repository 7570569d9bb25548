"""The reminder before a visit: when it goes, and when it must not."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from clinic.booking import services as booking
from clinic.booking.reminders import dispatch_appointment_reminders
from clinic.models import Appointment, Delivery, DeliveryKind, DeliveryStatus
from tests.clinic.booking.factories import AppointmentFactory
from tests.clinic.notifications.factories import prefer

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return dispatch_appointment_reminders(now=now)

    return run


@pytest.fixture
def visit(cast):
    """Runner A's visit in five days, booked a week ago."""
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    appointment = AppointmentFactory(runner=cast.runner_a, location=cast.location, starts_at=starts)
    Appointment.objects.filter(pk=appointment.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=7)
    )
    appointment.refresh_from_db()
    return appointment


def reminders():
    return Delivery.objects.filter(kind=DeliveryKind.APPOINTMENT_REMINDER)


def test_reminder_goes_24_hours_before_and_not_a_minute_earlier(visit, dispatch, mailoutbox):
    assert dispatch(visit.starts_at - 24 * HOUR - MINUTE) == 0
    assert dispatch(visit.starts_at - 24 * HOUR) == 1
    [mail] = mailoutbox
    assert mail.to == [visit.runner.email]
    assert "Reminder" in mail.subject
    assert "/booking/" in mail.body  # the link to cancel or move it


def test_hours_before_are_configurable(visit, dispatch, settings, mailoutbox):
    settings.APPOINTMENT_REMINDER_HOURS = 2
    assert dispatch(visit.starts_at - 3 * HOUR) == 0
    assert dispatch(visit.starts_at - 2 * HOUR) == 1


def test_one_reminder_however_often_the_dispatcher_runs(visit, dispatch, mailoutbox):
    for minutes in range(0, 60, 5):
        dispatch(visit.starts_at - 24 * HOUR + minutes * MINUTE)
    assert len(mailoutbox) == 1
    assert reminders().get().status == DeliveryStatus.SENT


def test_no_reminder_for_a_cancelled_appointment(visit, dispatch, mailoutbox):
    booking.cancel(appointment=visit, reason="Feeling better")
    mailoutbox.clear()
    assert dispatch(visit.starts_at - 24 * HOUR) == 0
    assert mailoutbox == []


def test_no_reminder_for_an_appointment_already_past(visit, dispatch, mailoutbox):
    assert dispatch(visit.starts_at + MINUTE) == 0


def test_cancelled_after_queueing_is_skipped_at_send_time(visit, cast, mailoutbox):
    from clinic.booking.reminders import due_appointments, send_appointment_reminders

    [planned] = due_appointments(visit.starts_at - 24 * HOUR)
    Appointment.objects.filter(pk=visit.pk).update(
        status=Appointment.Status.CANCELLED, cancel_reason="Ill", cancelled_at=timezone.now()
    )
    send_appointment_reminders([planned.to_message()])
    assert reminders().get().status == DeliveryStatus.SKIPPED
    assert mailoutbox == []


def test_visit_booked_inside_the_window_gets_no_reminder(cast, dispatch, mailoutbox):
    starts = timezone.now() + 5 * HOUR
    AppointmentFactory(runner=cast.runner_a, location=cast.location, starts_at=starts)
    assert dispatch(timezone.now()) == 0  # its confirmation has just said when it is


def test_moved_visit_gets_a_reminder_for_its_new_time(visit, dispatch, mailoutbox):
    dispatch(visit.starts_at - 24 * HOUR)
    new_start = visit.starts_at + datetime.timedelta(days=3)
    Appointment.objects.filter(pk=visit.pk).update(
        starts_at=new_start, ends_at=new_start + HOUR, updated_at=visit.starts_at - 23 * HOUR
    )
    assert dispatch(new_start - 24 * HOUR) == 1
    assert reminders().count() == 2


def test_runner_who_turned_appointment_reminders_off_gets_none(visit, dispatch, mailoutbox):
    prefer(visit.runner, appointment_reminders=False)
    assert dispatch(visit.starts_at - 24 * HOUR) == 0


def test_reminder_is_dated_on_the_visits_local_day(visit, dispatch):
    dispatch(visit.starts_at - 24 * HOUR)
    local = visit.starts_at.astimezone(zoneinfo.ZoneInfo(visit.location.time_zone))
    assert reminders().get().local_date == local.date()
