"""A runner's record as a FHIR R4B Bundle: valid by fhir.resources' R4B models, complete, audited
on every way out (the data-rights page, the API, the management command)."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from clinic.models import AccessLog, ApiToken, Appointment
from intake.fhir import runner_bundle, runner_bundle_json
from intake.questionnaires import items, score
from intake.services import record_response
from tests.intake.factories import visit_of

# R4B value sets the models leave as free codes; the bundle must use their codes.
APPOINTMENT_STATUSES = {
    "proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
    "entered-in-error", "checked-in", "waitlist",
}  # fmt: skip
OBSERVATION_STATUSES = {"registered", "preliminary", "final", "amended"}


@pytest.fixture
def record(cast):
    """Runner A with two visits (one a no-show), a KOOS with a subscale left unscored, an NPRS."""
    runner = cast.runner_a
    visit_of(runner, cast.clinician, days_ago=14)
    visit_of(runner, cast.clinician, days_ago=7, status=Appointment.Status.NO_SHOW)
    koos = {item.code: 1 for item in items("koos")}
    for code in ("Q1", "Q2", "Q3"):  # QOL: one of four answered, under half: not scored
        koos[code] = None
    record_response(runner=runner, questionnaire="koos", answers=koos, source="runner")
    record_response(runner=runner, questionnaire="nprs", answers={"NPRS": 4}, source="runner")
    return runner


def resources(bundle, kind):
    return [entry.resource for entry in bundle.entry if entry.resource.__resource_type__ == kind]


def test_bundle_validates_against_the_r4b_models(record):
    data = json.loads(runner_bundle_json(record))
    bundle = Bundle.model_validate(data)  # raises on any structural error
    assert bundle.type == "collection"
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("Appointment") == 2
    assert kinds.count("QuestionnaireResponse") == 2
    assert kinds.count("Observation") == 5 + 1  # KOOS's five subscales, NPRS's one
    for appointment in resources(bundle, "Appointment"):
        assert appointment.status in APPOINTMENT_STATUSES
    for observation in resources(bundle, "Observation"):
        assert observation.status in OBSERVATION_STATUSES


def test_every_reference_points_into_the_bundle(record):
    bundle = runner_bundle(record)
    urls = {entry.fullUrl for entry in bundle.entry}
    references = [
        reference["reference"]
        for entry in json.loads(bundle.model_dump_json(exclude_none=True))["entry"]
        for reference in _references(entry["resource"])
    ]
    assert references and set(references) <= urls


def _references(node):
    if isinstance(node, dict):
        if "reference" in node:
            yield node
        for value in node.values():
            yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def test_scores_are_observations_derived_from_their_response(record):
    bundle = runner_bundle(record)
    nprs = next(
        r for r in resources(bundle, "QuestionnaireResponse") if r.questionnaire.endswith("nprs")
    )
    pain = next(o for o in resources(bundle, "Observation") if o.code.text == "Pain rating (NPRS)")
    assert pain.valueQuantity.value == 4
    assert pain.derivedFrom[0].reference == f"urn:uuid:{nprs.id}"
    assert nprs.item[0].answer[0].valueInteger == 4


def test_an_unscored_subscale_says_why_instead_of_a_value(record):
    bundle = runner_bundle(record)
    qol = next(o for o in resources(bundle, "Observation") if o.code.coding[0].code == "koos-qol")
    assert qol.valueQuantity is None
    assert "fewer than half" in qol.dataAbsentReason.text
    assert score("koos", {"Q4": 1})["qol"] is None  # the rule the text describes


def test_statuses_map_to_fhir(record):
    statuses = sorted(a.status for a in resources(runner_bundle(record), "Appointment"))
    assert statuses == ["fulfilled", "noshow"]


def test_an_anonymised_runner_is_sent_without_name_or_contact(record):
    from clinic.trust import data_rights

    data_rights.anonymise_runner(record)
    record.refresh_from_db()
    patient = resources(runner_bundle(record), "Patient")[0]
    assert patient.name is None and patient.telecom is None and patient.birthDate is None


def test_runner_downloads_their_own_bundle_from_my_data(client, record):
    client.force_login(record.user)
    response = client.get(reverse("clinic:my_data_fhir"))
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    Bundle.model_validate_json(response.content)
    assert AccessLog.objects.filter(runner=record, what="data export (FHIR)").exists()


def test_the_practice_system_reads_with_its_key_and_is_audited(client, cast, record):
    token, key = ApiToken.issue(name="EHR bridge", user=cast.clinician)
    url = reverse("clinic:api_patient_everything", kwargs={"code": record.code})
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    Bundle.model_validate_json(response.content)
    entry = AccessLog.objects.get(what="FHIR export (API token)")
    assert entry.actor == cast.clinician and entry.runner == record
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer not-a-key", "Basic abc"])
def test_no_valid_key_no_record(client, record, header):
    url = reverse("clinic:api_patient_everything", kwargs={"code": record.code})
    response = client.get(url, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not AccessLog.objects.exists()


def test_a_revoked_key_is_refused(client, cast, record):
    token, key = ApiToken.issue(name="Old bridge", user=cast.clinician)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.created_at)
    url = reverse("clinic:api_patient_everything", kwargs={"code": record.code})
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_a_key_acting_as_the_front_desk_reads_nothing(client, cast, record):
    _, key = ApiToken.issue(name="Desk", user=cast.front_desk)
    url = reverse("clinic:api_patient_everything", kwargs={"code": record.code})
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403


def test_export_fhir_command_writes_the_bundle_to_stdout(record):
    out = io.StringIO()
    call_command("export_fhir", str(record.code), stdout=out)
    bundle = Bundle.model_validate_json(out.getvalue())
    assert bundle.entry[0].resource.id == str(record.code)
    assert AccessLog.objects.get().what == "FHIR export (manage.py export_fhir)"


def test_create_api_token_prints_a_key_that_works(client, cast, record):
    out = io.StringIO()
    call_command("create_api_token", name="EHR", user=cast.clinician.email, stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    url = reverse("clinic:api_patient_everything", kwargs={"code": record.code})
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert ApiToken.objects.get().key_hash != key
