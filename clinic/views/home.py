"""Where each role lands, and the health check load balancers call."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.access import role_required
from clinic.models import Heartbeat, Location, Role, Runner, User

ROLE_HOMES = {
    Role.PRACTICE_ADMIN: "clinic:admin_home",
    Role.CLINICIAN: "programs:dashboard",
    Role.FRONT_DESK: "clinic:schedule_day",  # the front desk lives in today's schedule
    Role.RUNNER: "programs:today",
}


def home(request):
    """Where everyone lands after logging in: their role's own home."""
    return redirect(ROLE_HOMES[request.user.role])


@require_GET
def floor(request):
    """The cheapest real page: a login, the session, the base template and navigation, no data.

    Load benchmarks compare every daily page with this one (docs/performance.md): a page that
    renders a template can't be faster, so each page's throughput is a fair fraction of it.
    """
    return render(request, "clinic/floor.html")


@role_required(Role.CLINICIAN)
def clinician_home(request):
    runners = Runner.objects.for_clinician(request.user).select_related("location")
    return render(request, "clinic/clinician_home.html", {"runners": runners})


@role_required(Role.PRACTICE_ADMIN)
def admin_home(request):
    counts = {
        "runners": Runner.objects.current().count(),
        "clinicians": User.objects.filter(role=Role.CLINICIAN, is_active=True).count(),
        "front_desk": User.objects.filter(role=Role.FRONT_DESK, is_active=True).count(),
        "locations": Location.objects.count(),
    }
    return render(
        request,
        "clinic/admin_home.html",
        {"counts": counts, "last_heartbeat": Heartbeat.objects.first()},
    )


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and compose health checks: the site answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
