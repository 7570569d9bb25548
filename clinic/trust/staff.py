"""The practice's staff, run by its admin without the Django admin: invite, change roles,
deactivate (their sessions end at their next request: an inactive user is no one to Django's
authentication backends), and who has two-factor.

An invited member of staff gets allauth's "set your password" email (the password reset flow:
a signed link that works once and expires), so a new login never has a password anyone else
chose.
"""

from dataclasses import dataclass

from allauth.account.forms import ResetPasswordForm
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction

from clinic.models import STAFF_ROLES, Role, User


class StaffError(ValidationError):
    """A change the admin may not make; the message says why."""


@dataclass
class StaffRow:
    user: User
    two_factor: list[str]  # "authenticator app", "passkey"


def staff_rows() -> list[StaffRow]:
    """Every member of staff with their second factors, in two queries."""
    users = list(User.objects.filter(role__in=STAFF_ROLES).order_by("-is_active", "last_name"))
    kinds: dict[int, set[str]] = {}
    for user_id, kind in Authenticator.objects.filter(user__in=users).values_list(
        "user_id", "type"
    ):
        kinds.setdefault(user_id, set()).add(kind)
    names = {Authenticator.Type.TOTP: "authenticator app", Authenticator.Type.WEBAUTHN: "passkey"}
    return [
        StaffRow(user, [names[k] for k in names if k in kinds.get(user.pk, set())])
        for user in users
    ]


def invite_staff(*, request, email: str, first_name: str, last_name: str, role: str) -> User:
    email = email.strip().lower()
    if role not in STAFF_ROLES:
        raise StaffError("Choose a staff role.")
    if User.objects.filter(email__iexact=email).exists():
        raise StaffError("Someone already has a login with that email.")
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, role=role
        )
        user.is_staff = user.is_superuser = role == Role.PRACTICE_ADMIN
        user.save()
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)  # the "set your password" email
    return user


def _other_active_admins(user: User) -> bool:
    return (
        User.objects.filter(role=Role.PRACTICE_ADMIN, is_active=True).exclude(pk=user.pk).exists()
    )


def set_role(*, user: User, role: str, by: User) -> User:
    if role not in STAFF_ROLES:
        raise StaffError("Choose a staff role.")
    demoted = user.role == Role.PRACTICE_ADMIN and role != Role.PRACTICE_ADMIN
    if demoted and (user == by or not _other_active_admins(user)):
        raise StaffError("The practice needs an admin: make someone else admin first.")
    user.role = role
    user.is_staff = user.is_superuser = role == Role.PRACTICE_ADMIN
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    return user


def set_active(*, user: User, active: bool, by: User) -> User:
    """Deactivating ends every session of theirs at its next request."""
    if not active and user == by:
        raise StaffError("You can't deactivate yourself.")
    if not active and user.role == Role.PRACTICE_ADMIN and not _other_active_admins(user):
        raise StaffError("The practice needs an active admin.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
