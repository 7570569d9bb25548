"""The practice admin's audit pages: who opened which chart, and what changed."""

from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import role_required
from clinic.forms.trust import AuditSearchForm
from clinic.models import AccessLog, Role
from clinic.trust.audit import search_access_log

PAGE_SIZE = 50


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def audit_report(request):
    form = AuditSearchForm(request.GET)  # every field is optional: no filter shows everything
    entries = (
        search_access_log(**form.cleaned_data) if form.is_valid() else AccessLog.objects.none()
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "clinic/audit_report.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
@role_required(Role.PRACTICE_ADMIN)
def change_history(request):
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, change_rows(entry.changes_dict)) for entry in page.object_list]
    return render(request, "clinic/change_history.html", {"page": page, "rows": rows})


def change_rows(changes: dict) -> list[tuple[str, object, object]]:
    """A change record as (field, before, after) rows.

    Built here, not in the template: there `changes.items` looks up a *field* named `items`
    (a prescription's items) before the dict's method, and the page failed."""
    rows = []
    for name, change in changes.items():
        if isinstance(change, dict):  # many-to-many: {"operation": "add", "objects": [...]}
            rows.append((name, None, f"{change.get('operation', '')} {change.get('objects', '')}"))
        elif isinstance(change, list | tuple) and len(change) == 2:
            rows.append((name, change[0], change[1]))
        else:
            rows.append((name, None, change))
    return rows
