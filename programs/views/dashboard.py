"""The clinician's dashboard: their runners' adherence, last activity and flags."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clinic.access import clinical_staff_only
from programs.access import alert_for
from programs.alerts import mark_seen, open_alerts
from programs.dashboard import SORTS, dashboard_rows, dashboard_runners

# A clinician may follow hundreds of runners: the list comes a page at a time, sorted in SQL from
# each program's adherence summary, flagged runners first by default.
RUNNERS_PER_PAGE = 25

COLUMNS = [
    ("name", "Runner"),
    ("adherence_7", "7-day adherence"),
    ("adherence_30", "30-day adherence"),
    ("last_activity", "Last activity"),
    ("flags", "Flags"),
]


@clinical_staff_only
def dashboard(request):
    sort = request.GET.get("sort", "flags")
    if sort not in SORTS:
        sort = "flags"
    runners = dashboard_runners(request.user, sort=sort)
    page = Paginator(runners, RUNNERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = dashboard_rows(page.object_list, now=timezone.now())
    charts = {
        str(row.runner.code): {
            "labels": [f"{day:%b %-d}" for day, _ in row.daily],
            "values": [percent for _, percent in row.daily],
        }
        for row in rows
        if row.program
    }
    return render(
        request,
        "programs/dashboard.html",
        {
            "rows": rows,
            "page": page,
            "sort": sort,
            "columns": COLUMNS,
            "charts": charts,
            "flagged": runners.filter(adherence__flagged=True).count(),
            "alerts": open_alerts(request.user),
        },
    )


@clinical_staff_only
@require_http_methods(["POST"])
def alert_seen(request, code):
    alert = alert_for(request.user, code)
    mark_seen(alert=alert, by=request.user)
    messages.success(request, f"Alert about {alert.runner.full_name} marked seen.")
    return redirect("programs:dashboard")
