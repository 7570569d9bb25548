"""What the reports page is asked for: which location, which months."""

from django import forms

from clinic.models import Location
from clinic.reports.periods import Month

MONTH_CHOICES = [(3, "3 months"), (6, "6 months"), (12, "12 months")]


class ReportForm(forms.Form):
    location = forms.ModelChoiceField(
        queryset=Location.objects.all(), required=False, empty_label="All locations"
    )
    end = forms.CharField(required=False, label="Up to", max_length=7)
    months = forms.TypedChoiceField(choices=MONTH_CHOICES, coerce=int, initial=6, required=False)

    def __init__(self, *args, this_month: Month, **kwargs):
        self.this_month = this_month
        super().__init__(*args, **kwargs)
        month = {"type": "month", "class": "form-control"}
        self.fields["end"].widget = forms.TextInput(attrs=month)
        self.fields["location"].widget.attrs["class"] = "form-select"
        self.fields["months"].widget.attrs["class"] = "form-select"

    def clean_end(self):
        text = self.cleaned_data["end"]
        if not text:
            return self.this_month
        try:
            month = Month.parse(text)
        except ValueError as error:
            raise forms.ValidationError("Choose a month, like 2026-03.") from error
        if month > self.this_month or month.year < 2000:
            raise forms.ValidationError("Choose a month from 2000 up to this one.")
        return month

    def clean_months(self):
        return self.cleaned_data["months"] or 6
