"""The front desk's pages: the day view, booking a caller, cancelling, moving, attendance."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.models import Appointment, Runner
from tests.clinic.booking.factories import AppointmentFactory, local, next_weekday, roadmap

pytestmark = pytest.mark.django_db


def day_url(cast, day):
    return f"{reverse('clinic:schedule_day')}?location={cast.location.pk}&date={day}"


def booking_post(cast, **overrides):
    tuesday = next_weekday(1)
    data = {
        "location": cast.location.pk,
        "appointment_type": roadmap().pk,
        "clinician": cast.clinician.pk,
        "starts_at": f"{tuesday}T10:00",
        "first_name": "Nina",
        "last_name": "Park",
        "phone": "(919) 555-7788",
        "email": "nina@example.test",
        "date_of_birth": "1980-05-05",
        "concern": "Right knee after 10 km",
    }
    data.update(overrides)
    return data


def test_front_desk_lands_on_the_day_view(client, cast):
    client.force_login(cast.front_desk)
    response = client.get(reverse("clinic:home"))
    assert response["Location"] == reverse("clinic:schedule_day")


def test_day_view_shows_each_clinicians_appointments_and_open_slots(client, hours):
    tuesday = next_weekday(1)
    AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        starts_at=local(tuesday, 9),
    )
    client.force_login(hours.front_desk)
    page = client.get(day_url(hours, tuesday)).content.decode()
    assert hours.runner_a.full_name in page
    assert hours.clinician.get_full_name() in page
    assert hours.other_clinician.get_full_name() in page
    assert "9:00 AM" in page and "free" in page


def day_view_queries(client, cast, day):
    client.get(day_url(cast, day))  # warm the session and the user
    with CaptureQueriesContext(connection) as queries:
        response = client.get(day_url(cast, day))
    assert response.status_code == 200
    return len(queries)


def test_day_view_uses_the_same_number_of_queries_for_few_and_many_appointments(client, hours):
    tuesday = next_weekday(1)
    client.force_login(hours.front_desk)
    AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        starts_at=local(tuesday, 9),
    )
    few = day_view_queries(client, hours, tuesday)
    for hour in range(10, 17):
        for clinician in (hours.clinician, hours.other_clinician):
            AppointmentFactory(
                clinician=clinician, location=hours.location, starts_at=local(tuesday, hour)
            )
    many = day_view_queries(client, hours, tuesday)
    assert Appointment.objects.count() == 15
    # session, user, location, type, hours, changes, appointments, + the pickers and nav
    assert few == many == 10, (few, many)


def test_day_view_warns_of_appointments_outside_the_clinicians_hours(client, hours):
    tuesday = next_weekday(1)
    on = dict(clinician=hours.clinician, location=hours.location)
    AppointmentFactory(runner=hours.runner_a, starts_at=local(tuesday, 10), **on)  # in hours
    late = AppointmentFactory(runner=hours.runner_b, starts_at=local(tuesday, 17, 30), **on)
    early = AppointmentFactory(starts_at=local(tuesday, 8, 30), **on)  # runs past 9:00
    AppointmentFactory(
        starts_at=local(tuesday, 7),
        status=Appointment.Status.CANCELLED,
        cancel_reason="Runner asked",
        cancelled_at=local(tuesday, 6),
        **on,
    )
    client.force_login(hours.front_desk)
    page = client.get(day_url(hours, tuesday)).content.decode()
    assert "2 appointments outside working hours." in page
    assert page.count("⚠ Outside working hours") == 2
    assert page.count('<span class="visually-hidden">, outside working hours</span>') == 2
    for appointment in (early, late):
        assert (
            appointment.get_absolute_url() in page.split('id="outside-hours"')[1].split("</div>")[0]
        )


def test_day_view_has_no_warning_when_everything_is_in_hours(client, hours):
    tuesday = next_weekday(1)
    AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        starts_at=local(tuesday, 16),
    )
    client.force_login(hours.front_desk)
    page = client.get(day_url(hours, tuesday)).content.decode()
    assert "outside working hours" not in page.lower()


def test_day_view_counts_outside_hours_in_the_same_number_of_queries(client, hours):
    tuesday = next_weekday(1)
    client.force_login(hours.front_desk)
    for hour in (6, 7, 18, 19, 20):
        AppointmentFactory(
            clinician=hours.clinician, location=hours.location, starts_at=local(tuesday, hour)
        )
    assert day_view_queries(client, hours, tuesday) == 10


def test_booking_a_new_caller_creates_runner_and_appointment(client, hours):
    client.force_login(hours.front_desk)
    response = client.post(reverse("clinic:book_appointment"), booking_post(hours))
    appointment = Appointment.objects.get()
    assert response["Location"] == appointment.get_absolute_url()
    assert appointment.runner.phone == "919-555-7788"
    assert appointment.booked_by == hours.front_desk
    assert appointment.starts_at == local(next_weekday(1), 10)


def test_booking_an_existing_runner_by_code(client, hours):
    client.force_login(hours.front_desk)
    data = booking_post(hours, runner=str(hours.runner_b.code), first_name="", last_name="")
    client.post(reverse("clinic:book_appointment"), data)
    assert Appointment.objects.get().runner == hours.runner_b
    assert Runner.objects.count() == 2


def test_runner_search_finds_by_phone_however_typed(client, hours):
    client.force_login(hours.front_desk)
    digits = str(hours.runner_b.phone.national_number)
    response = client.get(
        reverse("clinic:booking_runner_search"), {"q": f"({digits[:3]}) {digits[3:]}"}
    )
    assert hours.runner_b.full_name in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "doesn&#x27;t look like a phone number"),
        ("email", "nina@", "valid email"),
        ("starts_at", "next tuesday", "valid date and time"),
        ("clinician", "999999", "Select a valid choice"),
        ("runner", "not-a-uuid", "valid UUID"),
        ("date_of_birth", "2999-01-01", "in the past"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(client, hours, field, value, message):
    client.force_login(hours.front_desk)
    response = client.post(
        reverse("clinic:book_appointment"), booking_post(hours, **{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appointment.objects.exists()
    assert Runner.objects.count() == 2


def test_a_taken_slot_says_so_and_offers_the_next_free_ones(client, hours):
    tuesday = next_weekday(1)
    AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        starts_at=local(tuesday, 10),
    )
    client.force_login(hours.front_desk)
    response = client.post(reverse("clinic:book_appointment"), booking_post(hours))
    page = response.content.decode()
    assert "That slot was just taken" in page
    assert 'name="pick"' in page
    assert 'value="Nina"' in page  # what the desk typed is kept


def test_a_slot_on_a_day_off_is_refused_with_a_message(client, hours):
    client.force_login(hours.front_desk)
    saturday = next_weekday(5)
    response = client.post(
        reverse("clinic:book_appointment"), booking_post(hours, starts_at=f"{saturday}T10:00")
    )
    assert "isn&#x27;t working" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("role", ["runner_a", "runner_b"])
def test_runners_cannot_post_the_booking_form(client, hours, role):
    client.force_login(hours.user(role))
    response = client.post(reverse("clinic:book_appointment"), booking_post(hours))
    assert response.status_code == 403
    assert not Appointment.objects.exists()


def test_anonymous_booking_post_goes_to_login(client, hours):
    response = client.post(reverse("clinic:book_appointment"), booking_post(hours))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Appointment.objects.exists()


@pytest.fixture
def appointment(hours):
    return AppointmentFactory(
        runner=hours.runner_a,
        clinician=hours.clinician,
        location=hours.location,
        starts_at=local(next_weekday(1), 10),
    )


def test_cancel_with_a_reason(client, hours, appointment):
    client.force_login(hours.front_desk)
    url = reverse("clinic:appointment_cancel", kwargs={"code": appointment.code})
    client.post(url, {"reason": "Runner is unwell", "details": "flu"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.cancel_reason == "Runner is unwell: flu"


def test_cancel_with_other_needs_words(client, hours, appointment):
    client.force_login(hours.front_desk)
    url = reverse("clinic:appointment_cancel", kwargs={"code": appointment.code})
    response = client.post(url, {"reason": "other", "details": ""})
    assert response.status_code == 400
    assert "Please say why" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


@pytest.mark.parametrize("role", ["runner_a", "runner_b"])
def test_runners_cannot_cancel_through_the_desk_pages(client, hours, appointment, role):
    client.force_login(hours.user(role))
    url = reverse("clinic:appointment_cancel", kwargs={"code": appointment.code})
    assert client.post(url, {"reason": "Booked by mistake"}).status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_guessed_appointment_code_is_404(client, hours):
    client.force_login(hours.front_desk)
    url = reverse(
        "clinic:appointment_detail", kwargs={"code": "00000000-0000-0000-0000-000000000000"}
    )
    assert client.get(url).status_code == 404


def test_reschedule_to_an_open_slot(client, hours, appointment):
    client.force_login(hours.front_desk)
    url = reverse("clinic:appointment_reschedule", kwargs={"code": appointment.code})
    assert "2:00 PM" in client.get(url).content.decode()
    wednesday = next_weekday(2)
    client.post(url, {"start": f"{wednesday}T14:00", "clinician": hours.other_clinician.pk})
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.clinician) == (
        local(wednesday, 14),
        hours.other_clinician,
    )


def test_reschedule_to_a_tampered_time_is_refused(client, hours, appointment):
    client.force_login(hours.front_desk)
    url = reverse("clinic:appointment_reschedule", kwargs={"code": appointment.code})
    response = client.post(url, {"start": "yesterday"})
    assert response.status_code == 409
    appointment.refresh_from_db()
    assert appointment.starts_at == local(next_weekday(1), 10)


def test_mark_arrived(client, hours, appointment):
    client.force_login(hours.front_desk)
    url = reverse("clinic:appointment_attendance", kwargs={"code": appointment.code})
    client.post(url, {"status": "arrived"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED


def test_week_view_counts_free_slots_per_day(client, hours):
    client.force_login(hours.front_desk)
    tuesday = next_weekday(1)
    response = client.get(
        f"{reverse('clinic:schedule_week')}?location={hours.location.pk}&date={tuesday}"
    )
    assert "15 free" in response.content.decode()  # 9:00 to 16:00, every half hour
