"""Where a message goes, and whether that address can be used at all, checked before sending.

An address that can't be used makes the row "skipped" with the reason, never "sent": an email
that is not an email, a phone number that isn't one or can't receive texts (as far as Google's
libphonenumber can tell from the number), an address a provider told us is dead.
"""

import hashlib

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from clinic.models import Channel, Delivery

SUPPRESSED = "address bounced or refused our mail before; not used again until it changes"

# Number types that may receive a text. libphonenumber can't tell mobile from landline in the
# US and Canada (FIXED_LINE_OR_MOBILE), so those pass; a number known to be a landline, toll
# free or premium rate does not.
TEXTABLE = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
    phonenumbers.PhoneNumberType.VOIP,
}


def address_for(delivery: Delivery) -> str:
    """The staff recipient's email, or the runner's email or phone (E.164) by the row's channel."""
    if delivery.recipient_id:
        return delivery.recipient.email
    runner = delivery.runner
    if delivery.channel == Channel.SMS:
        return runner.phone.as_e164 if runner.phone else ""
    return runner.email


def problem(channel: str, address: str) -> str:
    """Why `address` can't be used on `channel`, or "" if it can."""
    if channel == Channel.SMS:
        return phone_problem(address)
    return email_problem(address)


def email_problem(address: str) -> str:
    if not address:
        return "no email address"
    try:
        validate_email(address)
    except ValidationError:
        return f"email address {address!r} is not valid"
    return ""


def phone_problem(number: str) -> str:
    if not number:
        return "no mobile number"
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return f"phone number {number!r} is not valid"
    if not phonenumbers.is_valid_number(parsed):
        return f"phone number {number} is not valid"
    if phonenumbers.number_type(parsed) not in TEXTABLE:
        return f"phone number {number} can't receive text messages (not a mobile number)"
    return ""


def normalise(address: str) -> str:
    return address.strip().lower()


def digest(address: str) -> str:
    """What the suppression list keeps of an address: its SHA-256, never the address."""
    address = normalise(address or "")
    return hashlib.sha256(address.encode()).hexdigest() if address else ""
