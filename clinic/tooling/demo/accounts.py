"""Demo runner accounts: who has a login, who was invited and hasn't set one up yet, and a
returning patient who booked again under their own record.

Idempotent: each runner's state is set only when it isn't there yet.
"""

import datetime
import secrets

from django.utils import timezone

from clinic.booking.schedule import next_open_slots
from clinic.models import Appointment, AppointmentType, Runner
from clinic.tooling.demo.booking import NEW_RUNNERS
from clinic.tooling.demo.practice import DEMO_PASSWORD, runner_email
from clinic.tooling.demo.record import HISTORY_DOMAIN
from clinic.trust import invitations

RETURNING = f"runner4@{HISTORY_DOMAIN}"  # discharged improved (record.py's tier 4)


def seed(practice) -> None:
    now = timezone.now()
    Runner.objects.filter(pk__in=[r.pk for r in practice.runners], activated_at=None).update(
        activated_at=now - datetime.timedelta(days=60)
    )
    newcomers = {
        runner.email: runner
        for runner in Runner.objects.filter(
            email__in=[runner_email(first, last) for first, last, _dob, _phone in NEW_RUNNERS]
        )
    }
    invited = newcomers.get(runner_email(*NEW_RUNNERS[0][:2]))
    if invited is not None and invited.invited_at is None:
        invited.invitation_nonce = secrets.token_hex(8)
        invited.invited_at = now - datetime.timedelta(hours=3)
        invited.save(update_fields=["invitation_nonce", "invited_at"])
    activated = newcomers.get(runner_email(*NEW_RUNNERS[1][:2]))
    if activated is not None and activated.activated_at is None:
        activated.invitation_nonce = secrets.token_hex(8)
        activated.invited_at = now - datetime.timedelta(days=1)
        activated.save(update_fields=["invitation_nonce", "invited_at"])
        invitations.activate(runner=activated, password=DEMO_PASSWORD)
    if invited is not None:
        practice.logins.append(("Invited, not activated yet", f"{invited.full_name}"))
    if activated is not None:
        practice.logins.append(("Runner, activated from an invitation", activated.email))
    returning = Runner.objects.filter(email=RETURNING).first()
    if returning is not None:
        _book_again(practice, returning, now)
        practice.logins.append(
            ("Returning patient (booked again, one record)", f"{returning.full_name}")
        )


def _book_again(practice, runner, now) -> None:
    """A follow-up next week on the record they already have: booking found them by email."""
    if Appointment.objects.filter(runner=runner, starts_at__gt=now).exists():
        return
    follow_up = AppointmentType.objects.get(kind=AppointmentType.Kind.FOLLOW_UP)
    free = next_open_slots(
        practice.location, follow_up, after=now + datetime.timedelta(days=5), limit=1
    )
    if not free:
        return
    slot, clinician = free[0]
    Appointment.objects.create(
        runner=runner,
        clinician=clinician,
        location=practice.location,
        appointment_type=follow_up,
        starts_at=slot.start,
        ends_at=slot.end,
        source=Appointment.Source.ONLINE,
        concern="Back after a good season: this time the other knee, on long downhills.",
    )
