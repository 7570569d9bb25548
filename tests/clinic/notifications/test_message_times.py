"""The time a person reads: every kind, for visits in New York and Los Angeles, on an ordinary
day and on both daylight-saving change days, states the location's wall clock with its zone
in the subject, the text and the HTML (the daily reminder: the runner's own clock).

A runner booked for 12:00 PM in Cary once read "5:00 PM (America/New_York)": UTC labelled local.
"""

import datetime
import email
import io
import zoneinfo
from email.generator import BytesGenerator
from email.policy import compat32
from unittest.mock import patch

import pytest
from django.core import mail

from clinic.booking.mail import compose_booking_mail
from clinic.booking.reminders import compose_appointment_reminders, reference
from clinic.models import Appointment, Channel, Delivery, DeliveryKind
from clinic.notifications.transports.base import Outgoing
from clinic.notifications.transports.email import EmailTransport
from intake.invitation import compose_invitations
from programs.daily_reminder import compose_daily_reminders
from tests.clinic.booking.factories import AppointmentFactory
from tests.clinic.notifications.factories import on_program, prefer
from tests.factories import LocationFactory, RunnerFactory

pytestmark = pytest.mark.django_db

ZONES = {
    # zone: (location, abbreviation on the ordinary day, on 8 March, on 1 November)
    "America/New_York": ("Cary", {"2026-11-30": "EST", "2026-03-08": "EDT", "2026-11-01": "EST"}),
    "America/Los_Angeles": (
        "Santa Monica",
        {"2026-11-30": "PST", "2026-03-08": "PDT", "2026-11-01": "PST"},
    ),
}
DAYS = ["2026-11-30", "2026-03-08", "2026-11-01"]  # ordinary, spring forward, fall back
CASES = [(zone, day) for zone in ZONES for day in DAYS]

VISIT_KINDS = {
    DeliveryKind.BOOKING_CONFIRMATION: compose_booking_mail,
    DeliveryKind.BOOKING_CHANGE: compose_booking_mail,
    DeliveryKind.BOOKING_CANCELLATION: compose_booking_mail,
    DeliveryKind.APPOINTMENT_REMINDER: compose_appointment_reminders,
    DeliveryKind.INTAKE_INVITATION: compose_invitations,
}
SMS_KINDS = [kind for kind in VISIT_KINDS if kind != DeliveryKind.INTAKE_INVITATION]


def noon_visit(zone: str, day: str) -> Appointment:
    name, _ = ZONES[zone]
    location = LocationFactory(name=name, time_zone=zone, address=f"1 Main St, {name}")
    starts = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(12), tzinfo=zoneinfo.ZoneInfo(zone)
    )
    runner = RunnerFactory(location=location, time_zone=zone, phone="919-555-0101")
    return AppointmentFactory(runner=runner, location=location, starts_at=starts)


def compose(kind: str, appointment: Appointment, channel: str):
    if kind == DeliveryKind.BOOKING_CANCELLATION:  # its visit is cancelled; the others booked
        Appointment.objects.filter(pk=appointment.pk).update(
            status=Appointment.Status.CANCELLED,
            cancel_reason="Ill",
            cancelled_at=appointment.starts_at,
        )
    ref = (
        str(appointment.code)
        if kind == DeliveryKind.INTAKE_INVITATION
        else reference(appointment.code, appointment.starts_at)
    )
    delivery = Delivery.objects.create(
        runner=appointment.runner,
        kind=kind,
        local_date=appointment.starts_at.date(),
        reference=ref,
        channel=channel,
    )
    delivery = Delivery.objects.select_related("runner", "runner__location").get(pk=delivery.pk)
    # The reminder goes the day before the visit; composed then, not months later.
    before = appointment.starts_at - datetime.timedelta(hours=24)
    with patch("django.utils.timezone.now", return_value=before):
        composed = VISIT_KINDS[kind]([delivery])[delivery.pk]
    assert not composed.skip_reason, composed.skip_reason
    return composed


@pytest.mark.parametrize(("zone", "day"), CASES)
@pytest.mark.parametrize("kind", list(VISIT_KINDS))
def test_email_states_the_visits_local_clock_time_and_zone(kind, zone, day):
    appointment = noon_visit(zone, day)
    message = compose(kind, appointment, Channel.EMAIL)
    clock = f"12:00 PM {ZONES[zone][1][day]}"
    weekday = datetime.date.fromisoformat(day).strftime("%A")
    assert clock in message.subject and weekday in message.subject, message.subject
    assert clock in message.text
    assert clock in message.html
    assert "UTC" not in message.subject + message.text + message.html


@pytest.mark.parametrize(("zone", "day"), CASES)
@pytest.mark.parametrize("kind", SMS_KINDS)
def test_text_message_states_the_visits_local_clock_time_and_zone(kind, zone, day):
    appointment = noon_visit(zone, day)
    message = compose(kind, appointment, Channel.SMS)
    assert f"12:00 PM {ZONES[zone][1][day]}" in message.sms


def daily_reminder(zone: str, day: str, **runner):
    name, _ = ZONES[zone]
    local_date = datetime.date.fromisoformat(day)
    runner = RunnerFactory(
        location=LocationFactory(name=name, time_zone=zone),
        time_zone=zone,
        phone="919-555-0101",
        **runner,
    )
    on_program(runner, start=local_date - datetime.timedelta(days=1))
    prefer(runner, remind_at=datetime.time(18, 0))
    delivery = Delivery.objects.create(
        runner=runner, kind=DeliveryKind.DAILY_EXERCISE, local_date=local_date, channel="email"
    )
    delivery = Delivery.objects.select_related(
        "runner", "runner__location", "runner__reminder_preference"
    ).get(pk=delivery.pk)
    return delivery, compose_daily_reminders([delivery])[delivery.pk]


@pytest.mark.parametrize(("zone", "day"), CASES)
def test_daily_reminder_states_the_runners_own_day_and_time(zone, day):
    abbreviations = ZONES[zone][1]
    local_date = datetime.date.fromisoformat(day)
    _, message = daily_reminder(zone, day)
    clock = f"6:00 PM {abbreviations[day]}"
    weekday = local_date.strftime("%A")
    assert clock in message.subject and weekday in message.subject, message.subject
    assert clock in message.text and local_date.strftime("%A %-d %B") in message.text
    assert clock in message.html and local_date.strftime("%A %-d %B") in message.html


def test_subjects_are_never_html_escaped(cast):
    appointment = noon_visit("America/New_York", "2026-11-30")
    message = compose(DeliveryKind.INTAKE_INVITATION, appointment, Channel.EMAIL)
    assert message.subject.startswith("Before your Runner's Roadmap")
    assert "&#x27;" not in message.subject + message.text


def test_email_is_multipart_with_the_practices_letterhead(cast):
    appointment = noon_visit("America/New_York", "2026-11-30")
    location = appointment.location
    location.phone = "919-555-0100"
    location.save()
    message = compose(DeliveryKind.BOOKING_CONFIRMATION, appointment, Channel.EMAIL)
    for part in (message.text, message.html):
        assert "Roadmap Physiotherapy, Cary" in part
        assert location.address in part
        assert "(919) 555-0100" in part
    assert message.attachments[0][0] == "appointment.ics"


def sent_email(composed, key: str, to: str = "zoe@example.test"):
    """`composed` handed to the email transport as the ledger does; the message Django sent."""
    transport = EmailTransport()
    transport.send(
        Outgoing(
            key=key,
            to=to,
            subject=composed.subject,
            text=composed.text,
            html=composed.html,
            headers=composed.headers,
            attachments=composed.attachments,
        )
    )
    transport.close()
    return mail.outbox[-1]


def library_bytes(mime) -> bytes:
    """The message as the standard library writes it (Django's own `as_bytes` policy)."""
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=compat32).flatten(mime, linesep="\n")
    return out.getvalue()


@pytest.mark.parametrize("kind", [*VISIT_KINDS, DeliveryKind.DAILY_EXERCISE])
def test_every_kind_is_written_byte_for_byte_as_the_standard_library_writes_it(kind):
    """The transport's quicker header folding and boundary change no byte of any kind's
    message: long subjects, the long unsubscribe header, a name with accents, the .ics."""
    if kind == DeliveryKind.DAILY_EXERCISE:
        delivery, composed = daily_reminder(
            "America/New_York", "2026-11-30", user__first_name="Zoë", user__last_name="Ångström"
        )
    else:
        appointment = noon_visit("America/Los_Angeles", "2026-11-01")
        composed = compose(kind, appointment, Channel.EMAIL)
        delivery = Delivery.objects.latest("pk")
    composed.subject += " — with a long tail that no one line of 78 characters can hold"
    mime = sent_email(composed, key=str(delivery.code)).message()
    written = mime.as_bytes(linesep="\n")
    assert written == library_bytes(mime)
    assert f'boundary="==roadmap.{delivery.code}=="'.encode() in written


def test_a_body_that_holds_the_boundary_gets_another_one(cast):
    """A part containing the key's boundary would split the message there; it gets another."""
    _, composed = daily_reminder("America/New_York", "2026-11-30")
    key = "0b6f0a1e-6b8e-4a44-9d1c-0f1e2d3c4b5a"
    composed.text = f"Before\n--==roadmap.{key}==\nafter\n"
    written = sent_email(composed, key=key).message().as_bytes()
    parsed = email.message_from_bytes(written)
    text, html = (part.get_payload(decode=True).decode() for part in parsed.get_payload())
    assert text == composed.text
    assert html == composed.html
