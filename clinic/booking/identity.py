"""One record per person: finding the runner someone already is, by email or phone.

Emails match whatever their case; phones match as E.164 numbers, so "(919) 555-0101",
"+1 919 555 0101" and the same digits typed in full-width or Arabic-Indic script are one number.
The free new-runner assessment is one per person, not per record: booking takes a lock on each
of the person's contact keys (IdentityLock rows) before it looks, so ten bookings sent at once
by one person queue behind each other and every one after the first finds the first.
"""

import hashlib

import phonenumbers
from django.conf import settings
from django.db.models import Q

from clinic.models import Appointment, IdentityLock, Runner


def normal_email(email) -> str:
    return str(email or "").strip().lower()


def normal_phone(phone) -> str:
    """E.164 ("+19195550101"), or "" when it isn't a phone number. Digits of any script count."""
    text = str(phone or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def identity_keys(*, email="", phone="") -> list[str]:
    """The hashed keys a person's contact details lock, in a fixed order (no deadlocks)."""
    parts = []
    if normal_email(email):
        parts.append(f"email:{normal_email(email)}")
    if normal_phone(phone):
        parts.append(f"phone:{normal_phone(phone)}")
    return sorted(hashlib.sha256(part.encode()).hexdigest() for part in parts)


def lock_identity(*, email="", phone="") -> None:
    """Hold this person's keys until the transaction ends (call inside one).

    The insert waits on a key another transaction has just inserted, the SELECT ... FOR UPDATE
    on one it holds; either way the second booking goes on only after the first committed.
    """
    lock_keys(identity_keys(email=email, phone=phone))


def lock_keys(keys) -> None:
    """Hold these identity keys until the transaction ends, in one fixed order."""
    keys = sorted(set(keys))
    if not keys:
        return
    IdentityLock.objects.bulk_create([IdentityLock(key=key) for key in keys], ignore_conflicts=True)
    list(IdentityLock.objects.select_for_update().filter(key__in=keys).order_by("key"))


def runners_matching(*, email="", phone=""):
    """Runners with this email (any case) or this phone (as E.164)."""
    condition = Q(pk__in=[])
    if normal_email(email):
        condition |= Q(email__iexact=normal_email(email))
    if normal_phone(phone):
        condition |= Q(phone=normal_phone(phone))
    return Runner.objects.current().filter(condition).filter(anonymised_at__isnull=True)


def existing_runner(*, email="", phone="") -> Runner | None:
    """The record this person already has: one matching both email and phone first, then the
    oldest matching either."""
    matches = list(runners_matching(email=email, phone=phone).order_by("created_at", "pk"))
    wanted = (normal_email(email), normal_phone(phone))
    both = [r for r in matches if (normal_email(r.email), normal_phone(r.phone)) == wanted]
    return (both or matches or [None])[0]


def is_existing_patient(runners) -> bool:
    """Someone the practice has seen or booked (any visit that held its time, of any kind): not
    a new runner, whatever record they booked under."""
    return Appointment.objects.holding_time().filter(runner__in=runners).exists()
