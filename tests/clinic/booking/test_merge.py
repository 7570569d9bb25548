"""Two records of one person made one: every row moves, one login stays, the duplicate leaves
every search, and the access log names both records and who merged them."""

import datetime

import pytest
from django.urls import reverse

from clinic.booking import identity
from clinic.booking.merge import MergeRefused, merge_runners, related_counts, relations
from clinic.models import AccessLog, Appointment, Delivery, DeliveryKind, ReminderPreference, Runner
from intake.models import QuestionnaireResponse, Screening
from programs.models import Program
from tests.clinic.booking.factories import AppointmentFactory, local, next_weekday
from tests.factories import RunnerFactory
from tests.intake.factories import QuestionnaireResponseFactory, ScreeningFactory
from tests.programs.factories import start_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(cast):
    """Runner A again, booked online under a work email and another phone, with no login."""
    runner = RunnerFactory(
        user=None,
        first_name="Maren",
        last_name="Quillfeather",
        email="m.quillfeather@work.example.test",
        phone="+19195550177",
        date_of_birth=datetime.date(1990, 4, 2),
        location=cast.location,
    )
    AppointmentFactory(
        runner=runner,
        clinician=cast.other_clinician,
        location=cast.location,
        starts_at=local(next_weekday(3), 11),
    )
    ScreeningFactory(runner=runner, clinician=cast.clinician)
    QuestionnaireResponseFactory(runner=runner)
    ReminderPreference.objects.create(runner=runner, channel="sms")
    Delivery.objects.create(
        runner=runner,
        kind=DeliveryKind.BOOKING_CONFIRMATION,
        channel="email",
        local_date=datetime.date(2026, 1, 5),
        reference="booking",
    )
    return runner


def test_everything_moves_and_the_duplicate_leaves_every_search(cast, duplicate):
    survivor = cast.runner_a
    ReminderPreference.objects.create(runner=survivor, channel="email")

    result = merge_runners(survivor, duplicate, by=cast.clinician)

    assert Appointment.objects.filter(runner=survivor).count() == 1
    assert Screening.objects.filter(runner=survivor).count() == 1
    assert QuestionnaireResponse.objects.filter(runner=survivor).count() == 1
    assert Delivery.objects.filter(runner=survivor).count() == 1
    assert ReminderPreference.objects.get(runner=survivor).channel == "email"  # the survivor's
    assert result.moved["appointments"] == 1
    # No row of any table still points at the duplicate (the access log stays: append-only)
    assert not any(related_counts(duplicate).values())
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor and duplicate.merged_at
    assert duplicate not in Runner.objects.search("Quillfeather")
    assert list(identity.runners_matching(email="m.quillfeather@work.example.test")) == []
    assert list(Runner.objects.for_clinician(cast.clinician)) == [survivor]
    # The survivor keeps its contact details, takes the blank date of birth
    survivor.refresh_from_db()
    assert survivor.email == "runner.a@example.test"
    assert survivor.date_of_birth == datetime.date(1990, 4, 2)


def test_the_access_log_names_both_records_and_who_merged(cast, duplicate):
    merge_runners(cast.runner_a, duplicate, by=cast.clinician, where={"path": "/x/"})
    kept = AccessLog.objects.get(runner=cast.runner_a)
    gone = AccessLog.objects.get(runner=duplicate)
    assert kept.actor == gone.actor == cast.clinician
    assert str(duplicate.code) in kept.what and str(cast.runner_a.code) in gone.what


def test_staff_choose_which_details_to_keep(cast, duplicate):
    merge_runners(cast.runner_a, duplicate, by=cast.admin, take=["email", "phone", "user"])
    survivor = Runner.objects.get(pk=cast.runner_a.pk)
    assert survivor.email == "m.quillfeather@work.example.test"
    assert survivor.phone.as_e164 == "+19195550177"
    assert survivor.user == cast.runner_a.user  # "user" isn't a detail one can take


def test_a_duplicates_login_moves_to_a_survivor_without_one(cast):
    survivor = RunnerFactory(
        user=None, first_name="Maren", last_name="Quillfeather", email="", location=cast.location
    )
    login = cast.runner_a.user
    merge_runners(survivor, cast.runner_a, by=cast.clinician)
    survivor.refresh_from_db()
    assert survivor.user == login
    assert Runner.objects.get(pk=cast.runner_a.pk).user is None


def test_a_program_moves_with_everything_hanging_off_it(cast):
    duplicate = RunnerFactory(
        user=None, first_name="Maren", last_name="Q", email="", location=cast.location
    )
    program = start_program(duplicate, by=cast.clinician)
    merge_runners(cast.runner_a, duplicate, by=cast.clinician)
    program.refresh_from_db()
    assert program.runner == cast.runner_a
    assert not any(related_counts(duplicate).values())


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "into itself"),
        ("both_logins", "Both records have a login"),
        ("both_programs", "Both records have a current program"),
        ("already_merged", "already been merged"),
    ],
)
def test_refusals_change_nothing(cast, duplicate, case, message):
    survivor, other = cast.runner_a, duplicate
    if case == "itself":
        other = survivor
    elif case == "both_logins":
        other = cast.runner_b
    elif case == "both_programs":
        start_program(survivor, by=cast.clinician)
        start_program(duplicate, by=cast.clinician)
    elif case == "already_merged":
        merge_runners(cast.runner_b, duplicate, by=cast.clinician)
        other = Runner.objects.get(pk=duplicate.pk)
    before = related_counts(other)
    with pytest.raises(MergeRefused, match=message):
        merge_runners(survivor, other, by=cast.clinician)
    assert related_counts(other) == before
    assert Program.objects.filter(runner=survivor).count() == (case == "both_programs")


def test_every_relation_to_a_runner_is_moved_or_kept_on_purpose():
    """A table added later that points at a runner is moved by the merge without being listed;
    only the append-only access log stays with the record it names."""
    moved = {rel.related_model for rel in relations()}
    kept = {rel.related_model for rel in Runner._meta.related_objects} - moved
    assert kept == {AccessLog}
    assert {Appointment, Screening, QuestionnaireResponse, Program, Delivery} <= moved


# The page


def test_clinical_staff_compare_side_by_side_then_merge(client, cast, duplicate):
    client.force_login(cast.clinician)
    url = reverse("clinic:runner_merge", kwargs={"code": cast.runner_a.code})
    search = client.get(url)
    assert str(duplicate.code) in search.content.decode()  # same name: offered before searching
    preview = client.get(url, {"other": duplicate.code})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "m.quillfeather@work.example.test" in page and "Appointments" in page
    assert "Screenings" in page and "Questionnaire responses" in page

    merged = client.post(url, {"other": duplicate.code, "take": ["phone"]}, follow=True)
    assert merged.redirect_chain[-1][0] == cast.runner_a.get_absolute_url()
    assert "Merged Maren Quillfeather" in merged.content.decode()
    assert Runner.objects.get(pk=duplicate.pk).merged_into == cast.runner_a
    assert Runner.objects.get(pk=cast.runner_a.pk).phone.as_e164 == "+19195550177"
    # The duplicate's old address now leads to the record it was merged into
    old = client.get(reverse("clinic:runner_detail", kwargs={"code": duplicate.code}))
    assert old.url == cast.runner_a.get_absolute_url()


def test_a_refused_merge_says_why(client, cast):
    client.force_login(cast.admin)
    url = reverse("clinic:runner_merge", kwargs={"code": cast.runner_a.code})
    response = client.post(url, {"other": cast.runner_b.code})
    assert response.status_code == 409
    assert "Both records have a login" in response.content.decode()
    assert Runner.objects.get(pk=cast.runner_b.pk).merged_into is None


def test_the_front_desk_may_not_merge(client, cast, duplicate):
    client.force_login(cast.front_desk)
    url = reverse("clinic:runner_merge", kwargs={"code": cast.runner_a.code})
    assert client.post(url, {"other": duplicate.code}).status_code == 403
    assert Runner.objects.get(pk=duplicate.pk).merged_into is None
