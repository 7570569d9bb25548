"""The practice: people and their roles, locations, runners."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Replace
from django.urls import reverse
from phonenumber_field.modelfields import PhoneNumberField

from clinic.clock import validate_time_zone

DEFAULT_TIME_ZONE = "America/New_York"


class Role(models.TextChoices):
    PRACTICE_ADMIN = "admin", "Practice admin"
    CLINICIAN = "clinician", "Clinician"
    FRONT_DESK = "front_desk", "Front desk"
    RUNNER = "runner", "Runner"


STAFF_ROLES = (Role.PRACTICE_ADMIN, Role.CLINICIAN, Role.FRONT_DESK)


class UserManager(BaseUserManager):
    """Users log in by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.PRACTICE_ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RUNNER)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_practice_admin(self) -> bool:
        return self.role == Role.PRACTICE_ADMIN

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN

    @property
    def is_front_desk(self) -> bool:
        return self.role == Role.FRONT_DESK

    @property
    def is_runner(self) -> bool:
        return self.role == Role.RUNNER

    @property
    def sees_clinical_records(self) -> bool:
        """Clinicians and the practice admin read screenings, scores and programs."""
        return self.role in (Role.CLINICIAN, Role.PRACTICE_ADMIN)


class Location(models.Model):
    name = models.CharField(max_length=100, unique=True)
    address = models.TextField()
    phone = PhoneNumberField(blank=True)
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def digits_only(field: str):
    """The field with the usual phone punctuation removed, so 9195550101 finds 919-555-0101."""
    expression = models.F(field)
    for mark in ("-", " ", "(", ")", ".", "+"):
        expression = Replace(expression, models.Value(mark), models.Value(""))
    return expression


class RunnerQuerySet(models.QuerySet):
    def current(self):
        """Records in use: not merged into another record of the same person."""
        return self.filter(merged_into__isnull=True)

    def for_clinician(self, clinician):
        return self.current().filter(clinician=clinician)

    def search(self, query: str):
        """Runners as the front desk types them: every word of `query` must match the first
        name, last name or email ("alex mor" finds Alex Morgan, not every Alex and every
        Morgan); three or more digits also match the phone, however it was punctuated."""
        words = (query or "").split()
        if not words:
            return self.current()
        condition = models.Q()
        for word in words:
            condition &= (
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(email__icontains=word)
            )
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 3:
            return (
                self.current()
                .alias(phone_digits=digits_only("phone"))
                .filter(condition | models.Q(phone_digits__contains=digits))
            )
        return self.current().filter(condition)


class Runner(models.Model):
    """A runner the practice looks after. A caller booked by phone may have no login yet."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runner",
        limit_choices_to={"role": Role.RUNNER},
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    # E.164, so one number has one spelling: booking finds a returning runner by it, and SMS
    # providers take it as it is.
    phone = PhoneNumberField(blank=True)
    email = models.EmailField(blank=True)
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="runners"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_runners",
        limit_choices_to={"role": Role.CLINICIAN},
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Their account (clinic.trust.invitations): the last invitation's one-time nonce (empty once
    # used or never sent), when it was sent, and when they set up their login.
    invitation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    activated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when a departed runner is anonymised: the name, contact details and date of birth are
    # gone; the birth year stays for de-identified statistics (HIPAA Safe Harbor keeps years).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # Set when staff merged this duplicate into the person's other record
    # (clinic.booking.merge): its rows moved there; it stays, empty, for the audit trail.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        editable=False,
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RunnerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["email"]),
            models.Index(fields=["phone"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="runner_not_merged_into_self"
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("clinic:runner_detail", kwargs={"code": self.code})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class IdentityLock(models.Model):
    """One row per way of reaching a person (a normalised email, an E.164 phone), hashed so it
    holds no contact details. Booking locks a person's rows first, so two bookings by one person
    run one after the other and the second sees the first (domain.md: one record per person)."""

    key = models.CharField(max_length=64, unique=True)  # sha256 hex of "email:..." or "phone:..."

    def __str__(self):
        return self.key[:12]


class Heartbeat(models.Model):
    """A row written by the periodic heartbeat task: proof that a worker and beat are alive."""

    created_at = models.DateTimeField(auto_now_add=True)
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.hostname} at {self.created_at:%Y-%m-%d %H:%M:%S}"
