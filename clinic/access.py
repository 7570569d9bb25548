"""Who may see what. Every view fetches through these helpers, so access control is one line.

The rules:
- a runner sees only their own record (anyone else's answers 404, so IDs can't be probed);
- the front desk sees runners' contact details and bookings, never clinical content;
- clinicians and the practice admin see every runner of the practice.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from clinic.models import Role, Runner


def role_required(*roles):
    """Let only users with one of `roles` in; everyone else logged in gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_only = role_required(Role.PRACTICE_ADMIN, Role.CLINICIAN, Role.FRONT_DESK)
clinical_staff_only = role_required(Role.PRACTICE_ADMIN, Role.CLINICIAN)
runner_only = role_required(Role.RUNNER)


def runner_for(user, code, *, clinical: bool = False) -> Runner:
    """The runner with this code, if `user` may see them.

    Pass `clinical=True` for screenings, scores and programs, which the front desk never sees.
    """
    if user.role == Role.RUNNER:
        return get_object_or_404(Runner, code=code, user=user)
    if user.role == Role.FRONT_DESK and clinical:
        raise PermissionDenied
    if user.role not in (Role.PRACTICE_ADMIN, Role.CLINICIAN, Role.FRONT_DESK):
        raise PermissionDenied
    runners = Runner.objects.select_related("clinician", "location", "user")
    return get_object_or_404(runners, code=code)


def own_runner(user) -> Runner:
    """The runner record of a logged-in runner; 403 for staff, 404 if the login has no record."""
    if user.role != Role.RUNNER:
        raise PermissionDenied
    return get_object_or_404(Runner.objects.select_related("clinician", "location"), user=user)


def appointment_for(user, code):
    """An appointment by its code, for the practice's staff only (runners manage theirs by link)."""
    from clinic.models import Appointment

    if user.role not in (Role.PRACTICE_ADMIN, Role.CLINICIAN, Role.FRONT_DESK):
        raise PermissionDenied
    appointments = Appointment.objects.select_related(
        "runner", "clinician", "location", "appointment_type", "booked_by"
    )
    return get_object_or_404(appointments, code=code)
