"""The clinician's dashboard: their runners' adherence, last activity and flags."""

from django.shortcuts import render
from django.utils import timezone

from clinic.access import clinical_staff_only

from ..selectors import SORTS, dashboard_rows

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
    rows = dashboard_rows(request.user, now=timezone.now(), sort=sort)
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
            "sort": sort,
            "columns": COLUMNS,
            "charts": charts,
            "flagged": sum(r.flagged for r in rows),
        },
    )
