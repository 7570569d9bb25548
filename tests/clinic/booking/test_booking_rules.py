"""Booking writes re-check every rule at the moment of booking, and save nothing on refusal."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from clinic.booking import services as booking
from clinic.models import (
    Appointment,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Runner,
    ScheduleChange,
)
from tests.clinic.booking.factories import (
    follow_up,
    local,
    next_weekday,
    roadmap,
)

pytestmark = pytest.mark.django_db

NEW_RUNNER = {
    "first_name": "Nina",
    "last_name": "Park",
    "email": "nina.park@example.test",
    "phone": "919-555-7788",
    "date_of_birth": datetime.date(1980, 5, 5),
}


def book(cast, starts_at, **overrides):
    details = {
        "location": cast.location,
        "clinician": cast.clinician,
        "appointment_type": follow_up(),
        "starts_at": starts_at,
        "runner": cast.runner_a,
    }
    details.update(overrides)
    return booking.book(**details)


def test_booking_in_hours_creates_the_appointment_in_utc(hours):
    tuesday = next_weekday(1)
    appointment = book(hours, local(tuesday, 10))
    assert appointment.starts_at == local(tuesday, 10)
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=45)
    assert appointment.status == Appointment.Status.BOOKED


def test_a_slot_outside_hours_is_refused(hours):
    with pytest.raises(booking.SlotUnavailable, match="isn't working"):
        book(hours, local(next_weekday(1), 16, 30))  # runs past 17:00


def test_a_slot_on_a_day_off_is_refused(hours):
    with pytest.raises(booking.SlotUnavailable, match="isn't working"):
        book(hours, local(next_weekday(5), 10))  # Saturday


def test_a_slot_during_time_off_is_refused(hours):
    tuesday = next_weekday(1)
    ScheduleChange.objects.create(
        clinician=hours.clinician, starts_at=local(tuesday, 9), ends_at=local(tuesday, 13)
    )
    with pytest.raises(booking.SlotUnavailable, match="isn't working"):
        book(hours, local(tuesday, 10))


def test_extra_hours_make_a_day_off_bookable(hours):
    saturday = next_weekday(5)
    ScheduleChange.objects.create(
        clinician=hours.clinician,
        kind=ScheduleChange.Kind.EXTRA_HOURS,
        location=hours.location,
        starts_at=local(saturday, 9),
        ends_at=local(saturday, 12),
    )
    assert book(hours, local(saturday, 10)).pk


def test_a_slot_in_the_past_is_refused(hours):
    with pytest.raises(booking.SlotUnavailable, match="too soon"):
        book(hours, timezone.now() - datetime.timedelta(days=1))


def test_a_slot_inside_the_minimum_notice_is_refused(hours, settings):
    tuesday = next_weekday(1)
    with pytest.raises(booking.SlotUnavailable, match="too soon"):
        book(hours, local(tuesday, 10), now=local(tuesday, 9))  # one hour's notice, two needed


def test_a_slot_beyond_the_horizon_is_refused(hours, settings):
    settings.BOOKING_HORIZON_DAYS = 2
    with pytest.raises(booking.SlotUnavailable, match="too far ahead"):
        book(hours, local(next_weekday(1), 10))


def test_a_clinician_is_never_double_booked(hours):
    tuesday = next_weekday(1)
    book(hours, local(tuesday, 10))
    with pytest.raises(booking.SlotUnavailable, match="just taken"):
        book(hours, local(tuesday, 10, 30), runner=hours.runner_b)
    assert Appointment.objects.count() == 1


def test_a_runner_is_never_in_two_appointments_at_once(hours):
    tuesday = next_weekday(1)
    book(hours, local(tuesday, 10))
    with pytest.raises(booking.SlotUnavailable, match="runner already has"):
        book(hours, local(tuesday, 10), clinician=hours.other_clinician)


def test_a_cancelled_appointment_frees_its_slot(hours):
    tuesday = next_weekday(1)
    first = book(hours, local(tuesday, 10))
    booking.cancel(appointment=first, reason="Runner is unwell")
    assert book(hours, local(tuesday, 10), runner=hours.runner_b).pk


def test_a_refused_booking_does_not_create_the_new_runner(hours):
    with pytest.raises(booking.SlotUnavailable):
        book(hours, local(next_weekday(5), 10), runner=None, new_runner=NEW_RUNNER)
    assert not Runner.objects.filter(email=NEW_RUNNER["email"]).exists()


def test_booking_a_new_runner_creates_their_record_at_the_location(hours):
    appointment = book(
        hours,
        local(next_weekday(1), 10),
        runner=None,
        new_runner=NEW_RUNNER,
        appointment_type=roadmap(),
    )
    runner = appointment.runner
    assert (runner.first_name, runner.location, runner.clinician) == (
        "Nina",
        hours.location,
        hours.clinician,
    )


def test_a_second_free_assessment_is_refused_by_email_or_phone(hours):
    book(
        hours,
        local(next_weekday(1), 10),
        runner=None,
        new_runner=NEW_RUNNER,
        appointment_type=roadmap(),
    )
    same_phone = {**NEW_RUNNER, "email": "other@example.test", "phone": "(919) 555 7788"}
    with pytest.raises(booking.AlreadyAssessed):
        book(
            hours,
            local(next_weekday(2), 10),
            runner=None,
            new_runner=same_phone,
            appointment_type=roadmap(),
        )


def test_a_cancelled_free_assessment_can_be_booked_again(hours):
    first = book(hours, local(next_weekday(1), 10), appointment_type=roadmap())
    booking.cancel(appointment=first, reason="Booked by mistake")
    assert book(hours, local(next_weekday(2), 10), appointment_type=roadmap()).pk


def test_confirmation_mail_goes_after_commit_with_an_ics_and_a_signed_link(
    hours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(hours, local(next_weekday(1), 10))
    (message,) = mail.outbox
    assert message.to == [hours.runner_a.email]
    assert "/booking/" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("appointment.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert f"UID:{appointment.code}@roadmap" in text


def test_no_mail_is_sent_when_the_booking_rolls_back(hours, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(booking.SlotUnavailable):
        book(hours, local(next_weekday(5), 10))
    assert mail.outbox == []


def test_a_confirmation_is_sent_once_even_if_the_task_runs_twice(
    hours, django_capture_on_commit_callbacks
):
    from clinic.notifications.tasks import send_deliveries

    with django_capture_on_commit_callbacks(execute=True):
        book(hours, local(next_weekday(1), 10))
    confirmation = Delivery.objects.get(kind=DeliveryKind.BOOKING_CONFIRMATION)
    send_deliveries(confirmation.kind, [confirmation.pk])  # the same task delivered again
    assert len(mail.outbox) == 1
    confirmation.refresh_from_db()
    assert confirmation.status == DeliveryStatus.SENT


def test_rescheduling_moves_the_appointment_and_rechecks_the_rules(hours):
    tuesday = next_weekday(1)
    appointment = book(hours, local(tuesday, 10))
    booking.reschedule(appointment=appointment, starts_at=local(tuesday, 14))
    assert appointment.starts_at == local(tuesday, 14)
    with pytest.raises(booking.SlotUnavailable):
        booking.reschedule(appointment=appointment, starts_at=local(next_weekday(6), 10))


def test_rescheduling_into_its_own_time_overlap_is_allowed(hours):
    tuesday = next_weekday(1)
    appointment = book(hours, local(tuesday, 10))
    booking.reschedule(appointment=appointment, starts_at=local(tuesday, 10, 30))
    assert appointment.starts_at == local(tuesday, 10, 30)


def test_cancelling_needs_a_reason(hours):
    appointment = book(hours, local(next_weekday(1), 10))
    with pytest.raises(booking.BookingError, match="reason"):
        booking.cancel(appointment=appointment, reason="  ")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_future_appointment_cannot_be_a_no_show(hours):
    appointment = book(hours, local(next_weekday(1), 10))
    with pytest.raises(booking.BookingError, match="no-show"):
        booking.set_attendance(appointment=appointment, status="no_show")


def test_arrival_is_recorded(hours):
    appointment = book(hours, local(next_weekday(1), 10))
    booking.set_attendance(appointment=appointment, status="arrived")
    assert appointment.status == Appointment.Status.ARRIVED


def test_booking_a_runners_roadmap_sends_the_intake_questionnaires(
    hours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(hours, local(next_weekday(1), 10), appointment_type=roadmap())
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2, subjects  # the confirmation and the questionnaires
    assert any("questionnaire" in subject.lower() for subject in subjects), subjects


def test_a_follow_up_sends_no_questionnaires(hours, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(hours, local(next_weekday(1), 10))
    assert len(mail.outbox) == 1
