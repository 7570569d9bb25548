"""Discharging a runner, and the summary as a page and a PDF for the runner and their doctor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clinic.access import clinical_staff_only, runner_for
from clinic.clock import local_today
from clinic.documents import pdf_response, render_pdf
from clinic.trust.audit import record_access
from programs.access import discharge_for
from programs.discharge import discharge_runner, summary_for
from programs.forms import DischargeForm, HomeProgramFormSet, item_initial
from programs.models import Discharge


def _summary_context(discharge: Discharge) -> dict:
    return {
        "discharge": discharge,
        "runner": discharge.runner,
        "outcomes": discharge.outcomes.all(),
        "home_program": discharge.home_program.select_related("exercise", "exercise_version"),
    }


@clinical_staff_only
@require_http_methods(["GET", "POST"])
def discharge_new(request, code):
    runner = runner_for(request.user, code, clinical=True)
    today = local_today(runner.time_zone)
    summary = summary_for(runner, today)
    current = summary.program.prescriptions.latest() if summary.program else None
    form = DischargeForm(request.POST or None)
    home = HomeProgramFormSet(
        request.POST or None,
        prefix="home",
        initial=item_initial(current.items.select_related("exercise")) if current else [],
    )
    if request.method == "POST" and form.is_valid() and home.is_valid():
        try:
            discharge = discharge_runner(
                runner=runner,
                home_program=home.specs(),
                today=today,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{runner.full_name} is discharged. Print or send the summary."
            )
            return redirect(discharge)
    return render(
        request,
        "programs/discharge_form.html",
        {"runner": runner, "summary": summary, "form": form, "home": home, "today": today},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def discharge_detail(request, code):
    discharge = discharge_for(request.user, code)
    record_access(request, discharge.runner, "discharge summary")
    return render(request, "programs/discharge_detail.html", _summary_context(discharge))


@require_GET
def discharge_pdf(request, code):
    discharge = discharge_for(request.user, code)
    record_access(request, discharge.runner, "discharge summary (PDF)")
    content = render_pdf("documents/discharge.html", _summary_context(discharge))
    name = f"discharge {discharge.runner.full_name} {discharge.discharged_on}"
    return pdf_response(content, name)
