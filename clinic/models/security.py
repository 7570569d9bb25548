"""The practice's own security choices, set by the practice admin."""

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
