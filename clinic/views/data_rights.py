"""Data rights pages: a runner's own download, the admin's export and anonymisation."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic.access import own_runner, role_required, runner_for
from clinic.documents import pdf_response, render_pdf
from clinic.forms.trust import AnonymiseForm
from clinic.models import Role
from clinic.trust import data_rights
from clinic.trust.audit import record_access
from intake.fhir import FHIR_JSON, runner_bundle_json


def _json_download(runner, data) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="roadmap-{runner.code}-{stamp}.json"'
    return response


def _fhir_download(runner) -> HttpResponse:
    response = HttpResponse(runner_bundle_json(runner), content_type=FHIR_JSON)
    stamp = timezone.now().strftime("%Y%m%d")
    name = f"roadmap-{runner.code}-{stamp}.fhir.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf_download(runner, data) -> HttpResponse:
    context = {
        "runner": runner,
        "areas": data_rights.for_display(data),
        "exported_at": data["exported_at"],
    }
    content = render_pdf("documents/data_export.html", context)
    return pdf_response(content, f"roadmap {runner.full_name} data", download=True)


ROWS_PER_PAGE = 20  # a long history would make the page tens of thousands of pixels tall


def _paged(request, areas: list[dict]) -> list[dict]:
    """Each table pages on its own (?<section key>=<page>); the downloads keep every row."""
    for area_number, area in enumerate(areas):
        for section_number, section in enumerate(area["sections"]):
            if section.get("rows"):
                key = f"p{area_number}-{section_number}"
                page = Paginator(section["rows"], ROWS_PER_PAGE).get_page(request.GET.get(key))
                query = request.GET.copy()
                query.pop(key, None)
                section.update(rows=page.object_list, page=page, key=key, query=query.urlencode())
    return areas


def _summary(request, runner, data, downloads: list[tuple[str, str]]):
    """The page; `downloads` are (label, URL) of the same data in other forms."""
    return render(
        request,
        "clinic/data_export.html",
        {
            "runner": runner,
            "areas": _paged(request, data_rights.for_display(data)),
            "exported_at": data["exported_at"],
            "downloads": downloads,
            "rows_per_page": ROWS_PER_PAGE,
        },
    )


@require_GET
@role_required(Role.RUNNER)
def my_data(request):
    runner = own_runner(request.user)
    record_access(request, runner, "data export (summary)")
    downloads = [
        ("Download (JSON)", reverse("clinic:my_data_json")),
        ("PDF", reverse("clinic:my_data_pdf")),
        ("Health record (FHIR)", reverse("clinic:my_data_fhir")),
    ]
    return _summary(request, runner, data_rights.export_runner(runner), downloads)


@require_GET
@role_required(Role.RUNNER)
def my_data_json(request):
    runner = own_runner(request.user)
    record_access(request, runner, "data export (JSON)")
    return _json_download(runner, data_rights.export_runner(runner))


@require_GET
@role_required(Role.RUNNER)
def my_data_pdf(request):
    runner = own_runner(request.user)
    record_access(request, runner, "data export (PDF)")
    return _pdf_download(runner, data_rights.export_runner(runner))


@require_GET
@role_required(Role.RUNNER)
def my_data_fhir(request):
    """The runner's record in the format other clinics and health systems read (FHIR R4B)."""
    runner = own_runner(request.user)
    record_access(request, runner, "data export (FHIR)")
    return _fhir_download(runner)


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def runner_data(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "data export (summary)")
    downloads = [
        ("Download (JSON)", reverse("clinic:runner_data_json", kwargs={"code": runner.code})),
        ("PDF", reverse("clinic:runner_data_pdf", kwargs={"code": runner.code})),
        ("Health record (FHIR)", reverse("clinic:runner_data_fhir", kwargs={"code": runner.code})),
    ]
    return _summary(request, runner, data_rights.export_runner(runner), downloads)


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def runner_data_json(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "data export (JSON)")
    return _json_download(runner, data_rights.export_runner(runner))


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def runner_data_pdf(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "data export (PDF)")
    return _pdf_download(runner, data_rights.export_runner(runner))


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def runner_data_fhir(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "data export (FHIR)")
    return _fhir_download(runner)


@role_required(Role.PRACTICE_ADMIN)
def runner_anonymise(request, code):
    runner = runner_for(request.user, code, clinical=True)
    if runner.anonymised_at:
        messages.info(request, "This runner was anonymised already.")
        return redirect(runner)
    form = AnonymiseForm(request.POST if request.method == "POST" else None, runner=runner)
    if request.method == "POST" and form.is_valid():
        data_rights.anonymise_runner(runner)
        record_access(request, runner, "anonymised")
        messages.success(request, "The runner is anonymised. Their statistics remain, unnamed.")
        return redirect(runner)
    return render(request, "clinic/runner_anonymise.html", {"runner": runner, "form": form})
