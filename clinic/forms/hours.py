"""The hours page's forms: a block of a clinician's week, and time off or extra hours."""

from django import forms
from django.core.exceptions import ValidationError

from clinic.forms.booking import parse_local
from clinic.forms.text import PlainTextForm
from clinic.models import Location, Role, ScheduleChange, User, WorkingHours


def _clinicians():
    return User.objects.filter(role=Role.CLINICIAN, is_active=True)


class WeeklyHoursForm(forms.ModelForm):
    clinician = forms.ModelChoiceField(queryset=_clinicians(), widget=forms.HiddenInput)

    class Meta:
        model = WorkingHours
        fields = ["clinician", "location", "weekday", "start_time", "end_time"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The block must end after it starts.")
        return data


class ScheduleChangeForm(PlainTextForm, forms.ModelForm):
    """Time off (everywhere) or extra hours (at a location), typed on the location's clock."""

    clinician = forms.ModelChoiceField(queryset=_clinicians(), widget=forms.HiddenInput)
    location = forms.ModelChoiceField(
        queryset=Location.objects.all(),
        required=False,
        help_text="Whose clock the times are on; needed for extra hours.",
    )
    starts_at = forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    class Meta:
        model = ScheduleChange
        fields = ["clinician", "kind", "location", "starts_at", "ends_at", "note"]

    def clean(self):
        data = super().clean()
        location = data.get("location") or Location.objects.first()
        if data.get("kind") == ScheduleChange.Kind.EXTRA_HOURS and not data.get("location"):
            self.add_error("location", "Extra hours happen at a location: choose one.")
        for name in ("starts_at", "ends_at"):
            raw = self.data.get(name, "")
            if name in self.errors or location is None:
                continue
            try:
                data[name] = parse_local(str(raw), location)
            except ValidationError as error:
                self.add_error(name, error)
        start, end = data.get("starts_at"), data.get("ends_at")
        if hasattr(start, "tzinfo") and hasattr(end, "tzinfo") and end <= start:
            self.add_error("ends_at", "It must end after it starts.")
        return data

    def save(self, commit=True):
        change = super().save(commit=False)
        change.starts_at, change.ends_at = (
            self.cleaned_data["starts_at"],
            self.cleaned_data["ends_at"],
        )
        if change.kind == ScheduleChange.Kind.TIME_OFF:
            change.location = None  # time off holds wherever they work; the location was the clock
        if commit:
            change.save()
        return change
