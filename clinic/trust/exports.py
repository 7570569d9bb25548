"""The practice's part of a runner's data: profile, login, and who opened their record."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from clinic.models import AccessLog, Appointment, Delivery, ReminderPreference, Runner
from clinic.trust.audit import redact_history


def export_runner(runner: Runner) -> dict:
    profile = {
        "first name": runner.first_name,
        "last name": runner.last_name,
        "date of birth": runner.date_of_birth,
        "phone": str(runner.phone),
        "email": runner.email,
        "time zone": runner.time_zone,
        "location": str(runner.location) if runner.location else None,
        "clinician": str(runner.clinician) if runner.clinician else None,
        "record created": runner.created_at,
    }
    sections: dict = {"Profile": profile}
    if runner.user is not None:
        sections["Login"] = {
            "email": runner.user.email,
            "joined": runner.user.date_joined,
            "last login": runner.user.last_login,
            "two-factor login": Authenticator.objects.filter(user=runner.user).exists(),
        }
    appointments = (
        Appointment.objects.filter(runner=runner)
        .select_related("clinician", "location", "appointment_type")
        .order_by("starts_at")
    )
    sections["Appointments"] = [
        {
            "starts": a.starts_at,
            "type": str(a.appointment_type),
            "clinician": str(a.clinician),
            "location": str(a.location),
            "status": a.get_status_display(),
            "booked": a.get_source_display(),
            "what's bothering you": a.concern,
            "cancel reason": a.cancel_reason,
        }
        for a in appointments
    ]
    preference = ReminderPreference.objects.filter(runner=runner).first()
    if preference is not None:
        sections["Reminders"] = {
            "daily exercise reminder": preference.daily_enabled,
            "time of day": preference.remind_at,
            "channel": preference.get_channel_display(),
            "reminders before visits": preference.appointment_reminders,
        }
    sections["Messages sent"] = [
        {
            "day": d.local_date,
            "kind": d.get_kind_display(),
            "channel": d.get_channel_display(),
            "status": d.get_status_display(),
        }
        for d in Delivery.objects.filter(runner=runner).order_by("local_date", "created_at")
    ]
    # HIPAA gives patients an accounting of who looked at their record.
    entries = AccessLog.objects.filter(runner=runner).select_related("actor").order_by("at")
    sections["Who opened your record"] = [
        {
            "when": entry.at,
            "who": str(entry.actor),
            "role": entry.get_actor_role_display(),
            "what": entry.what,
        }
        for entry in entries
    ]
    return sections


def anonymise_runner(runner: Runner) -> None:
    """Remove name, contact details and birth date; keep birth year, location and clinician
    for de-identified statistics. The login is closed for good."""
    if runner.date_of_birth:
        runner.birth_year = runner.date_of_birth.year
    runner.first_name = "Anonymised"
    runner.last_name = "runner"
    runner.date_of_birth = None
    runner.phone = ""
    runner.email = ""
    runner.invitation_nonce = ""  # an invitation link in an old mailbox opens nothing
    runner.anonymised_at = timezone.now()
    runner.save()
    appointments = Appointment.objects.filter(runner=runner)
    appointments.update(concern="", cancel_reason="")  # free text; times and statuses stay
    deliveries = Delivery.objects.filter(runner=runner)
    deliveries.update(error="", reason="")  # provider errors can quote the address
    touched = [runner, appointments, deliveries, ReminderPreference.objects.filter(runner=runner)]
    user = runner.user
    if user is not None:
        user.email = f"anonymised-{runner.code}@anonymised.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False  # every open session ends at its next request
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        touched.append(user)
    redact_history(*touched)
