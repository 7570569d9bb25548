"""Intake: the runner's history, clinicians' screenings with red flags, outcome questionnaires,
and the clinician's visit notes.

A screening is a dated record signed by its clinician. Once signed it is never edited: a
correction is an amendment, a new signed screening that points at the one it replaces, so the
original stays readable; visit notes follow the same rule (docs/domain.md §7.1), and an edit of
the runner's history keeps the earlier answer with who gave it and when. Red flags belong to a
screening; a clinician may override one with a reason so a program can still be started
(docs/domain.md §3.5: "refer, don't prescribe").
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clinic.models import Appointment, Runner

# Plausible ranges, checked at the form field and again by the database. Wider than any healthy
# or pathological value a clinician would record, narrow enough to catch typos (a 300 for 30).
MAX_HIP_ROTATION_DEGREES = 90  # no hip rotates past 90 degrees either way
MAX_KNEE_TO_WALL_CM = 25  # Powden 2015 reports means of 9-13 cm; 25 cm is far past any runner
MAX_PAIN = 10  # NPRS 0-10
MAX_WEEKLY_KM = 400  # an ultra runner's biggest week; more is a unit mistake
MAX_RUN_KM = 350
MAX_YEARS_RUNNING = 80
KM_PER_MILE = Decimal("1.609344")  # the international mile


def _range(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class DistanceUnit(models.TextChoices):
    KM = "km", "Kilometres"
    MILES = "mi", "Miles"


class KneePainLocation(models.TextChoices):
    AROUND_KNEECAP = "around_kneecap", "Around or behind the kneecap"
    INSIDE = "inside", "Inside of the knee"
    OUTSIDE = "outside", "Outside of the knee"
    BELOW = "below", "Below the kneecap"


class AggravatingActivity(models.TextChoices):
    RUNNING = "running", "Running"
    STAIRS = "stairs", "Stairs"
    SQUATTING = "squatting", "Squatting"
    SITTING = "sitting", "Sitting for a long time"
    JUMPING = "jumping", "Jumping"


class RunnerHistory(models.Model):
    """What the runner tells us before the first visit; kept current, one per runner.

    Distances are stored in kilometres; `distance_unit` is only how the runner likes to see them.
    """

    runner = models.OneToOneField(Runner, on_delete=models.CASCADE, related_name="history")
    knee_side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    pain_locations = models.JSONField(default=list, blank=True)  # KneePainLocation values
    pain_since = models.DateField(null=True, blank=True)
    pain_now = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(0, 10))
    pain_worst = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(0, 10))
    aggravating_activities = models.JSONField(default=list, blank=True)  # AggravatingActivity
    distance_unit = models.CharField(
        max_length=2, choices=DistanceUnit.choices, default=DistanceUnit.KM
    )
    weekly_distance_km = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, validators=_range(0, MAX_WEEKLY_KM)
    )
    longest_run_km = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, validators=_range(0, MAX_RUN_KM)
    )
    years_running = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_range(0, MAX_YEARS_RUNNING)
    )
    next_race = models.CharField(max_length=200, blank=True)
    next_race_date = models.DateField(null=True, blank=True)
    previous_injuries = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "runner histories"
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_now__lte=MAX_PAIN) & Q(pain_worst__lte=MAX_PAIN),
                name="history_pain_in_range",
            ),
            models.CheckConstraint(
                condition=Q(pain_now__isnull=True)
                | Q(pain_worst__isnull=True)
                | Q(pain_worst__gte=models.F("pain_now")),
                name="history_worst_pain_not_below_now",
            ),
            models.CheckConstraint(
                condition=Q(weekly_distance_km__gte=0) & Q(weekly_distance_km__lte=MAX_WEEKLY_KM)
                | Q(weekly_distance_km__isnull=True),
                name="history_weekly_distance_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longest_run_km__gte=0) & Q(longest_run_km__lte=MAX_RUN_KM)
                | Q(longest_run_km__isnull=True),
                name="history_longest_run_in_range",
            ),
        ]

    def __str__(self):
        return f"History of {self.runner}"

    def _distance(self, km) -> str:
        if km is None:
            return "—"
        if self.distance_unit == DistanceUnit.MILES:
            return f"{km / KM_PER_MILE:.1f} mi"
        return f"{km:g} km"

    @property
    def weekly_distance_display(self) -> str:
        return self._distance(self.weekly_distance_km)

    @property
    def longest_run_display(self) -> str:
        return self._distance(self.longest_run_km)

    def pain_location_labels(self) -> list[str]:
        return [KneePainLocation(value).label for value in self.pain_locations]

    def aggravating_activity_labels(self) -> list[str]:
        return [AggravatingActivity(value).label for value in self.aggravating_activities]

    def answers(self) -> dict:
        """The runner's answers as a revision keeps them: dates as ISO text, decimals as text."""

        def stored(name, value):
            if hasattr(value, "isoformat"):
                return value.isoformat()
            if isinstance(value, Decimal):  # 40 as typed and 40.0 as stored are one answer
                places = self._meta.get_field(name).decimal_places
                return str(value.quantize(Decimal(1).scaleb(-places)))
            return value

        return {name: stored(name, getattr(self, name)) for name in HISTORY_ANSWER_FIELDS}


# What a revision keeps of the history: the runner's answers, not the bookkeeping.
HISTORY_ANSWER_FIELDS = (
    "knee_side",
    "pain_locations",
    "pain_since",
    "pain_now",
    "pain_worst",
    "aggravating_activities",
    "distance_unit",
    "weekly_distance_km",
    "longest_run_km",
    "years_running",
    "next_race",
    "next_race_date",
    "previous_injuries",
)


class RunnerHistoryRevision(models.Model):
    """An earlier answer of a runner's history, kept when someone changed it.

    The history itself holds the current answers; each change first copies what stood before
    into a revision, with who had written it and when, and who replaced it. Nothing is lost.
    """

    history = models.ForeignKey(RunnerHistory, on_delete=models.CASCADE, related_name="revisions")
    answers = models.JSONField(help_text="The answers as they stood, as stored (km, ISO dates).")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.history} as written {self.written_at:%Y-%m-%d %H:%M}"


class RotationPosition(models.TextChoices):
    SUPINE = "supine", "Supine"
    PRONE = "prone", "Prone"
    SEATED = "seated", "Seated"


class ThomasResult(models.TextChoices):
    NEGATIVE = "negative", "Negative: thigh at or below horizontal"
    POSITIVE = "positive", "Positive: thigh above horizontal"


class SquatQuality(models.TextChoices):
    # Crossley 2011
    GOOD = "good", "Good"
    FAIR = "fair", "Fair"
    POOR = "poor", "Poor"


class RedFlagKind(models.TextChoices):
    """docs/domain.md §3.5; the Ottawa knee rules (Stiell 1995) for the last one."""

    HOT_SWOLLEN_FEVER = "hot_swollen_fever", "Hot, red or swollen knee with fever"
    LOCKED_KNEE = "locked_knee", "Locked knee"
    EFFUSION_AFTER_INJURY = "effusion_after_injury", "Large effusion after an injury"
    CONSTANT_PAIN = "constant_pain", "Continuous pain, including at night or at rest"
    WEIGHT_LOSS = "weight_loss", "Unexplained weight loss"
    NEURO_VASCULAR = "neuro_vascular", "Numbness or changes in circulation"
    OTTAWA = (
        "ottawa",
        "Cannot bear weight for four steps or bend the knee to 90° after an injury",
    )


class ScreeningQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(signed_at__isnull=False)

    def current(self):
        """Signed screenings that no signed amendment has replaced."""
        return self.signed().exclude(amended_by__signed_at__isnull=False)


class Screening(models.Model):
    """One clinician's examination of a runner on one day."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="screenings")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    screened_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    # An amendment replaces exactly one signed screening, and keeps it.
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )
    amendment_reason = models.TextField(blank=True)

    # Posture observations in standing. Tilt alone is common in healthy adults (Herrington 2011).
    forward_lean = models.BooleanField(default=False)
    anterior_pelvic_tilt = models.BooleanField(default=False)
    lumbar_compression = models.BooleanField(default=False)
    calf_ankle_tightness = models.CharField(max_length=5, choices=Side.choices, blank=True)

    # Measurements, left and right. Degrees of hip rotation in the position recorded
    # (Kouyoumdjian 2012 gives the healthy averages per position).
    rotation_position = models.CharField(
        max_length=6, choices=RotationPosition.choices, default=RotationPosition.SUPINE
    )
    hip_ir_left = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_range(0, MAX_HIP_ROTATION_DEGREES)
    )
    hip_ir_right = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_range(0, MAX_HIP_ROTATION_DEGREES)
    )
    hip_er_left = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_range(0, MAX_HIP_ROTATION_DEGREES)
    )
    hip_er_right = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_range(0, MAX_HIP_ROTATION_DEGREES)
    )
    knee_to_wall_left_cm = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_range(0, MAX_KNEE_TO_WALL_CM),
    )
    knee_to_wall_right_cm = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_range(0, MAX_KNEE_TO_WALL_CM),
    )
    thomas_left = models.CharField(max_length=8, choices=ThomasResult.choices, blank=True)
    thomas_right = models.CharField(max_length=8, choices=ThomasResult.choices, blank=True)
    single_leg_squat_left = models.CharField(max_length=4, choices=SquatQuality.choices, blank=True)
    single_leg_squat_right = models.CharField(
        max_length=4, choices=SquatQuality.choices, blank=True
    )
    findings_notes = models.TextField("findings", blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-screened_on", "-created_at"]
        get_latest_by = ["screened_on", "signed_at"]
        indexes = [models.Index(fields=["runner", "-screened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hip_ir_left__lte=MAX_HIP_ROTATION_DEGREES)
                & Q(hip_ir_right__lte=MAX_HIP_ROTATION_DEGREES)
                & Q(hip_er_left__lte=MAX_HIP_ROTATION_DEGREES)
                & Q(hip_er_right__lte=MAX_HIP_ROTATION_DEGREES),
                name="screening_hip_rotation_plausible",
            ),
            models.CheckConstraint(
                condition=(
                    Q(knee_to_wall_left_cm__isnull=True)
                    | Q(knee_to_wall_left_cm__gte=0)
                    & Q(knee_to_wall_left_cm__lte=MAX_KNEE_TO_WALL_CM)
                )
                & (
                    Q(knee_to_wall_right_cm__isnull=True)
                    | Q(knee_to_wall_right_cm__gte=0)
                    & Q(knee_to_wall_right_cm__lte=MAX_KNEE_TO_WALL_CM)
                ),
                name="screening_knee_to_wall_plausible",
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amendment_reason=""),
                name="screening_amendment_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | Q(signed_at__isnull=False),
                name="screening_amendment_is_signed",
            ),
        ]

    def __str__(self):
        return f"Screening of {self.runner} on {self.screened_on}"

    def get_absolute_url(self):
        return reverse("intake:screening_detail", kwargs={"code": self.code})

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    def original(self) -> "Screening":
        """The first version of this examination (overrides attach to it)."""
        screening = self
        while screening.amends_id is not None:
            screening = screening.amends
        return screening


class RedFlag(models.Model):
    """A red flag ticked on a screening's checklist."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="red_flags")
    kind = models.CharField(max_length=30, choices=RedFlagKind.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "kind"], name="red_flag_once_a_screening"),
            models.CheckConstraint(
                condition=Q(kind__in=RedFlagKind.values), name="red_flag_kind_valid"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class RedFlagOverride(models.Model):
    """A clinician's explicit decision that a program may start despite a red flag.

    It belongs to the original screening, so an amendment that keeps the flag keeps the override,
    while a later screening with the same flag needs a fresh decision.
    """

    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="red_flag_overrides"
    )
    kind = models.CharField(max_length=30, choices=RedFlagKind.choices)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "kind"], name="override_once_a_flag"),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
        ]

    def __str__(self):
        return f"Override of {self.get_kind_display()} by {self.clinician}"


class Questionnaire(models.TextChoices):
    KOOS = "koos", "KOOS"
    KUJALA = "kujala", "Kujala (AKPS)"
    LEFS = "lefs", "LEFS"
    NPRS = "nprs", "Pain rating (NPRS)"


class ResponseSource(models.TextChoices):
    RUNNER = "runner", "Runner, logged in"
    LINK = "link", "Runner, from an emailed link"
    PAPER = "paper", "Paper copy entered by a clinician"


class QuestionnaireResponse(models.Model):
    """One filled questionnaire. The answers are kept as given; the scores beside them.

    Scores are computed by intake.scoring when the response is recorded and never edited.
    Kujala: {"total"}; KOOS: {"pain", "symptoms", "adl", "sport_rec", "qol"} (None = missing);
    LEFS: {"total"}; NPRS: {"total"}.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="responses")
    questionnaire = models.CharField(max_length=10, choices=Questionnaire.choices)
    answers = models.JSONField()
    scores = models.JSONField()
    source = models.CharField(max_length=10, choices=ResponseSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    # A link's one-time nonce: a link answered once can't add a second response.
    link_nonce = models.CharField(max_length=32, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["completed_on", "created_at"]
        indexes = [models.Index(fields=["runner", "questionnaire", "completed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(questionnaire__in=Questionnaire.values),
                name="response_questionnaire_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ResponseSource.values), name="response_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(link_nonce__isnull=True) | Q(source=ResponseSource.LINK),
                name="response_nonce_only_from_link",
            ),
        ]

    def __str__(self):
        return f"{self.get_questionnaire_display()} of {self.runner} on {self.completed_on}"


class VisitNoteQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(signed_at__isnull=False)

    def current(self):
        """Drafts and signed notes that no amendment has replaced: what the record lists."""
        return self.filter(amended_by__isnull=True)


class VisitNote(models.Model):
    """A clinician's note of one visit, in SOAP form (docs/domain.md §7.1).

    Subjective: what the runner reports. Objective: measurements, the screening. Assessment: the
    clinician's reasoning. Plan: program changes, next visit. A draft may be edited; a signed
    note never is: a correction is an amendment, a new signed note that keeps the one it replaces.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="visit_notes"
    )
    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="visit_notes")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visit_notes"
    )
    subjective = models.TextField(blank=True, help_text="What the runner reports.")
    objective = models.TextField(blank=True, help_text="Measurements and tests today.")
    assessment = models.TextField(blank=True, help_text="Your reasoning.")
    plan = models.TextField(blank=True, help_text="Program changes, next visit.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )
    amendment_reason = models.TextField(blank=True)

    objects = VisitNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-appointment__starts_at", "-created_at"]
        indexes = [models.Index(fields=["runner", "-created_at"])]
        constraints = [
            # One note per visit; its corrections hang off it as amendments.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(amends__isnull=True),
                name="visit_note_one_per_appointment",
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amendment_reason=""),
                name="visit_note_amendment_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | Q(signed_at__isnull=False),
                name="visit_note_amendment_is_signed",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True)
                | ~Q(subjective="", objective="", assessment="", plan=""),
                name="visit_note_signed_not_empty",
            ),
        ]

    def __str__(self):
        return f"Visit note for {self.runner} on {self.appointment.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("intake:visit_note_detail", kwargs={"code": self.code})

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    def sections(self) -> list[tuple[str, str]]:
        return [
            ("Subjective", self.subjective),
            ("Objective", self.objective),
            ("Assessment", self.assessment),
            ("Plan", self.plan),
        ]
