"""Runner accounts without the Django admin: invited through the outbox when the desk books or
a clinician assigns a program or on demand; the link sets a password once, expires, lands on
Today; staff see who has activated."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from clinic.models import Delivery, DeliveryKind, Role, Runner, User
from clinic.trust import invitations
from tests.clinic.booking.factories import WorkingHoursFactory, follow_up, next_weekday, roadmap
from tests.factories import RunnerFactory, practice_today
from tests.programs.factories import foundations

pytestmark = pytest.mark.django_db
PASSWORD = "stride-long-7-hills"


def _link(message) -> str:
    return re.search(r"https?://\S+/welcome/\S+/", message.body).group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def caller(cast):
    """A caller booked by phone: a runner record with no login."""
    return RunnerFactory(
        user=None,
        first_name="Nina",
        last_name="Park",
        email="nina.park@example.test",
        location=cast.location,
    )


def test_the_front_desk_booking_a_new_caller_invites_them(
    client, cast, django_capture_on_commit_callbacks
):
    WorkingHoursFactory(clinician=cast.clinician, location=cast.location, weekday=1)
    client.force_login(cast.front_desk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("clinic:book_appointment"),
            {
                "location": cast.location.pk,
                "appointment_type": roadmap().pk,
                "clinician": cast.clinician.pk,
                "starts_at": f"{next_weekday(1)}T10:00",
                "first_name": "Nina",
                "last_name": "Park",
                "email": "nina@example.test",
                "phone": "919-555-7788",
            },
        )
    runner = Runner.objects.get(email="nina@example.test")
    assert runner.invited_at is not None and runner.activated_at is None
    invitation = [m for m in mail.outbox if "login" in m.subject]
    assert len(invitation) == 1 and invitation[0].to == ["nina@example.test"]
    assert "/welcome/" in invitation[0].body


def test_the_link_sets_a_password_signs_in_and_lands_on_today(
    client, caller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(runner=caller)
    link = _path(_link(mail.outbox[-1]))
    assert "Welcome, Nina" in client.get(link).content.decode()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("programs:today")
    caller.refresh_from_db()
    assert caller.activated_at is not None
    assert caller.user.role == Role.RUNNER and caller.user.check_password(PASSWORD)
    assert client.get(reverse("programs:today")).status_code == 200  # signed in as them


def test_the_link_works_once(client, caller):
    invitations.invite(runner=caller)
    caller.refresh_from_db()
    link = _path(invitations.activation_url(caller))
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.get(link)
    assert response.status_code == 404
    assert "expired or was used" in response.content.decode()


def test_the_link_expires(client, caller, monkeypatch):
    invitations.invite(runner=caller)
    caller.refresh_from_db()
    link = _path(invitations.activation_url(caller))
    monkeypatch.setattr(invitations, "INVITATION_MAX_AGE", datetime.timedelta(seconds=-1))
    assert client.get(link).status_code == 404


def test_a_new_invitation_retires_the_old_link(client, caller):
    invitations.invite(runner=caller)
    caller.refresh_from_db()
    old = _path(invitations.activation_url(caller))
    invitations.invite(runner=caller, force=True)
    assert client.get(old).status_code == 404


def test_mismatched_or_weak_passwords_are_refused_at_the_field(client, caller):
    invitations.invite(runner=caller)
    caller.refresh_from_db()
    link = _path(invitations.activation_url(caller))
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 400 and "differ" in response.content.decode()
    response = client.post(link, {"password1": "123", "password2": "123"})
    assert response.status_code == 400
    caller.refresh_from_db()
    assert caller.activated_at is None and caller.user is None


def test_a_runner_booked_by_phone_only_gives_their_email_on_activation(client, cast):
    runner = RunnerFactory(
        user=None, first_name="Ola", last_name="Berg", email="", location=cast.location
    )
    invitations.invite(runner=runner)
    runner.refresh_from_db()
    assert Delivery.objects.get(kind=DeliveryKind.ACCOUNT_INVITATION).runner == runner
    link = _path(invitations.activation_url(runner))
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400  # the email is needed
    client.post(link, {"email": "New@Example.test", "password1": PASSWORD, "password2": PASSWORD})
    runner.refresh_from_db()
    assert runner.user.email == "new@example.test" and runner.email == "new@example.test"


def test_an_email_that_is_a_staff_login_is_refused(client, cast):
    runner = RunnerFactory(
        user=None,
        first_name="Robin",
        last_name="Twin",
        email=cast.front_desk.email,
        location=cast.location,
    )
    invitations.invite(runner=runner)
    runner.refresh_from_db()
    response = client.post(
        _path(invitations.activation_url(runner)),
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    assert "already has a login" in response.content.decode()
    assert User.objects.get(email=cast.front_desk.email).role == Role.FRONT_DESK


def test_booking_twice_in_a_day_sends_one_invitation_and_activated_runners_none(cast, caller):
    assert invitations.invite(runner=caller) is not None
    assert invitations.invite(runner=caller) is None
    cast.runner_a.activated_at = cast.runner_a.created_at
    cast.runner_a.save()
    assert invitations.invite(runner=cast.runner_a, force=True) is None


def test_staff_send_it_from_the_runners_page_and_see_when(client, cast, caller):
    client.force_login(cast.front_desk)
    page = client.get(caller.get_absolute_url()).content.decode()
    assert "Never invited" in page and "Send an invitation" in page
    client.post(reverse("clinic:runner_invite", kwargs={"code": caller.code}))
    page = client.get(caller.get_absolute_url()).content.decode()
    assert "Invitation last sent" in page and "Send the invitation again" in page
    assert Delivery.objects.filter(kind=DeliveryKind.ACCOUNT_INVITATION, runner=caller).count() == 1


def test_staff_see_who_has_activated(client, cast, caller):
    cast.runner_a.activated_at = cast.runner_a.created_at
    cast.runner_a.save()
    invitations.invite(runner=caller)
    client.force_login(cast.front_desk)
    page = client.get(reverse("clinic:runner_list")).content.decode()
    assert "activated" in page and "invited" in page


def test_a_clinician_assigning_a_program_invites_the_runner(client, cast, caller):
    client.force_login(cast.clinician)
    client.post(
        f"/programs/runners/{caller.code}/assign/",
        {
            "protocol": foundations().pk,
            "start_date": practice_today(),
            "length_weeks": 6,
        },
    )
    caller.refresh_from_db()
    assert caller.invited_at is not None


def test_the_invitation_is_skipped_once_they_have_activated(cast, caller):
    from clinic.notifications.kinds import Composed

    invitations.invite(runner=caller)
    delivery = Delivery.objects.get(kind=DeliveryKind.ACCOUNT_INVITATION)
    Runner.objects.filter(pk=caller.pk).update(activated_at=caller.created_at)
    delivery.runner.refresh_from_db()
    composed = invitations.compose_invitations([delivery])[delivery.pk]
    assert isinstance(composed, Composed) and "set up already" in composed.skip_reason


def test_follow_up_bookings_invite_too(cast, caller, client):
    WorkingHoursFactory(clinician=cast.clinician, location=cast.location, weekday=2)
    client.force_login(cast.front_desk)
    client.post(
        reverse("clinic:book_appointment"),
        {
            "location": cast.location.pk,
            "appointment_type": follow_up().pk,
            "clinician": cast.clinician.pk,
            "starts_at": f"{next_weekday(2)}T10:00",
            "runner": caller.code,
        },
    )
    caller.refresh_from_db()
    assert caller.invited_at is not None


def test_the_staff_runner_page_shows_their_visits_at_a_glance(client, cast):
    from tests.clinic.booking.factories import AppointmentFactory, local

    AppointmentFactory(
        runner=cast.runner_a,
        clinician=cast.clinician,
        location=cast.location,
        starts_at=local(next_weekday(2), 10),
    )
    client.force_login(cast.front_desk)
    page = client.get(cast.runner_a.get_absolute_url()).content.decode()
    assert "Follow-up visit with " + cast.clinician.get_full_name() in page
