"""Booking: what can be booked, when clinicians work, and the appointments themselves.

Every moment is stored in UTC (`starts_at`, `ends_at`); weekly hours are wall-clock times in the
location's own time zone, turned into moments day by day by `clinic.booking.slots` (so a clinic
that opens at 9:00 still opens at 9:00 the week the clocks change).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from clinic.models.people import Location, Role, Runner


class AppointmentType(models.Model):
    class Kind(models.TextChoices):
        ROADMAP = "roadmap", "Runner's Roadmap assessment"
        FOLLOW_UP = "follow_up", "Follow-up visit"

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    name = models.CharField(max_length=100)
    duration_minutes = models.PositiveSmallIntegerField()
    is_free = models.BooleanField(default=False)
    # Runner's Roadmap is the practice's front door: one per runner, only for runners who are new.
    new_runners_only = models.BooleanField(default=False)
    bookable_online = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="appointment_type_duration_sensible",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["roadmap", "follow_up"]),
                name="appointment_type_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.duration_minutes} min)"


class WorkingHours(models.Model):
    """One block of a clinician's usual week at one location, in the location's wall-clock time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="working_hours",
        limit_choices_to={"role": Role.CLINICIAN},
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["clinician", "weekday", "start_time"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="working_hours_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="working_hours_weekday_valid",
            ),
        ]

    def __str__(self):
        return (
            f"{self.clinician} at {self.location}: {self.get_weekday_display()} "
            f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        )


class ScheduleChange(models.Model):
    """A one-off change to a clinician's usual week: time off, or extra hours at a location."""

    class Kind(models.TextChoices):
        TIME_OFF = "time_off", "Time off"
        EXTRA_HOURS = "extra_hours", "Extra hours"

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="schedule_changes",
        limit_choices_to={"role": Role.CLINICIAN},
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TIME_OFF)
    # Time off applies everywhere the clinician works; extra hours happen at one location.
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedule_changes",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["clinician", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="schedule_change_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["time_off", "extra_hours"]),
                name="schedule_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="extra_hours") | models.Q(location__isnull=False),
                name="schedule_change_extra_hours_has_location",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.clinician} from {self.starts_at:%Y-%m-%d}"


class AppointmentQuerySet(models.QuerySet):
    def holding_time(self):
        """Appointments that occupy their slot: all but cancelled ones (a no-show still used it)."""
        return self.exclude(status=Appointment.Status.CANCELLED)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Appointment(models.Model):
    """A runner's visit with a clinician at a location.

    Never double-booked: on Postgres an exclusion constraint (migration 0004) refuses two
    overlapping appointments for one clinician or one runner; on SQLite `clinic.booking.services`
    checks the same rule inside a write-locked transaction.
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ARRIVED = "arrived", "Arrived"
        NO_SHOW = "no_show", "No-show"
        CANCELLED = "cancelled", "Cancelled"

    class Source(models.TextChoices):
        FRONT_DESK = "front_desk", "Front desk"
        ONLINE = "online", "Online"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="appointments")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        limit_choices_to={"role": Role.CLINICIAN},
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="appointments")
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FRONT_DESK)
    concern = models.TextField("what's bothering you", blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(max_length=200, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["location", "starts_at"]),
            models.Index(fields=["clinician", "starts_at"]),
            models.Index(fields=["runner", "starts_at"]),
            # A day's schedule asks "ends after the day starts, starts before it ends": only
            # the ends_at bound is selective (the past keeps growing, the future stops at the
            # booking horizon), so these let it skip the history (issue 8, EXPLAIN at scale).
            models.Index(fields=["location", "ends_at"], name="appointment_location_ends"),
            models.Index(fields=["clinician", "ends_at"], name="appointment_clinician_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["booked", "arrived", "no_show", "cancelled"]),
                name="appointment_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled")
                | (~models.Q(cancel_reason="") & models.Q(cancelled_at__isnull=False)),
                name="appointment_cancel_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.appointment_type.name} for {self.runner} at {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("clinic:appointment_detail", kwargs={"code": self.code})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED
