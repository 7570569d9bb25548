"""Reminder preferences, the delivery ledger and the addresses providers told us are dead.

The ledger is how every message goes out once: a row is written (unique per person, kind, local
day and reference), committed, taken into "sending" just before its send, and recorded sent,
skipped or failed as soon as the send returns. A crash leaves at most the message in flight in
"sending"; the sweeper gives it back (clinic/notifications/ledger.py explains the guarantee).
"""

import datetime
import uuid

from django.db import models

from clinic.models.people import Runner
from clinic.notifications.timing import ALL_DAYS

DEFAULT_REMIND_AT = datetime.time(18, 0)  # practice rule: early evening, after work, before dinner


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class ReminderPreference(models.Model):
    """How a runner wants to be nudged. A runner with no row gets the defaults: reminders on, at
    18:00, every day, by email.

    The clock is the runner's own `Runner.time_zone` (set from their location when they join, and
    editable beside these): the same zone programs uses for "today", so a reminder's day and the
    day sets are logged on are always the same day."""

    runner = models.OneToOneField(
        Runner, primary_key=True, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    daily_enabled = models.BooleanField("daily exercise reminder", default=True)
    remind_at = models.TimeField("time of day", default=DEFAULT_REMIND_AT)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    days = models.PositiveSmallIntegerField(default=ALL_DAYS)  # weekday bitmask, Monday = bit 0
    appointment_reminders = models.BooleanField("reminders before visits", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=0, days__lte=ALL_DAYS),
                name="reminder_days_is_weekday_mask",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="reminder_channel_valid"
            ),
        ]
        indexes = [models.Index(fields=["daily_enabled", "remind_at"])]

    def __str__(self):
        return f"Reminders for {self.runner}"


class DeliveryKind(models.TextChoices):
    """Every message the practice sends. Each kind's content is registered by the area that
    owns it (clinic.notifications.kinds); clock-driven kinds also register a dispatcher."""

    DAILY_EXERCISE = "daily_exercise", "Daily exercise reminder"
    APPOINTMENT_REMINDER = "appointment_reminder", "Appointment reminder"
    BOOKING_CONFIRMATION = "booking_confirmation", "Booking confirmation"
    BOOKING_CHANGE = "booking_change", "Booking change"
    BOOKING_CANCELLATION = "booking_cancellation", "Booking cancellation"
    INTAKE_INVITATION = "intake_invitation", "Intake questionnaires"
    ACCOUNT_INVITATION = "account_invitation", "Account invitation"
    SIGN_IN_CODE = "sign_in_code", "Sign-in code"
    PASSWORD_LINK = "password_link", "Password link"
    CLINICIAN_ALERT = "clinician_alert", "Clinician alert"
    CLINICIAN_DIGEST = "clinician_digest", "Clinician daily digest"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


OPEN_STATUSES = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)


class Delivery(models.Model):
    """One message to one person: the ledger row written before anything is sent.

    To a runner (`runner` set, `recipient` empty), or to a member of staff (`recipient` set;
    `runner` then says which runner it is about, if any: a clinician's alert)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # An index of its own: the unique constraint below starts with the runner but holds only
    # rows with no staff recipient, so a lookup by runner alone (the runner's messages, the
    # foreign-key check when a runner row is deleted) could not use it and read the whole ledger.
    runner = models.ForeignKey(
        Runner,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # No index of its own either: most rows have no recipient, yet a plain index takes an entry
    # for each of them at every status change. Lookups by recipient use the partial unique
    # constraint below (recipient first, only rows that have one).
    recipient = models.ForeignKey(
        "clinic.User",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
        help_text="A member of staff the message goes to; empty when it goes to the runner.",
    )
    kind = models.CharField(max_length=30, choices=DeliveryKind.choices)
    local_date = models.DateField(help_text="The day in the runner's time zone it belongs to.")
    # What the message is about beyond the day, e.g. an appointment and its start; blank for the
    # daily reminder, so the unique constraint is one per runner per kind per local day.
    reference = models.CharField(max_length=120, blank=True, default="")
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was skipped.")
    error = models.TextField(blank=True, help_text="The last provider error.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Queued rows are (re)enqueued by the sweeper once this passes: a lost message or a retry.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set by each claim, so the claimer can read back exactly the rows it won.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The provider's own ID for the message (an ESP's message ID, a Twilio SID), for support.
    provider_id = models.CharField(max_length=200, blank=True)
    # Set by the provider's delivery webhook: the message reached the mailbox or the phone.
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "message"  # what staff call a row of the outbox
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "kind", "local_date", "reference"],
                condition=models.Q(recipient__isnull=True),
                name="one_delivery_per_runner_kind_day",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "local_date", "reference"],
                condition=models.Q(recipient__isnull=False),
                name="one_delivery_per_recipient_kind_day",
            ),
            models.CheckConstraint(
                condition=models.Q(runner__isnull=False) | models.Q(recipient__isnull=False),
                name="delivery_has_someone_to_send_to",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DeliveryKind.values), name="delivery_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DeliveryStatus.SKIPPED) | ~models.Q(reason=""),
                name="skipped_delivery_has_reason",
            ),
        ]
        # Few indexes: 100,000 rows are written at the same minute. The sweeper's two reads use
        # small partial indexes that hold only the open rows.
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="queued"),
                name="delivery_queued_due",
            ),
            models.Index(
                fields=["claimed_at"], condition=models.Q(status="sending"), name="delivery_sending"
            ),
        ]

    def __str__(self):
        to = f"user {self.recipient_id}" if self.recipient_id else f"runner {self.runner_id}"
        return f"{self.get_kind_display()} to {to} for {self.local_date}"


class Suppression(models.Model):
    """An address a provider told us is dead (a hard bounce, a spam complaint, an unreachable
    number). Nothing is sent to it again; a runner whose address changes is reached at the new one.

    Kept as a SHA-256 of the normalised address, not the address: the check needs only equality,
    and a runner anonymised later leaves no contact detail behind here."""

    address_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    reason = models.CharField(max_length=200)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_channel_display()} suppressed: {self.reason}"
