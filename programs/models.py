"""Exercises, protocols, programs and the sets runners log.

A program's prescription is never edited in place: each change adds a dated `Prescription`
version (with its items), so a past day is always judged against what was prescribed that day.
A `SetLog` keeps the prescribed dose beside what was done, and its `code` is made by the client,
so a resent log is the same log.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import LazyObject

from clinic.models import Runner
from programs import return_to_run, timeline


class DoseKind(models.TextChoices):
    BREATHS = "breaths", "Breaths"
    REPS = "reps", "Repetitions"
    HOLD_SECONDS = "hold_seconds", "Seconds held"


DOSE_UNITS = {
    DoseKind.BREATHS: ("breath", "breaths"),
    DoseKind.REPS: ("rep", "reps"),
    DoseKind.HOLD_SECONDS: ("second", "seconds"),
}


def describe_dose(kind: str, dose: int, *, per_side: bool = False) -> str:
    """'5 breaths', '8 reps each side', '30 seconds each side'."""
    singular, plural = DOSE_UNITS[DoseKind(kind)]
    text = f"{dose} {singular if dose == 1 else plural}"
    return f"{text} each side" if per_side else text


class ExerciseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Exercise(models.Model):
    """One movement in the library. The six of the seed protocol ship in a data migration.

    These fields are the library's working copy; each saved change is also kept as a numbered
    `ExerciseVersion`, and prescriptions point at the version they were written with.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    purpose = models.TextField()
    setup = models.TextField(help_text="How to get into position.")
    movement = models.TextField(help_text="What to do, step by step.")
    cues = models.TextField(help_text="One cue a line; the runner sees them while logging.")
    dose_kind = models.CharField(max_length=20, choices=DoseKind.choices)
    per_side = models.BooleanField(default=False, help_text="The dose is done on each side.")
    default_sets = models.PositiveSmallIntegerField(default=3, help_text="Sets per session.")
    default_dose = models.PositiveSmallIntegerField(
        help_text="Breaths, repetitions or seconds held in one set."
    )
    is_active = models.BooleanField(default=True)
    # A drawing shipped with the app (a static file), for the exercises of the seed protocol.
    illustration = models.CharField(max_length=200, blank=True, editable=False)
    current_version = models.ForeignKey(
        "ExerciseVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version new prescriptions get.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dose_kind__in=DoseKind.values), name="exercise_dose_kind_valid"
            ),
            models.CheckConstraint(condition=Q(default_dose__gte=1), name="exercise_dose_positive"),
            models.CheckConstraint(condition=Q(default_sets__gte=1), name="exercise_sets_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:exercise_detail", kwargs={"code": self.code})

    @property
    def cue_list(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def default_dose_text(self) -> str:
        return describe_dose(self.dose_kind, self.default_dose, per_side=self.per_side)


# What a version of an exercise keeps: everything a runner reads and the meaning of its dose.
EXERCISE_VERSION_FIELDS = (
    "name",
    "purpose",
    "setup",
    "movement",
    "cues",
    "dose_kind",
    "per_side",
    "default_sets",
    "default_dose",
)


class ExerciseVersion(models.Model):
    """An exercise's instructions and dose as they stood from `created_at` on, numbered 1, 2, ...

    Never changed once written: a live program keeps showing the version it was prescribed
    until a clinician moves it to a newer one.
    """

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    purpose = models.TextField()
    setup = models.TextField()
    movement = models.TextField()
    cues = models.TextField()
    dose_kind = models.CharField(max_length=20, choices=DoseKind.choices)
    per_side = models.BooleanField(default=False)
    default_sets = models.PositiveSmallIntegerField()
    default_dose = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exercise", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "number"], name="exercise_version_once"),
            models.CheckConstraint(
                condition=Q(dose_kind__in=DoseKind.values), name="exercise_version_dose_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.number})"

    @property
    def cue_list(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def default_dose_text(self) -> str:
        return describe_dose(self.dose_kind, self.default_dose, per_side=self.per_side)


class _ExerciseMediaStorage(LazyObject):
    """`storages["exercise_media"]`, looked up when first used rather than when models load,
    so a changed STORAGES setting (tests) takes effect; programs.apps resets it then."""

    def _setup(self):
        self._wrapped = storages["exercise_media"]


exercise_media_storage = _ExerciseMediaStorage()


def media_storage():
    """Where exercise pictures and videos live: private, never under a public URL (settings)."""
    return exercise_media_storage


def media_path(media, filename: str) -> str:
    # The name is ours, not the uploader's: a UUID and the extension the content showed.
    return f"exercises/{media.exercise.code}/{media.code}{filename[filename.rfind('.') :]}"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Picture"
    VIDEO = "video", "Video"


class ExerciseMedia(models.Model):
    """A picture or short video of an exercise, checked by its content (programs.media).

    Served only through `programs:exercise_media`, to clinical staff and to runners whose
    program has the exercise.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(max_length=10, choices=MediaKind.choices)
    file = models.FileField(storage=media_storage, upload_to=media_path, max_length=255)
    thumbnail = models.FileField(
        storage=media_storage, upload_to=media_path, max_length=255, blank=True
    )
    content_type = models.CharField(max_length=50)
    size_bytes = models.PositiveIntegerField()
    caption = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exercise", "position", "created_at"]
        verbose_name_plural = "exercise media"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MediaKind.values), name="exercise_media_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.exercise}"

    def get_absolute_url(self):
        return reverse("programs:exercise_media", kwargs={"code": self.code})

    @property
    def thumbnail_url(self) -> str:
        return reverse("programs:exercise_media_thumbnail", kwargs={"code": self.code})

    @property
    def is_video(self) -> bool:
        return self.kind == MediaKind.VIDEO


class Protocol(models.Model):
    """A named template a clinician copies into a runner's program.

    Editing it makes a new numbered `ProtocolVersion` (a snapshot); programs started from it
    keep their own copy and note the version they started from.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    notes = models.TextField(blank=True)
    sessions_per_day = models.PositiveSmallIntegerField(default=1)
    days_per_week = models.PositiveSmallIntegerField(default=7)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_per_day__gte=1, sessions_per_day__lte=6),
                name="protocol_sessions_per_day_range",
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=7),
                name="protocol_days_per_week_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:protocol_detail", kwargs={"code": self.code})


class ProtocolItem(models.Model):
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    sets_per_session = models.PositiveSmallIntegerField()
    dose = models.PositiveSmallIntegerField(help_text="Breaths, repetitions or seconds per set.")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "exercise"], name="protocol_item_exercise_once"
            ),
            models.CheckConstraint(condition=Q(sets_per_session__gte=1), name="protocol_item_sets"),
            models.CheckConstraint(condition=Q(dose__gte=1), name="protocol_item_dose"),
        ]

    def __str__(self):
        return f"{self.protocol}: {self.exercise}"


class ProtocolVersion(models.Model):
    """A protocol as it stood after one save: its settings and items, kept as written."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    notes = models.TextField(blank=True)
    sessions_per_day = models.PositiveSmallIntegerField()
    days_per_week = models.PositiveSmallIntegerField()
    # [{"exercise": id, "exercise_version": id, "name", "sets_per_session", "dose", "notes"}]
    items = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["protocol", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocol_version_once"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.number})"


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"


class ProgramQuerySet(models.QuerySet):
    def current(self):
        """Programs a runner is on (active or paused), not the finished ones."""
        return self.exclude(status=ProgramStatus.COMPLETED)


class Program(models.Model):
    """A runner's own copy of a protocol, with a start date and a length."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="programs")
    protocol = models.ForeignKey(
        Protocol, null=True, blank=True, on_delete=models.SET_NULL, related_name="programs"
    )
    protocol_version = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The protocol's version when the program was last set from it.",
    )
    name = models.CharField(max_length=120)
    start_date = models.DateField()
    length_weeks = models.PositiveSmallIntegerField(default=6)
    status = models.CharField(
        max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    ended_on = models.DateField(null=True, blank=True, help_text="Set when marked completed.")
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(length_weeks__gte=1, length_weeks__lte=52),
                name="program_length_range",
            ),
            # One program at a time, so "today's exercises" has one answer.
            models.UniqueConstraint(
                fields=["runner"],
                condition=~Q(status=ProgramStatus.COMPLETED),
                name="program_one_current_per_runner",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
                name="program_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.name} for {self.runner}"

    def get_absolute_url(self):
        return reverse("programs:program_detail", kwargs={"code": self.code})

    @property
    def planned_end(self) -> date:
        """The last day of the program as planned (inclusive)."""
        return timeline.last_day(self.start_date, self.length_weeks)

    @property
    def last_day(self) -> date:
        return timeline.last_day(self.start_date, self.length_weeks, self.ended_on)


class Prescription(models.Model):
    """What a program asked for from `effective_from` on, until a later version replaces it.

    Versions are only ever added. Several on the same day: the latest one counts for that day.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="prescriptions")
    effective_from = models.DateField()
    sessions_per_day = models.PositiveSmallIntegerField(default=1)
    days_per_week = models.PositiveSmallIntegerField(default=7)
    paused = models.BooleanField(default=False, help_text="Nothing is due while paused.")
    note = models.CharField(max_length=300, blank=True, help_text="Why it changed.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_from", "id"]
        get_latest_by = ["effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_per_day__gte=1, sessions_per_day__lte=6),
                name="prescription_sessions_per_day_range",
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=7),
                name="prescription_days_per_week_range",
            ),
        ]

    def __str__(self):
        return f"{self.program} from {self.effective_from}"


class PrescriptionItem(models.Model):
    """One exercise of a prescription, with the version of its instructions that was prescribed.

    Today, the handout and the program page show `exercise_version`, not the library's working
    copy, so editing the library never changes what a runner was asked to do.
    """

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    exercise_version = models.ForeignKey(
        ExerciseVersion, on_delete=models.PROTECT, related_name="prescription_items"
    )
    position = models.PositiveSmallIntegerField()
    sets_per_session = models.PositiveSmallIntegerField()
    dose = models.PositiveSmallIntegerField(help_text="Breaths, repetitions or seconds per set.")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prescription", "exercise"], name="prescription_item_exercise_once"
            ),
            models.CheckConstraint(
                condition=Q(sets_per_session__gte=1), name="prescription_item_sets"
            ),
            models.CheckConstraint(condition=Q(dose__gte=1), name="prescription_item_dose"),
        ]

    def __str__(self):
        return f"{self.exercise}: {self.sets_per_session} × {self.dose}"

    @property
    def dose_text(self) -> str:
        version = self.exercise_version
        return describe_dose(version.dose_kind, self.dose, per_side=version.per_side)


class SetLog(models.Model):
    """One set a runner did, on their own local day, with the dose prescribed beside the dose done.

    `code` is generated by the runner's phone: a retried or offline-resent request carries the
    same code and lands on the same row. Undo marks the row rather than deleting it, so a late
    resend of an undone set stays undone.
    """

    code = models.UUIDField(unique=True, help_text="Made by the client; the idempotency key.")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="set_logs")
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="set_logs")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(help_text="The runner's local date the set belongs to.")
    set_number = models.PositiveSmallIntegerField()
    dose_kind = models.CharField(max_length=20, choices=DoseKind.choices)
    per_side = models.BooleanField(default=False)
    prescribed_dose = models.PositiveSmallIntegerField()
    done_dose = models.PositiveSmallIntegerField()
    logged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "exercise_id", "set_number"]
        indexes = [
            models.Index(fields=["runner", "day"]),
            models.Index(fields=["program", "day"]),
            # The dashboard's "last activity": each runner's latest live log, one index probe
            # per runner instead of aggregating every log (issue 8, EXPLAIN at scale).
            models.Index(
                fields=["runner", "-logged_at"],
                condition=Q(undone_at__isnull=True),
                name="setlog_runner_latest_live",
            ),
        ]
        constraints = [
            # A double tap on the same set is one set, whatever codes the two taps carried.
            models.UniqueConstraint(
                fields=["program", "exercise", "day", "set_number"],
                condition=Q(undone_at__isnull=True),
                name="setlog_one_live_log_per_set",
            ),
            models.CheckConstraint(
                condition=Q(dose_kind__in=DoseKind.values), name="setlog_dose_kind_valid"
            ),
            models.CheckConstraint(condition=Q(set_number__gte=1), name="setlog_set_number"),
            models.CheckConstraint(condition=Q(prescribed_dose__gte=1), name="setlog_prescribed"),
        ]

    def __str__(self):
        return f"{self.exercise} set {self.set_number} on {self.day}"

    @property
    def is_live(self) -> bool:
        return self.undone_at is None


class SessionFeedback(models.Model):
    """How the knee felt after a day's exercises (NPRS 0-10) and a note."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="feedback")
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="session_feedback")
    day = models.DateField()
    knee_pain = models.PositiveSmallIntegerField(help_text="0 = no pain, 10 = worst imaginable.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name_plural = "session feedback"
        indexes = [models.Index(fields=["runner", "day"])]
        constraints = [
            models.UniqueConstraint(fields=["program", "day"], name="feedback_once_per_day"),
            # NPRS is 0-10 (Farrar 2001).
            models.CheckConstraint(
                condition=Q(knee_pain__gte=0, knee_pain__lte=10), name="feedback_pain_0_10"
            ),
        ]

    def __str__(self):
        return f"{self.runner} on {self.day}: {self.knee_pain}/10"


class DischargeReason(models.TextChoices):
    """docs/domain.md §7.2."""

    GOALS_MET = "goals_met", "Goals met"
    SELF_MANAGING = "self_managing", "Self-managing"
    REFERRED = "referred", "Referred on"
    DID_NOT_RETURN = "did_not_return", "Did not return"


# Return to run (docs/domain.md §6.4): stages 1-6, then 7 = back to the training plan.
RETURN_TO_RUN_STAGES = 7


class Discharge(models.Model):
    """The end of an episode of care, with the summary built from the record at that moment.

    The figures are kept as they were on the day (the record may grow later; the letter the
    runner and their doctor got must not change): each questionnaire's first and last score,
    adherence over the program, the return-to-run stage and weekly distance (empty until the
    return-to-run plan records them), and the home program to keep.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="discharges")
    program = models.OneToOneField(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="discharge"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discharges"
    )
    discharged_on = models.DateField()
    reason = models.CharField(max_length=20, choices=DischargeReason.choices)
    note = models.TextField(blank=True, help_text="For the runner and their doctor.")
    adherence_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    # Any questionnaire improved by at least its meaningful change (docs/domain.md §4.5): the
    # last step of the Runner's Roadmap funnel (§7.3), kept here so reports count it in SQL.
    reached_meaningful_change = models.BooleanField(default=False)
    return_to_run_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    weekly_distance_km = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    home_sessions_per_day = models.PositiveSmallIntegerField(default=1)
    home_days_per_week = models.PositiveSmallIntegerField(default=3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-discharged_on", "-id"]
        indexes = [models.Index(fields=["discharged_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=DischargeReason.values), name="discharge_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(adherence_percent__isnull=True) | Q(adherence_percent__lte=100),
                name="discharge_adherence_percent",
            ),
            models.CheckConstraint(
                condition=Q(return_to_run_stage__isnull=True)
                | Q(return_to_run_stage__gte=1, return_to_run_stage__lte=RETURN_TO_RUN_STAGES),
                name="discharge_return_to_run_stage",
            ),
            models.CheckConstraint(
                condition=Q(home_days_per_week__gte=1, home_days_per_week__lte=7)
                & Q(home_sessions_per_day__gte=1, home_sessions_per_day__lte=6),
                name="discharge_home_schedule",
            ),
        ]

    def __str__(self):
        return f"Discharge of {self.runner} on {self.discharged_on}"

    def get_absolute_url(self):
        return reverse("programs:discharge_detail", kwargs={"code": self.code})


class DischargeOutcome(models.Model):
    """One questionnaire scale at discharge: first and last score, and whether the change counts."""

    discharge = models.ForeignKey(Discharge, on_delete=models.CASCADE, related_name="outcomes")
    questionnaire = models.CharField(max_length=10)
    scale = models.CharField(max_length=20)
    label = models.CharField(max_length=60)
    first_on = models.DateField()
    first_score = models.FloatField()
    last_on = models.DateField()
    last_score = models.FloatField()
    change = models.FloatField()
    meaningful_change = models.FloatField(help_text="The line this change is judged against.")
    meaningful = models.BooleanField()
    better = models.BooleanField()

    class Meta:
        ordering = ["discharge", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["discharge", "questionnaire", "scale"], name="discharge_outcome_once"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.first_score:g} → {self.last_score:g}"

    @property
    def improved(self) -> bool:
        return self.meaningful and self.better


class HomeExercise(models.Model):
    """An exercise of the home program the runner keeps after discharge."""

    discharge = models.ForeignKey(Discharge, on_delete=models.CASCADE, related_name="home_program")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    exercise_version = models.ForeignKey(
        ExerciseVersion, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    sets_per_session = models.PositiveSmallIntegerField()
    dose = models.PositiveSmallIntegerField()
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["discharge", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(sets_per_session__gte=1), name="home_exercise_sets"),
            models.CheckConstraint(condition=Q(dose__gte=1), name="home_exercise_dose"),
        ]

    def __str__(self):
        return f"{self.exercise_version.name}: {self.sets_per_session} × {self.dose}"

    @property
    def dose_text(self) -> str:
        version = self.exercise_version
        return describe_dose(version.dose_kind, self.dose, per_side=version.per_side)


class AdherenceSummary(models.Model):
    """A current program's dashboard figures, as of its runner's local day.

    Working adherence out means reading a month of set logs per program; doing it for all 400 of
    a clinician's runners on every dashboard request took about a second (docs/performance.md).
    These rows are kept current when a set is logged or undone, feedback is given or the
    prescription changes, and rebuilt each hour for runners whose day has turned over, so the
    dashboard sorts and pages them in SQL. The rules stay in `programs.adherence`; this is a cache
    of their answers, never a second source of them. Only current programs have one.
    """

    program = models.OneToOneField(
        Program, primary_key=True, on_delete=models.CASCADE, related_name="summary"
    )
    # One current program per runner, so one summary: the dashboard joins runners to it directly.
    runner = models.OneToOneField(Runner, on_delete=models.CASCADE, related_name="adherence")
    as_of = models.DateField(help_text="The runner's local day these figures are for.")
    last_7 = models.PositiveSmallIntegerField(null=True, blank=True)
    last_30 = models.PositiveSmallIntegerField(null=True, blank=True)
    active_days_30 = models.PositiveSmallIntegerField(default=0)
    falling = models.BooleanField(default=False)
    pain = models.BooleanField(default=False)
    worst_recent_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    flagged = models.GeneratedField(
        expression=Q(falling=True) | Q(pain=True),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    daily = models.JSONField(
        default=list, help_text="Each of the last 30 days' adherence percent, oldest first."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "adherence summaries"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_7__lte=100) & Q(last_30__lte=100), name="summary_percent_range"
            ),
        ]
        indexes = [models.Index(fields=["as_of"])]

    def __str__(self):
        return f"{self.program} as of {self.as_of}"


# ---- Return to run (docs/domain.md §6) ------------------------------------------------------

MAX_RUN_LOG_KM = 350  # further than an ultra in one go is a unit mistake
MAX_RUN_MINUTES = 24 * 60


class RunKind(models.TextChoices):
    RUN = "run", "Run"
    CROSS_TRAINING = "cross_training", "Cross-training"
    NO_RUN = "no_run", "No run"


class RunColour(models.TextChoices):
    """docs/domain.md §6.1; a run's colour by `programs.return_to_run.run_colour`."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


def _pain_0_10(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 10})


class RunLog(models.Model):
    """A run, a cross-training session or a day without a run, as the runner logged it.

    `code` is made by the runner's phone (like a set log's): a resent form lands on the same row.
    Distance is stored in km whatever unit the runner sees. `colour` is the run's colour as far
    as it is known: it is judged again when the next morning's pain comes in.
    """

    code = models.UUIDField(unique=True, help_text="Made by the client; the idempotency key.")
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="run_logs")
    day = models.DateField(help_text="The runner's local date of the run.")
    kind = models.CharField(max_length=20, choices=RunKind.choices, default=RunKind.RUN)
    distance_km = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    effort = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="RPE 0-10 (Borg CR-10)."
    )
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    stopped_by_pain = models.BooleanField(default=False)
    colour = models.CharField(max_length=5, choices=RunColour.choices, blank=True)
    # The plan's stage the run belonged to, if the runner had a plan (§6.4).
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "logged_at"]
        indexes = [models.Index(fields=["runner", "day"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RunKind.values), name="runlog_kind_valid"),
            models.CheckConstraint(
                condition=Q(colour__in=[*RunColour.values, ""]), name="runlog_colour_valid"
            ),
            models.CheckConstraint(condition=_pain_0_10("pain_during"), name="runlog_during_0_10"),
            models.CheckConstraint(condition=_pain_0_10("pain_after"), name="runlog_after_0_10"),
            models.CheckConstraint(condition=_pain_0_10("effort"), name="runlog_effort_0_10"),
            models.CheckConstraint(
                condition=Q(distance_km__isnull=True)
                | Q(distance_km__gte=0, distance_km__lte=MAX_RUN_LOG_KM),
                name="runlog_distance_in_range",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__lte=MAX_RUN_MINUTES),
                name="runlog_duration_in_range",
            ),
            # A run has its distance, time and pain during; the colour needs the pain.
            models.CheckConstraint(
                condition=~Q(kind=RunKind.RUN)
                | Q(
                    distance_km__isnull=False,
                    duration_minutes__isnull=False,
                    pain_during__isnull=False,
                ),
                name="runlog_run_complete",
            ),
            models.CheckConstraint(
                condition=Q(stage__isnull=True) | Q(stage__gte=1, stage__lte=RETURN_TO_RUN_STAGES),
                name="runlog_stage_1_7",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.day}"

    @property
    def is_run(self) -> bool:
        return self.kind == RunKind.RUN


class MorningPain(models.Model):
    """The knee's pain on waking (0-10), one a day: what a run's next morning is judged by.

    `code` is the morning's first answer's, made by the runner's phone like a run's: that answer
    resent (even after a later one) changes nothing; a new answer (a new code) for the same
    morning replaces the pain.
    """

    code = models.UUIDField(
        default=uuid.uuid4, unique=True, help_text="Made by the client; the idempotency key."
    )
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="morning_pains")
    day = models.DateField()
    pain = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "morning pain answer"
        constraints = [
            models.UniqueConstraint(fields=["runner", "day"], name="morning_pain_once_a_day"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="morning_pain_0_10"),
        ]

    def __str__(self):
        return f"{self.runner} on {self.day}: {self.pain}/10 on waking"


class AlertKind(models.TextChoices):
    """What tells a runner's clinician (docs/domain.md §6.6)."""

    RED_RUN = "red_run", "Red run"
    PAIN_AFTER_EXERCISE = "pain_after_exercise", "Pain of 5 or more after exercise"
    MORNING_PAIN_RISING = "morning_pain_rising", "Morning pain rising two days running"
    RED_FLAG = "red_flag", "New red flag"


# Sent at once; the other kinds wait for the clinician's daily digest.
IMMEDIATE_ALERTS = (AlertKind.RED_FLAG,)


class ClinicianAlert(models.Model):
    """Something a runner's clinician should know, once per (runner, kind, day).

    It shows on the dashboard until seen; red flags are emailed at once, the rest in the
    clinician's daily digest of `digest_on`.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="alerts")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runner_alerts",
    )
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    day = models.DateField(help_text="The runner's local day it is about.")
    reason = models.CharField(max_length=300)
    digest_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinician", "digest_on"])]
        constraints = [
            models.UniqueConstraint(fields=["runner", "kind", "day"], name="alert_once_a_day"),
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.runner} on {self.day}"

    def get_absolute_url(self) -> str:
        if self.kind == AlertKind.RED_FLAG:
            return reverse("intake:record", kwargs={"code": self.runner.code})
        return reverse("programs:running", kwargs={"code": self.runner.code})


def default_plan_stages() -> list[dict]:
    return [
        {"walk": walk, "run": run, "repeats": repeats}
        for walk, run, repeats in return_to_run.DEFAULT_STAGES
    ]


def default_entry_criteria() -> str:
    return return_to_run.DEFAULT_ENTRY_CRITERIA


class RunPlan(models.Model):
    """A runner's staged walk/run plan (docs/domain.md §6.4), one live plan per runner.

    `stages` holds stages 1-6 as {"walk": min, "run": min, "repeats": n}: the practice's default,
    edited per runner. Stage 7 is back to the training plan. The runs since `stage_since` at
    this stage decide the suggested stage (`programs.return_to_run.next_stage`); the clinician
    confirms it, unless the practice lets plans advance themselves.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="run_plans")
    stages = models.JSONField(default=default_plan_stages)
    stage = models.PositiveSmallIntegerField(default=1)
    stage_since = models.DateField()
    suggested_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(default=3)
    entry_criteria = models.TextField(default=default_entry_criteria, blank=True)
    is_live = models.BooleanField(default=True)
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner"], condition=Q(is_live=True), name="run_plan_one_live"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1, stage__lte=RETURN_TO_RUN_STAGES), name="run_plan_stage"
            ),
            models.CheckConstraint(
                condition=Q(suggested_stage__isnull=True)
                | Q(suggested_stage__gte=1, suggested_stage__lte=RETURN_TO_RUN_STAGES),
                name="run_plan_suggested_stage",
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=7),
                name="run_plan_sessions_per_week",
            ),
        ]

    def __str__(self):
        return f"Return-to-run plan of {self.runner}: stage {self.stage}"

    def session(self, stage: int | None = None) -> dict | None:
        """The session of `stage` (default: the current one); None at 7, the training plan."""
        stage = self.stage if stage is None else stage
        if 1 <= stage <= len(self.stages):
            return self.stages[stage - 1]
        return None

    @property
    def session_text(self) -> str:
        session = self.session()
        if session is None:
            return "Back to your training plan: add distance by no more than 10–20 % a week"
        return return_to_run.describe_session(session["walk"], session["run"], session["repeats"])

    @property
    def phases(self) -> list[tuple[str, int]]:
        """The guided timer's walk/run phases for the current stage."""
        session = self.session()
        if session is None:
            return []
        return return_to_run.session_phases(session["walk"], session["run"], session["repeats"])
