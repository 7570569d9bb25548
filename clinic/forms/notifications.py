from django import forms
from django.conf import settings

from clinic.clock import time_zone_choices
from clinic.models import Channel, ReminderPreference, Runner
from clinic.notifications.timing import WEEKDAY_NAMES, days_mask, weekdays_of


class ReminderSettingsForm(forms.ModelForm):
    """The runner's reminder settings, on their phone. The time zone is the runner's own (the
    one their program's days follow), saved on the runner."""

    days = forms.TypedMultipleChoiceField(
        label="On these days",
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(label="Your time zone", choices=time_zone_choices)

    class Meta:
        model = ReminderPreference
        fields = ["daily_enabled", "remind_at", "days", "channel", "appointment_reminders"]
        labels = {
            "daily_enabled": "Send me a daily exercise reminder",
            "remind_at": "At this time",
            "channel": "By",
            "appointment_reminders": "Remind me before a visit",
        }
        widgets = {
            "remind_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "channel": forms.RadioSelect,
        }

    def __init__(self, *args, runner: Runner, **kwargs):
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.initial["days"] = weekdays_of(self.instance.days)
        self.initial["time_zone"] = runner.time_zone
        if not settings.TEXT_MESSAGES:  # the practice offers email only
            self.fields["channel"].choices = [(Channel.EMAIL, Channel.EMAIL.label)]

    def clean_days(self):
        return days_mask(self.cleaned_data["days"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("daily_enabled") and cleaned.get("days") == 0:
            self.add_error("days", "Pick at least one day, or turn the daily reminder off.")
        if cleaned.get("channel") == Channel.SMS and not self.runner.phone:
            self.add_error(
                "channel",
                "We have no mobile number for you yet. Ask the front desk to add it, "
                "or choose email.",
            )
        if cleaned.get("channel") == Channel.EMAIL and not self.runner.email:
            self.add_error("channel", "We have no email address for you yet; choose text message.")
        return cleaned

    def save(self, commit=True):
        preference = super().save(commit=False)
        preference.runner = self.runner
        preference.days = self.cleaned_data["days"]
        if commit:
            preference.save()
            self.runner.time_zone = self.cleaned_data["time_zone"]
            self.runner.save(update_fields=["time_zone"])
        return preference
