"""Who opened which runner's record, when and from where (HIPAA 164.312(b), audit controls).

Entries are written through `clinic.trust.audit.record_access` and never changed: the admin shows
them read-only, no view writes them, and on Postgres a trigger refuses UPDATE and DELETE.
Diffs of clinical data (what changed) are django-auditlog's `LogEntry`; this is the read side.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinic.models.people import Role


class AccessLog(models.Model):
    # UTC (USE_TZ, TIME_ZONE=UTC). A default rather than auto_now_add, so that the demo can
    # write a believable past; views never pass it.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,  # a user with audit entries is deactivated, never deleted
        related_name="access_logs",
    )
    # The role at the time; the person is the key (no email copied here: when a runner who
    # opened their own data is anonymised, this append-only table must hold nothing of theirs).
    actor_role = models.CharField(max_length=20, choices=Role.choices)
    # PROTECT, as for the actor: a runner whose chart was opened is anonymised, never deleted,
    # and on Postgres the append-only trigger would refuse the UPDATE that SET_NULL needs.
    runner = models.ForeignKey(
        "clinic.Runner", null=True, on_delete=models.PROTECT, related_name="access_logs"
    )
    runner_code = models.UUIDField(null=True, db_index=True)
    what = models.CharField(max_length=100)
    path = models.CharField(max_length=500)
    ip_address = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["runner", "-at"])]

    def __str__(self):
        return f"{self.actor_id} opened {self.what} at {self.at:%Y-%m-%d %H:%M:%S} UTC"
