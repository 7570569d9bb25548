"""The API the practice's own systems call: a runner's record as a FHIR R4B Bundle.

Authenticated by an API token (`Authorization: Bearer <key>`, see clinic.trust.api) or a staff
session; clinical users only, as on the site. Every read writes an access entry naming the user
the token acts as, so the admin's audit report shows what each system read.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.access import runner_for
from clinic.trust.api import bearer_key, caller
from clinic.trust.audit import record_access
from intake.fhir import FHIR_JSON, runner_bundle_json


def _unauthorised() -> JsonResponse:
    response = JsonResponse(
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": "error", "code": "login", "diagnostics": "A valid key is needed."}
            ],
        },
        status=401,
        content_type=FHIR_JSON,
    )
    response["WWW-Authenticate"] = 'Bearer realm="roadmap"'
    return response


@login_not_required
@never_cache
@require_GET
def patient_everything(request, code):
    """GET /api/fhir/Patient/<code>/$everything: the runner's whole record as one Bundle."""
    user = caller(request)
    if user is None:
        return _unauthorised()
    if not user.sees_clinical_records:
        raise PermissionDenied
    runner = runner_for(user, code, clinical=True)
    request.user = user  # the access entry names whom the token acts as
    via = "API token" if bearer_key(request) else "session"
    record_access(request, runner, f"FHIR export ({via})")
    return HttpResponse(runner_bundle_json(runner), content_type=FHIR_JSON)
