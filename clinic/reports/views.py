"""The practice's reports page (charts and tables) and each report as CSV.

For the practice admin and clinicians; the front desk and runners get 403. The page reads no
runner's record, only counts, so it writes no access entry.
"""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic.access import clinical_staff_only
from clinic.clock import local_today
from clinic.models import DEFAULT_TIME_ZONE, Location
from clinic.reports import queries
from clinic.reports.forms import ReportForm
from clinic.reports.periods import Month, months_ending


def _scope(request) -> tuple[ReportForm, queries.Scope]:
    """The scope asked for; a bad month falls back to the default and says so on the form."""
    first_location = Location.objects.order_by("pk").first()
    today = local_today(first_location.time_zone if first_location else DEFAULT_TIME_ZONE)
    form = ReportForm(request.GET or None, this_month=Month.of(today))
    location, end, count = None, Month.of(today), 6
    if form.is_valid():
        location = form.cleaned_data["location"]
        end, count = form.cleaned_data["end"], form.cleaned_data["months"]
    locations = [location] if location else list(Location.objects.order_by("name"))
    scope = queries.Scope(
        months=months_ending(end, count), locations=locations, as_of=today, location=location
    )
    return form, scope


def _charts(scope, totals, attendance, utilisation, outcomes, adherence) -> dict:
    labels = [month.label for month in scope.months]
    return {
        "funnel": {
            "labels": ["Booked", "Attended", "Program in 14 days", "Adherent 4 weeks", "Improved"],
            "values": [getattr(totals, stage) for stage in queries.FunnelRow.STAGES],
        },
        "no_shows": {"labels": labels, "values": [row.no_show_rate for row in attendance]},
        "utilisation": {
            "labels": labels,
            "values": [row.utilisation for row in utilisation if row.clinician is None],
        },
        "outcomes": {
            "labels": [row.label for row in outcomes if row.scored],
            "values": [row.share for row in outcomes if row.scored],
        },
        "adherence": {
            "labels": labels,
            "bands": [f"{low}–{high}%" for low, high in queries.ADHERENCE_BANDS],
            "values": [[row.bands[band] for row in adherence] for band in range(5)],
        },
    }


@clinical_staff_only
@require_GET
def practice_reports(request):
    form, scope = _scope(request)
    funnel = queries.funnel(scope)
    attendance = queries.attendance(scope)
    utilisation = queries.utilisation(scope)
    outcomes = queries.outcomes(scope)
    adherence = queries.adherence_distribution(scope)
    totals = queries.FunnelRow(scope.months[-1])
    for row in funnel:
        totals.add(row)
    return render(
        request,
        "reports/practice.html",
        {
            "form": form,
            "scope": scope,
            "funnel": funnel,
            "funnel_total": totals,
            "attendance": attendance,
            "utilisation": utilisation,
            "outcomes": outcomes,
            "adherence": adherence,
            "bands": queries.ADHERENCE_BANDS,
            "charts": _charts(scope, totals, attendance, utilisation, outcomes, adherence),
            "query": request.GET.urlencode(),
            "generated_at": timezone.now(),
        },
    )


def _funnel_csv(scope):
    yield ["month", *queries.FunnelRow.STAGES, "adherence not yet due"]
    for row in queries.funnel(scope):
        stages = [getattr(row, stage) for stage in queries.FunnelRow.STAGES]
        yield [str(row.month), *stages, row.adherence_pending]


def _attendance_csv(scope):
    yield ["month", "attended", "no-shows", "no-show rate %"]
    for row in queries.attendance(scope):
        yield [str(row.month), row.attended, row.no_shows, _blank(row.no_show_rate)]


def _utilisation_csv(scope):
    yield ["month", "clinician", "booked minutes", "working minutes", "utilisation %"]
    for row in queries.utilisation(scope):
        who = row.clinician.get_full_name() if row.clinician else "All clinicians"
        yield [
            str(row.month),
            who,
            row.booked_minutes,
            row.working_minutes,
            _blank(row.utilisation),
        ]


def _outcomes_csv(scope):
    yield ["questionnaire", "month", "improved", "scored", "share %"]
    for row in queries.outcomes(scope):
        for month in scope.months:
            improved, scored = row.by_month.get(month, (0, 0))
            yield [row.label, str(month), improved, scored, _blank(row.share_in(month))]


def _adherence_csv(scope):
    yield ["month", *[f"{low}-{high}%" for low, high in queries.ADHERENCE_BANDS], "programs"]
    for row in queries.adherence_distribution(scope):
        yield [str(row.month), *row.bands, row.programs]


def _blank(value):
    return "" if value is None else value


CSV_REPORTS = {
    "funnel": _funnel_csv,
    "no-shows": _attendance_csv,
    "utilisation": _utilisation_csv,
    "outcomes": _outcomes_csv,
    "adherence": _adherence_csv,
}


@clinical_staff_only
@require_GET
def report_csv(request, report):
    if report not in CSV_REPORTS:
        raise Http404("No such report.")
    _form, scope = _scope(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    where = scope.location.name if scope.location else "all-locations"
    name = f"roadmap-{report}-{where}-{scope.months[0]}-to-{scope.months[-1]}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name.lower().replace(" ", "-")}"'
    writer = csv.writer(response)
    for line in CSV_REPORTS[report](scope):
        writer.writerow(line)
    return response
