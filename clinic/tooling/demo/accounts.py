"""Demo runner accounts: who has a login, who was invited and hasn't set one up yet, and a
returning patient who booked again under their own record, and a duplicate record of the first
demo runner (booked by phone under a work email and another number) for staff to merge.

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
DUPLICATE = "a.morgan@work.runners.test"  # a second record of the practice's first runner


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
    first = practice.runners[0]
    if first.user_id and first.phone:
        practice.logins.append(
            ("Runner, sign-in code by text (Sign in > Get a code > phone)", str(first.phone))
        )
    duplicate = _duplicate(practice, now)
    if duplicate is not None:
        practice.logins.append(
            ("Duplicate record to merge (runner page: Merge a duplicate)", duplicate.full_name)
        )


def _duplicate(practice, now) -> Runner | None:
    """The first demo runner again, booked by the desk before one record per person matched by
    email and phone: same name and birthday, a work email, another phone, no login, a visit."""
    original = practice.runners[0]
    duplicate, _ = Runner.objects.get_or_create(
        email=DUPLICATE,
        defaults={
            "first_name": original.first_name,
            "last_name": original.last_name,
            "date_of_birth": original.date_of_birth,
            "phone": "+19195550199",
            "time_zone": original.time_zone,
            "location": practice.location,
        },
    )
    if duplicate.merged_into_id:  # merged in an earlier demo session: nothing to show
        return None
    _book_again(
        practice,
        duplicate,
        now,
        source=Appointment.Source.FRONT_DESK,
        days=9,
        concern="Called in: knee sore again after a half marathon.",
    )
    return duplicate


def _book_again(
    practice,
    runner,
    now,
    *,
    source=Appointment.Source.ONLINE,
    days: int = 5,
    concern="Back after a good season: this time the other knee, on long downhills.",
) -> None:
    """A follow-up next week on the record they already have: booking found them by email."""
    if Appointment.objects.filter(runner=runner, starts_at__gt=now).exists():
        return
    follow_up = AppointmentType.objects.get(kind=AppointmentType.Kind.FOLLOW_UP)
    free = next_open_slots(
        practice.location, follow_up, after=now + datetime.timedelta(days=days), limit=1
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
        source=source,
        concern=concern,
    )
