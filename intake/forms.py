"""Forms of the intake: runner history, screening, visit note, amendments, override,
questionnaires."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from intake import questionnaires
from intake.models import (
    KM_PER_MILE,
    MAX_HIP_ROTATION_DEGREES,
    MAX_KNEE_TO_WALL_CM,
    MAX_RUN_KM,
    MAX_WEEKLY_KM,
    AggravatingActivity,
    DistanceUnit,
    KneePainLocation,
    RedFlagKind,
    RunnerHistory,
    Screening,
    VisitNote,
)


def _to_unit(km: Decimal | None, unit: str) -> Decimal | None:
    if km is None or unit == DistanceUnit.KM:
        return km
    return (km / KM_PER_MILE).quantize(Decimal("0.1"))


def _to_km(value: Decimal | None, unit: str) -> Decimal | None:
    if value is None or unit == DistanceUnit.KM:
        return value
    return (value * KM_PER_MILE).quantize(Decimal("0.1"))


class RunnerHistoryForm(forms.ModelForm):
    """Distances are typed in the runner's unit and stored in kilometres."""

    pain_locations = forms.MultipleChoiceField(
        label="Where does the knee hurt?",
        choices=KneePainLocation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    aggravating_activities = forms.MultipleChoiceField(
        label="What makes it worse?",
        choices=AggravatingActivity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    weekly_distance = forms.DecimalField(
        label="Weekly distance", min_value=0, max_digits=5, decimal_places=1, required=False
    )
    longest_run = forms.DecimalField(
        label="Longest recent run", min_value=0, max_digits=5, decimal_places=1, required=False
    )

    class Meta:
        model = RunnerHistory
        fields = [
            "knee_side",
            "pain_locations",
            "pain_since",
            "pain_now",
            "pain_worst",
            "aggravating_activities",
            "distance_unit",
            "weekly_distance",
            "longest_run",
            "years_running",
            "next_race",
            "next_race_date",
            "previous_injuries",
        ]
        labels = {
            "knee_side": "Which knee?",
            "pain_since": "Since when?",
            "pain_now": "Pain now (0 = none, 10 = worst imaginable)",
            "pain_worst": "Pain at its worst (0-10)",
            "distance_unit": "I count distance in",
            "years_running": "Years running",
            "next_race": "Next race",
            "next_race_date": "Date of the next race",
            "previous_injuries": "Previous running injuries",
        }
        widgets = {
            "pain_since": forms.DateInput(attrs={"type": "date"}),
            "next_race_date": forms.DateInput(attrs={"type": "date"}),
            "previous_injuries": forms.Textarea(attrs={"rows": 3}),
            "distance_unit": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.instance.distance_unit
        self.initial.setdefault("weekly_distance", _to_unit(self.instance.weekly_distance_km, unit))
        self.initial.setdefault("longest_run", _to_unit(self.instance.longest_run_km, unit))
        for name in ("pain_now", "pain_worst"):
            self.fields[name].widget.attrs.update(min=0, max=10)

    def clean_pain_since(self):
        since = self.cleaned_data["pain_since"]
        if since and since > timezone.localdate():
            raise forms.ValidationError("The pain can't start in the future.")
        return since

    def clean(self):
        cleaned = super().clean()
        now, worst = cleaned.get("pain_now"), cleaned.get("pain_worst")
        if now is not None and worst is not None and worst < now:
            self.add_error("pain_worst", "Pain at its worst can't be lower than pain now.")
        unit = cleaned.get("distance_unit") or DistanceUnit.KM
        for name, limit in (("weekly_distance", MAX_WEEKLY_KM), ("longest_run", MAX_RUN_KM)):
            km = _to_km(cleaned.get(name), unit)
            if km is not None and km > limit:
                shown = _to_unit(Decimal(limit), unit)
                self.add_error(name, f"That's more than {shown} {unit}: please check the number.")
            cleaned[f"{name}_km"] = km
        return cleaned

    def save(self, commit=True):
        self.instance.weekly_distance_km = self.cleaned_data.get("weekly_distance_km")
        self.instance.longest_run_km = self.cleaned_data.get("longest_run_km")
        return super().save(commit)


MEASUREMENT_FIELDS = [
    "hip_ir_left",
    "hip_ir_right",
    "hip_er_left",
    "hip_er_right",
    "knee_to_wall_left_cm",
    "knee_to_wall_right_cm",
    "thomas_left",
    "thomas_right",
    "single_leg_squat_left",
    "single_leg_squat_right",
]


class ScreeningForm(forms.ModelForm):
    red_flags = forms.MultipleChoiceField(
        label="Red flags: refer, don't prescribe",
        choices=RedFlagKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Screening
        fields = [
            "screened_on",
            "forward_lean",
            "anterior_pelvic_tilt",
            "lumbar_compression",
            "calf_ankle_tightness",
            "rotation_position",
            *MEASUREMENT_FIELDS,
            "findings_notes",
        ]
        labels = {
            "screened_on": "Date of the screening",
            "forward_lean": "Forward lean in standing",
            "anterior_pelvic_tilt": "Anterior pelvic tilt",
            "lumbar_compression": "Signs of lumbar compression",
            "calf_ankle_tightness": "Calf and ankle tightness",
            "rotation_position": "Hip rotation measured",
        }
        widgets = {
            "screened_on": forms.DateInput(attrs={"type": "date"}),
            "findings_notes": forms.Textarea(attrs={"rows": 4}),
            "rotation_position": forms.RadioSelect,
        }

    def __init__(self, *args, red_flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("red_flags", list(red_flags))
        self.fields["calf_ankle_tightness"].choices = [("", "None")] + [
            choice for choice in self.fields["calf_ankle_tightness"].choices if choice[0]
        ]
        for side in ("left", "right"):
            for name in (f"hip_ir_{side}", f"hip_er_{side}"):
                field = self.fields[name]
                field.label = side.capitalize()
                field.widget.attrs.update(min=0, max=MAX_HIP_ROTATION_DEGREES)
                field.error_messages["max_value"] = (
                    f"No hip rotates past {MAX_HIP_ROTATION_DEGREES}°: please check the number."
                )
                field.error_messages["min_value"] = "Degrees can't be negative."
            field = self.fields[f"knee_to_wall_{side}_cm"]
            field.label = side.capitalize()
            field.widget.attrs.update(min=0, max=MAX_KNEE_TO_WALL_CM, step="0.1")
            field.error_messages["min_value"] = "A distance can't be negative."
            field.error_messages["max_value"] = (
                f"More than {MAX_KNEE_TO_WALL_CM} cm is not plausible: please check the number."
            )
            for name in (f"thomas_{side}", f"single_leg_squat_{side}"):
                self.fields[name].label = side.capitalize()
                self.fields[name].choices = [("", "Not tested")] + [
                    choice for choice in self.fields[name].choices if choice[0]
                ]

    def side_rows(self) -> dict[str, list]:
        """Left and right bound fields per measurement, for the two-column table."""
        rows = {
            "hip_ir": ("hip_ir_left", "hip_ir_right"),
            "hip_er": ("hip_er_left", "hip_er_right"),
            "knee_to_wall": ("knee_to_wall_left_cm", "knee_to_wall_right_cm"),
            "thomas": ("thomas_left", "thomas_right"),
            "single_leg_squat": ("single_leg_squat_left", "single_leg_squat_right"),
        }
        return {key: [self[name] for name in names] for key, names in rows.items()}

    def clean_screened_on(self):
        screened_on = self.cleaned_data["screened_on"]
        if screened_on > timezone.localdate():
            raise forms.ValidationError("A screening can't be dated in the future.")
        return screened_on


class AmendmentForm(ScreeningForm):
    amendment_reason = forms.CharField(
        label="What is corrected, and why",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The signed original stays on the record; this reason is shown beside it.",
    )

    class Meta(ScreeningForm.Meta):
        fields = [*ScreeningForm.Meta.fields, "amendment_reason"]


SOAP_FIELDS = ["subjective", "objective", "assessment", "plan"]


class VisitNoteForm(forms.ModelForm):
    """The four SOAP parts; any may be empty in a draft, not all of them in a signed note."""

    class Meta:
        model = VisitNote
        fields = SOAP_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in SOAP_FIELDS}

    def __init__(self, *args, signing: bool = False, **kwargs):
        self.signing = signing
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.signing and not any((cleaned.get(name) or "").strip() for name in SOAP_FIELDS):
            raise forms.ValidationError("Write at least one part of the note before signing it.")
        return cleaned


class VisitNoteAmendmentForm(VisitNoteForm):
    amendment_reason = forms.CharField(
        label="What is corrected, and why",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The signed original stays on the record; this reason is shown beside it.",
    )

    class Meta(VisitNoteForm.Meta):
        fields = [*VisitNoteForm.Meta.fields, "amendment_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, signing=True, **kwargs)

    def clean_amendment_reason(self):
        reason = self.cleaned_data["amendment_reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError("Please say what is corrected, in a few words.")
        return reason


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(label="Red flag", choices=RedFlagKind.choices)
    reason = forms.CharField(
        label="Why a program may start despite this flag",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the runner's record with your name and the date.",
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, RedFlagKind(kind).label) for kind in kinds]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Please give the reason in a sentence.")
        return reason


def _layout(item) -> str:
    if len(item.options) > 5:
        return "options-scale"
    if all(len(label) <= 9 for _value, label in item.options):
        return "options-row"
    return ""


class QuestionnaireForm(forms.Form):
    """One radio field per item, built from intake.questionnaires; scored by the service."""

    def __init__(self, *args, questionnaire: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        required = questionnaires.EVERY_ITEM_REQUIRED[questionnaire]
        for item in questionnaires.items(questionnaire):
            self.fields[item.code] = forms.TypedChoiceField(
                label=item.text,
                choices=[(str(value), label) for value, label in item.options],
                coerce=int,
                empty_value=None,
                required=required,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer."},
            )

    def sections(self):
        """(section, [(bound field, layout)]) for the template.

        Five short options fit side by side on a phone, which keeps KOOS's 42 items scrollable;
        longer options (Kujala, LEFS) stack full width; NPRS is an 11-point scale.
        """
        return [
            (section, [(self[item.code], _layout(item)) for item in section.items])
            for section in questionnaires.SECTIONS[self.questionnaire]
        ]

    def answers(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(code) for code in self.fields if code != "completed_on"}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                scores = questionnaires.score(self.questionnaire, self.answers())
            except ValueError as error:
                raise forms.ValidationError(
                    "Some answers are not valid; please check them."
                ) from error
            if all(value is None for value in scores.values()):
                raise forms.ValidationError(
                    "Please answer at least half of the questions in one part or more."
                )
        return cleaned


class PaperQuestionnaireForm(QuestionnaireForm):
    """A clinician types in a paper copy, with the date the runner filled it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"] = forms.DateField(
            label="Date on the paper copy",
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.order_fields(["completed_on"])

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError("The paper copy can't be dated in the future.")
        return completed_on
