from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils.text import slugify

from programs.media import MAX_VIDEO_BYTES
from programs.models import (
    MAX_RUN_LOG_KM,
    MAX_RUN_MINUTES,
    DischargeReason,
    Exercise,
    ProgramStatus,
    Protocol,
    RunKind,
)
from programs.return_to_run import miles_to_km
from programs.services import ItemSpec

PAIN_CHOICES = [(n, str(n)) for n in range(11)]


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = [
            "name",
            "purpose",
            "setup",
            "movement",
            "cues",
            "dose_kind",
            "per_side",
            "default_sets",
            "default_dose",
            "is_active",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "setup": forms.Textarea(attrs={"rows": 3}),
            "movement": forms.Textarea(attrs={"rows": 3}),
            "cues": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"is_active": "Offer this exercise when prescribing"}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        slug = slugify(name)[:80]
        if not slug:
            raise forms.ValidationError("Use some letters or numbers in the name.")
        clash = Exercise.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("An exercise with this name is already in the library.")
        return name

    def save(self, commit=True):
        if not self.instance.slug:
            self.instance.slug = slugify(self.cleaned_data["name"])[:80]
        return super().save(commit)


class ItemForm(forms.Form):
    """One exercise line of a protocol or prescription."""

    exercise = forms.ModelChoiceField(queryset=Exercise.objects.active())
    sets_per_session = forms.IntegerField(label="Sets", min_value=1, max_value=20)
    dose = forms.IntegerField(
        min_value=1, max_value=600, help_text="Breaths, repetitions or seconds per set"
    )
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered as a table row, not by crispy, so the Bootstrap classes are set here.
        for name, field in self.fields.items():
            # (Not self.errors here: cleaning before the formset adds DELETE would lose it.)
            field.widget.attrs["class"] = "form-select" if name == "exercise" else "form-control"


class BaseItemFormSet(forms.BaseFormSet):
    require_one = True  # a protocol or prescription needs an exercise; a home program may not

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            exercise = form.cleaned_data["exercise"]
            if exercise in seen:
                form.add_error("exercise", "This exercise is listed twice; keep one line.")
            seen.add(exercise)
        if not seen and self.require_one:
            raise forms.ValidationError("Add at least one exercise.")

    def specs(self) -> list[ItemSpec]:
        return [
            ItemSpec(
                exercise=form.cleaned_data["exercise"],
                sets_per_session=form.cleaned_data["sets_per_session"],
                dose=form.cleaned_data["dose"],
                notes=form.cleaned_data.get("notes", ""),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


# A protocol or program holds at most this many exercises. The formset never builds more rows
# than that either, whatever count a POST claims: Django's default would build (and render with
# a select of every exercise) up to a thousand more, seconds of work for one hostile request.
MAX_ITEMS = 30

ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


def item_initial(items) -> list[dict]:
    """Formset rows from protocol or prescription items."""
    return [
        {
            "exercise": item.exercise,
            "sets_per_session": item.sets_per_session,
            "dose": item.dose,
            "notes": item.notes,
        }
        for item in items
    ]


class ProtocolForm(forms.ModelForm):
    class Meta:
        model = Protocol
        fields = ["name", "notes", "sessions_per_day", "days_per_week"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    sessions_per_day = forms.IntegerField(min_value=1, max_value=6, initial=1)
    days_per_week = forms.IntegerField(min_value=1, max_value=7, initial=7)


class CopyProtocolForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name of the copy")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Protocol.objects.filter(name=name).exists():
            raise forms.ValidationError("A protocol with this name already exists.")
        return name


class AssignForm(forms.Form):
    protocol = forms.ModelChoiceField(queryset=Protocol.objects.all(), empty_label=None)
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    length_weeks = forms.IntegerField(min_value=1, max_value=52, initial=6, label="Weeks")

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = today

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        # A runner can back-fill a week (practice rule), so a program may start up to a week ago.
        if start < self.today - timedelta(days=7):
            raise forms.ValidationError("Start today or within the past week.")
        if start > self.today + timedelta(days=90):
            raise forms.ValidationError("Start within the next three months.")
        return start


class PrescriptionForm(forms.Form):
    effective_from = forms.DateField(
        label="Takes effect on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Days before this keep the old prescription.",
    )
    sessions_per_day = forms.IntegerField(min_value=1, max_value=6)
    days_per_week = forms.IntegerField(min_value=1, max_value=7)
    note = forms.CharField(max_length=300, required=False, label="Why it changed")

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = today

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if day < self.today:
            raise forms.ValidationError(
                "Changes take effect today or later: past days keep what was prescribed."
            )
        return day


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ProgramStatus.choices)


class LogSetForm(forms.Form):
    code = forms.UUIDField()
    exercise = forms.UUIDField()
    day = forms.DateField()
    set_number = forms.IntegerField(min_value=1, max_value=60)
    done_dose = forms.IntegerField(min_value=0, max_value=600, required=False)


class UndoForm(forms.Form):
    code = forms.UUIDField()
    day = forms.DateField(required=False)


class FeedbackForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    knee_pain = forms.TypedChoiceField(
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="How did your knee feel after today's exercises? 0 = no pain, 10 = worst",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "Anything your clinician should know"}
        ),
    )


class MediaForm(forms.Form):
    """A picture or a short video of an exercise; what it is, is read from its content."""

    file = forms.FileField(
        label="Picture or video",
        help_text="JPEG, PNG or WebP up to 10 MB; MP4, MOV or WebM up to 50 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,video/*"}
        ),
    )
    caption = forms.CharField(max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VIDEO_BYTES:
            raise forms.ValidationError(f"Files may be up to {MAX_VIDEO_BYTES // 1024 // 1024} MB.")
        return upload


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(choices=DischargeReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Note for the runner and their doctor",
    )
    home_sessions_per_day = forms.IntegerField(
        min_value=1, max_value=6, initial=1, label="Home program: sessions a day"
    )
    home_days_per_week = forms.IntegerField(
        min_value=1, max_value=7, initial=3, label="Days a week"
    )


class HomeItemFormSet(BaseItemFormSet):
    """The home program: may be empty (a runner referred on keeps no exercises)."""

    require_one = False


HomeProgramFormSet = forms.formset_factory(
    ItemForm,
    formset=HomeItemFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


class RunLogForm(forms.Form):
    """A run in seconds: what the runner logs on the phone, in their own unit.

    `unit` ("km" or "mi") is the runner's setting; `cleaned_data["distance_km"]` is in km.
    """

    code = forms.UUIDField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        choices=RunKind.choices, initial=RunKind.RUN, widget=forms.RadioSelect, label="Today was"
    )
    distance = forms.DecimalField(
        min_value=0, max_digits=6, decimal_places=2, required=False, label="Distance"
    )
    duration_minutes = forms.IntegerField(
        min_value=1, max_value=MAX_RUN_MINUTES, required=False, label="Time (minutes)"
    )
    effort = forms.TypedChoiceField(
        choices=[("", "—"), *PAIN_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Effort, 0 = rest, 10 = flat out",
    )
    pain_during = forms.TypedChoiceField(
        choices=[("", "—"), *PAIN_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Knee pain during, 0 = none, 10 = worst",
    )
    pain_after = forms.TypedChoiceField(
        choices=[("", "—"), *PAIN_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Knee pain after",
    )
    stopped_by_pain = forms.BooleanField(required=False, label="I stopped because of pain")
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    def __init__(self, *args, unit: str = "km", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["distance"].label = f"Distance ({'miles' if unit == 'mi' else 'km'})"

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        distance = data.get("distance")
        if kind == RunKind.RUN:
            # Only what is missing: a value the field refused already says why by the field.
            missing = {
                "distance": "How far did you run?",
                "duration_minutes": "How long did you run, in minutes?",
                "pain_during": "How much did the knee hurt while running?",
            }
            for field, question in missing.items():
                if data.get(field) is None and field not in self.errors:
                    self.add_error(field, question)
        km = None
        if distance is not None:
            km = miles_to_km(distance) if self.unit == "mi" else float(distance)
            if km > MAX_RUN_LOG_KM:
                self.add_error("distance", "That's further than one run; check the unit.")
        data["distance_km"] = None if km is None else Decimal(f"{km:.2f}")
        return data


class MorningPainForm(forms.Form):
    code = forms.UUIDField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput)
    pain = forms.TypedChoiceField(
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="How does the knee feel this morning? 0 = no pain, 10 = worst",
    )


class PlanStageForm(forms.Form):
    """One stage of a return-to-run plan: walk and run minutes, repeated."""

    walk = forms.IntegerField(min_value=0, max_value=30, label="Walk (min)")
    run = forms.IntegerField(min_value=1, max_value=90, label="Run (min)")
    repeats = forms.IntegerField(min_value=1, max_value=20, label="Repeats")


PlanStageFormSet = forms.formset_factory(
    PlanStageForm, extra=0, min_num=6, max_num=6, validate_min=True, validate_max=True
)


class RunPlanForm(forms.Form):
    stage = forms.TypedChoiceField(
        choices=[(n, f"Stage {n}") for n in range(1, 7)] + [(7, "7: back to the training plan")],
        coerce=int,
        label="Current stage",
    )
    sessions_per_week = forms.IntegerField(min_value=1, max_value=7, label="Sessions a week")
    entry_criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Entry criteria"
    )


class StageForm(forms.Form):
    stage = forms.IntegerField(min_value=1, max_value=7)
