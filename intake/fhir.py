"""A runner's record as one HL7 FHIR R4B Bundle (docs/domain.md §7.4).

The runner is a `Patient`, each visit an `Appointment`, each filled questionnaire a
`QuestionnaireResponse` whose scores are `Observation`s derived from it. Every resource is built
as plain data and validated by fhir.resources' R4B models before it leaves, so a malformed
resource fails here, not in the receiving system.

Codes: the scores have no LOINC codes we can vouch for, so they use the practice's own code
system (`SCORE_SYSTEM`); the questionnaires are named by a canonical URL of the practice's site.
"""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from clinic.models import Appointment, Runner
from intake.models import Questionnaire, QuestionnaireResponse
from intake.trends import SCALES

FHIR_JSON = "application/fhir+json"
SCORE_SYSTEM = f"{settings.SITE_URL}/fhir/CodeSystem/roadmap-scores"
RUNNER_SYSTEM = f"{settings.SITE_URL}/fhir/NamingSystem/runner"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
# Our statuses as FHIR's (R4B AppointmentStatus): an arrived visit in the past is fulfilled.
APPOINTMENT_STATUS = {
    Appointment.Status.BOOKED: "booked",
    Appointment.Status.ARRIVED: "fulfilled",
    Appointment.Status.NO_SHOW: "noshow",
    Appointment.Status.CANCELLED: "cancelled",
}
PARTICIPANT_STATUS = {
    Appointment.Status.CANCELLED: "declined",
}
GENERATED_NAMESPACE = uuid.UUID("5b2d1f2e-8f37-4d0a-9a4e-6b7c1f0e2d31")


def _urn(*parts) -> str:
    """A stable urn:uuid for a resource inside the bundle, from our own codes."""
    return f"urn:uuid:{uuid.uuid5(GENERATED_NAMESPACE, ':'.join(str(p) for p in parts))}"


def _patient(runner: Runner) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": str(runner.code),
        "identifier": [{"system": RUNNER_SYSTEM, "value": str(runner.code)}],
        "active": runner.anonymised_at is None,
    }
    if runner.anonymised_at is None:
        patient["name"] = [
            {"use": "official", "family": runner.last_name, "given": [runner.first_name]}
        ]
        telecom = []
        if runner.phone:
            telecom.append({"system": "phone", "value": str(runner.phone), "use": "mobile"})
        if runner.email:
            telecom.append({"system": "email", "value": runner.email})
        if telecom:
            patient["telecom"] = telecom
        if runner.date_of_birth:
            patient["birthDate"] = runner.date_of_birth.isoformat()
    return patient


def _appointment(visit: Appointment, patient_ref: str) -> dict:
    resource = {
        "resourceType": "Appointment",
        "id": str(visit.code),
        "status": APPOINTMENT_STATUS[visit.status],
        "serviceType": [{"text": visit.appointment_type.name}],
        "start": visit.starts_at.isoformat(),
        "end": visit.ends_at.isoformat(),
        "minutesDuration": round((visit.ends_at - visit.starts_at).total_seconds() / 60),
        "created": visit.created_at.date().isoformat(),
        "participant": [
            {
                "actor": {"reference": patient_ref, "display": visit.runner.full_name},
                "status": PARTICIPANT_STATUS.get(visit.status, "accepted"),
            },
            {
                "actor": {"display": str(visit.clinician)},
                "status": PARTICIPANT_STATUS.get(visit.status, "accepted"),
            },
            {"actor": {"display": visit.location.name}, "status": "accepted"},
        ],
    }
    if visit.status == Appointment.Status.CANCELLED:
        resource["cancelationReason"] = {"text": visit.cancel_reason}
    return resource


def _response(response: QuestionnaireResponse, patient_ref: str) -> dict:
    items = [
        {"linkId": code, "answer": [{"valueInteger": value}]}
        for code, value in response.answers.items()
        if value is not None  # a KOOS item left unanswered has no answer to send
    ]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.code),
        "questionnaire": f"{settings.SITE_URL}/fhir/Questionnaire/{response.questionnaire}",
        "status": "completed",
        "subject": {"reference": patient_ref},
        "authored": response.completed_on.isoformat(),
        "item": items,
    }
    if response.entered_by_id:
        resource["author"] = {"display": str(response.entered_by)}
    return resource


def _observations(response: QuestionnaireResponse, patient_ref: str, response_ref: str):
    name = Questionnaire(response.questionnaire).label
    for key, label in SCALES[response.questionnaire]:
        code = f"{response.questionnaire}-{key}"
        title = name if len(SCALES[response.questionnaire]) == 1 else f"{name} {label}"
        observation = {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY],
            "code": {
                "coding": [{"system": SCORE_SYSTEM, "code": code, "display": title}],
                "text": title,
            },
            "subject": {"reference": patient_ref},
            "effectiveDateTime": response.completed_on.isoformat(),
            "derivedFrom": [{"reference": response_ref}],
        }
        score = response.scores.get(key)
        if score is None:
            # KOOS: a subscale with fewer than half its items answered is not scored (KOOS 2012).
            observation["dataAbsentReason"] = {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                        "code": "not-performed",
                    }
                ],
                "text": "Not scored: fewer than half of its items were answered",
            }
        else:
            observation["valueQuantity"] = {"value": score, "unit": "points"}
        yield _urn(response.code, key), observation


def runner_bundle(runner: Runner, *, now: datetime.datetime | None = None) -> Bundle:
    """The runner's Patient, visits, questionnaires and scores as one validated R4B Bundle."""
    patient_ref = f"urn:uuid:{runner.code}"
    entries = [(patient_ref, _patient(runner))]
    visits = runner.appointments.select_related(
        "appointment_type", "clinician", "location"
    ).order_by("starts_at")
    entries += [(f"urn:uuid:{visit.code}", _appointment(visit, patient_ref)) for visit in visits]
    responses = runner.responses.select_related("entered_by").order_by("completed_on", "created_at")
    for response in responses:
        response_ref = f"urn:uuid:{response.code}"
        entries.append((response_ref, _response(response, patient_ref)))
        entries += list(_observations(response, patient_ref, response_ref))
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": (now or timezone.now()).isoformat(),
            "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
        }
    )


def runner_bundle_json(runner: Runner) -> str:
    return runner_bundle(runner).model_dump_json(exclude_none=True, indent=2)
