"""Data rights pages: a runner's own download, the admin's export and anonymisation."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic.access import own_runner, role_required, runner_for
from clinic.forms.trust import AnonymiseForm
from clinic.models import Role
from clinic.trust import data_rights
from clinic.trust.audit import record_access


def _json_download(runner, data) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="roadmap-{runner.code}-{stamp}.json"'
    return response


def _summary(request, runner, data, json_url):
    return render(
        request,
        "clinic/data_export.html",
        {
            "runner": runner,
            "areas": data_rights.for_display(data),
            "exported_at": data["exported_at"],
            "json_url": json_url,
        },
    )


@require_GET
@role_required(Role.RUNNER)
def my_data(request):
    runner = own_runner(request.user)
    record_access(request, runner, "data export (summary)")
    return _summary(request, runner, data_rights.export_runner(runner), "clinic:my_data_json")


@require_GET
@role_required(Role.RUNNER)
def my_data_json(request):
    runner = own_runner(request.user)
    record_access(request, runner, "data export (JSON)")
    return _json_download(runner, data_rights.export_runner(runner))


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def runner_data(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "data export (summary)")
    return _summary(request, runner, data_rights.export_runner(runner), "clinic:runner_data_json")


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def runner_data_json(request, code):
    runner = runner_for(request.user, code, clinical=True)
    record_access(request, runner, "data export (JSON)")
    return _json_download(runner, data_rights.export_runner(runner))


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
