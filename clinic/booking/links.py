"""The signed link in booking mail that lets a runner cancel or move their visit without logging in.

No expiry: the link works until the visit's change cut-off, which `can_change_online` enforces.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from clinic.booking.schedule import Policy
from clinic.models import Appointment

MANAGE_SALT = "clinic.booking.manage"


def manage_token(appointment: Appointment) -> str:
    return signing.dumps(str(appointment.code), salt=MANAGE_SALT)


def manage_url(appointment: Appointment) -> str:
    path = reverse("clinic:manage_booking", kwargs={"token": manage_token(appointment)})
    return f"{settings.SITE_URL}{path}"


def appointment_from_token(token: str) -> Appointment:
    """The appointment a signed link points at; a tampered or made-up link is a 404."""
    try:
        code = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as error:
        raise Http404("This link is not valid.") from error
    appointments = Appointment.objects.select_related(
        "runner", "clinician", "location", "appointment_type"
    )
    try:
        return appointments.get(code=code)
    except (Appointment.DoesNotExist, ValueError, signing.BadSignature) as error:
        raise Http404("This link is not valid.") from error


def can_change_online(
    appointment: Appointment, now: datetime.datetime | None = None, policy: Policy | None = None
) -> bool:
    """Runners may cancel or move through their link until the cut-off (24 hours by default)."""
    policy = policy or Policy.from_settings()
    now = now or timezone.now()
    return (
        appointment.status == Appointment.Status.BOOKED
        and appointment.starts_at - now >= policy.change_cutoff
    )
