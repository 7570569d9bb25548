"""The practice's own security choices, set by the practice admin, and its systems' API keys."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


class PracticeSecurity(models.Model):
    """One row for the practice (pk=1). Read with `PracticeSecurity.current()`."""

    require_staff_two_factor = models.BooleanField(
        "Require two-factor login for all staff",
        default=False,
        help_text=(
            "Staff without an authenticator app are sent to set one up before they can open "
            "anything else."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "practice security"
        verbose_name_plural = "practice security"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="practice_security_single_row"),
        ]

    def __str__(self):
        return "Practice security"

    @classmethod
    def current(cls) -> "PracticeSecurity":
        security, _ = cls.objects.get_or_create(pk=1)
        return security


class ApiToken(models.Model):
    """A key the practice's own systems use to read runners' records (the FHIR endpoint).

    It acts as one clinical user, so what it may read is what that person may read, and the
    access entries it writes name them. Only a hash of the key is stored; the key is shown once,
    by `manage.py create_api_token`. Revoked keys stay, for the audit trail.
    """

    name = models.CharField(max_length=100, help_text="Which system uses it, e.g. 'EHR bridge'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="To recognise a key.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        state = "revoked" if self.revoked_at else "active"
        return f"{self.name} ({self.prefix}…, {state})"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, name: str, user) -> tuple["ApiToken", str]:
        """A new token and its key; the key is never stored and can't be shown again."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, user=user, key_hash=cls.hash(key), prefix=key[:8])
        return token, key
