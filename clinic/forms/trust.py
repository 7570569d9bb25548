"""Forms of the trust pages: the audit search, the practice's security setting, anonymising."""

from django import forms

from clinic.models import PracticeSecurity


class AuditSearchForm(forms.Form):
    runner = forms.CharField(
        required=False, max_length=100, label="Runner", help_text="Name or record code"
    )
    actor = forms.CharField(required=False, max_length=254, label="Opened by (email)")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class PracticeSecuritySettingsForm(forms.ModelForm):
    class Meta:
        model = PracticeSecurity
        fields = ["require_staff_two_factor"]


class AnonymiseForm(forms.Form):
    confirm_name = forms.CharField(
        max_length=201,
        label="Type the runner's full name to confirm",
        help_text="Their name, contact details and date of birth will be removed for good.",
    )

    def __init__(self, *args, runner, **kwargs):
        super().__init__(*args, **kwargs)
        self.runner = runner

    def clean_confirm_name(self):
        typed = " ".join(self.cleaned_data["confirm_name"].split())
        if typed.casefold() != self.runner.full_name.casefold():
            raise forms.ValidationError("That is not this runner's name.")
        return typed
