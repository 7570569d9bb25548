"""Data rights: a runner's own download, the admin's export, and anonymising a departed runner."""

import dataclasses
import datetime
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from auditlog.models import LogEntry
from django.db import models
from django.urls import reverse

from clinic.models import AccessLog, Runner
from clinic.trust import data_rights
from intake.models import RunnerHistory, Screening
from tests.intake.factories import QuestionnaireResponseFactory, ScreeningFactory, override

MY_DATA = reverse("clinic:my_data")
MY_JSON = reverse("clinic:my_data_json")


@pytest.fixture
def record(cast):
    """Runner A with a birth date, a history, a flagged screening with an override, scores."""
    runner = cast.runner_a
    # Names no other member of the cast (random Faker names) can share.
    runner.first_name, runner.last_name = "Zebedee", "Quillfeather"
    runner.date_of_birth = datetime.date(1979, 4, 12)
    runner.save()
    runner.user.first_name, runner.user.last_name = runner.first_name, runner.last_name
    runner.user.save()
    RunnerHistory.objects.create(
        runner=runner, previous_injuries="Left ACL repair 2015, Dr Smith", next_race="Boston"
    )
    screening = ScreeningFactory(
        runner=runner, clinician=cast.clinician, findings_notes=f"{runner.first_name} says hi"
    )
    override(screening, "locked_knee", reason=f"Cleared by {runner.last_name}'s surgeon")
    QuestionnaireResponseFactory(runner=runner)
    return runner


def test_runner_downloads_everything_as_readable_html(client, cast, record):
    client.force_login(record.user)
    page = client.get(MY_DATA).content.decode()
    for expected in ("Your data", record.last_name, "1979", "Screenings", "Left ACL repair"):
        assert expected in page
    assert "Download (JSON)" in page


def test_runner_downloads_everything_as_json(client, cast, record):
    client.force_login(record.user)
    response = client.get(MY_JSON)
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["runner"] == str(record.code)
    assert data["areas"]["clinic"]["Profile"]["last name"] == record.last_name
    assert data["areas"]["clinic"]["Profile"]["date of birth"] == "1979-04-12"
    assert len(data["areas"]["intake"]["Screenings"]) == 1
    assert data["areas"]["intake"]["Questionnaires"][0]["scores"] == {"total": 4}


def test_runner_b_download_holds_nothing_of_runner_a(client, cast, record):
    client.force_login(cast.runner_b.user)
    body = client.get(MY_JSON).content.decode()
    assert record.last_name not in body and "Left ACL" not in body


def test_export_lists_who_opened_the_record(client, cast, record):
    client.force_login(cast.clinician)
    client.get(record.get_absolute_url())
    client.force_login(record.user)
    data = json.loads(client.get(MY_JSON).content)
    opened = data["areas"]["clinic"]["Who opened your record"]
    assert [(row["who"], row["what"]) for row in opened][0] == (
        str(cast.clinician),
        "runner record",
    )


def test_admin_exports_a_runner_and_the_export_is_logged(client, cast, record):
    client.force_login(cast.admin)
    url = reverse("clinic:runner_data_json", kwargs={"code": record.code})
    data = json.loads(client.get(url).content)
    assert data["areas"]["clinic"]["Profile"]["first name"] == record.first_name
    assert AccessLog.objects.filter(actor=cast.admin, what="data export (JSON)").exists()


def test_every_app_holding_runner_data_contributes_to_the_export():
    from tests.clinic.trust.test_audit_trail import _holds_runner_data

    exporting = {area.label for area in data_rights.areas()}
    holding = {
        config.label
        for config in data_rights.project_app_configs()
        for model in config.get_models()
        if _holds_runner_data(model)
    }
    assert holding - exporting == set(), "register these apps' areas with data_rights"


ANONYMISE = "clinic:runner_anonymise"


def anonymise(client, cast, runner, typed):
    client.force_login(cast.admin)
    url = reverse(ANONYMISE, kwargs={"code": runner.code})
    return client.post(url, {"confirm_name": typed})


def test_anonymising_needs_the_runners_name_typed(client, cast, record):
    response = anonymise(client, cast, record, "Someone Else")
    assert response.context["form"].errors["confirm_name"] == ["That is not this runner's name."]
    record.refresh_from_db()
    assert record.anonymised_at is None and record.last_name != "runner"


def test_anonymising_removes_what_identifies_and_keeps_statistics(client, cast, record):
    name = (record.first_name, record.last_name)
    email = record.user.email
    TOTP.activate(record.user, generate_totp_secret())
    response = anonymise(client, cast, record, f"  {name[0].lower()}   {name[1]} ")
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.first_name, record.last_name) == ("Anonymised", "runner")
    assert record.date_of_birth is None and record.birth_year == 1979
    assert record.phone == record.email == ""
    assert record.location == cast.location and record.clinician == cast.clinician
    user = record.user
    assert not user.is_active and not user.has_usable_password() and user.email != email
    assert not Authenticator.objects.filter(user=user).exists()
    screening = Screening.objects.get(runner=record)
    assert screening.findings_notes == "" and screening.hip_ir_left == 34  # measurement kept
    history = RunnerHistory.objects.get(runner=record)
    assert history.previous_injuries == "" and history.next_race == ""
    assert AccessLog.objects.filter(runner=record, what="anonymised").exists()


def test_anonymising_leaves_no_name_in_the_change_history(client, cast, record):
    name, email = record.last_name, record.user.email
    anonymise(client, cast, record, record.full_name)
    for entry in LogEntry.objects.all():
        text = json.dumps(entry.changes) + entry.object_repr + entry.changes_text
        text += json.dumps(entry.serialized_data or {})
        assert name not in text and email not in text and "ACL" not in text, entry


def test_an_anonymised_runner_can_no_longer_log_in(client, cast, record, password):
    email = record.user.email
    anonymise(client, cast, record, record.full_name)
    client.logout()
    client.post(reverse("account_login"), {"login": email, "password": password})
    assert "_auth_user_id" not in client.session


def test_anonymising_is_all_or_nothing(cast, record, monkeypatch):
    def fail(runner):
        raise RuntimeError("intake failed half-way")

    intake = next(area for area in data_rights.areas() if area.label == "intake")
    monkeypatch.setitem(data_rights._AREAS, "intake", dataclasses.replace(intake, anonymise=fail))
    with pytest.raises(RuntimeError):
        data_rights.anonymise_runner(record)
    record.refresh_from_db()
    assert record.anonymised_at is None and record.last_name != "runner"


def test_the_runner_model_keeps_no_identifier_after_anonymising(cast, record):
    data_rights.anonymise_runner(record)
    record.refresh_from_db()
    personal = [
        f.name
        for f in Runner._meta.concrete_fields
        if (isinstance(f, models.CharField) or type(f) is models.DateField)
        and f.name not in ("time_zone", "first_name", "last_name")
    ]
    assert personal  # phone, email, date of birth: a new personal field lands here too
    assert {name: getattr(record, name) for name in personal if getattr(record, name)} == {}


def test_my_data_pages_long_tables_and_the_downloads_keep_every_row(client, cast):
    from clinic.models import AccessLog

    AccessLog.objects.bulk_create(
        AccessLog(
            actor=cast.clinician,
            actor_role=cast.clinician.role,
            runner=cast.runner_a,
            runner_code=cast.runner_a.code,
            what=f"visit {n:02d}",
            path="/",
        )
        for n in range(45)
    )
    client.force_login(cast.runner_a.user)
    first = client.get(reverse("clinic:my_data")).content.decode()
    assert "visit 00" in first and "visit 20" not in first
    assert "of 46" in first  # the 45 entries and this page's own
    section = next(
        s
        for a in client.get(reverse("clinic:my_data")).context["areas"]
        for s in a["sections"]
        if s["title"] == "Who opened your record"
    )
    second = client.get(reverse("clinic:my_data"), {section["key"]: 2}).content.decode()
    assert "visit 20" in second and "visit 00" not in second
    download = client.get(reverse("clinic:my_data_json")).content.decode()
    assert "visit 44" in download
