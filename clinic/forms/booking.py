"""Booking forms: what the front desk and runners type, checked field by field."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from phonenumber_field.formfields import PhoneNumberField

from clinic.booking import slots
from clinic.booking.schedule import Policy, zone
from clinic.clock import local_today
from clinic.forms.text import PlainTextForm
from clinic.models import AppointmentType, Location, Role, Runner, User

PHONE_HELP = "A US number like 919-555-0101, or an international one starting with +."


class PhoneField(PhoneNumberField):
    """A phone as people type it ("(919) 555-0101", "+44 20 7946 0958", digits of any script),
    checked with libphonenumber and cleaned to one E.164 number."""

    default_error_messages = {
        "invalid": f"That doesn't look like a phone number. {PHONE_HELP}",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", PHONE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.update({"type": "tel", "autocomplete": "tel", "inputmode": "tel"})


class DateOfBirthField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def clean(self, value):
        born = super().clean(value)
        if born is None:
            return born
        today = timezone.localdate()
        if born >= today:
            raise ValidationError("A date of birth must be in the past.")
        if born.year < today.year - 110:
            raise ValidationError("Please check the year of birth.")
        return born


def requested_day(
    raw, *, today: datetime.date, days: tuple[datetime.date, datetime.date]
) -> tuple[datetime.date, str | None]:
    """The day a page was asked for (`?date=`): today when none is given; when the date can't
    be read or is outside `days` (first, last), today and the reason, for the page to show."""
    if not raw:
        return today, None
    try:
        day = datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        return today, "Please give the date as year-month-day, like 2026-06-02."
    reason = slots.day_refusal(day, first=days[0], last=days[-1])
    return (today, reason) if reason else (day, None)


def parse_local(value: str, location: Location) -> datetime.datetime:
    """'2026-06-02T09:00' on the location's clock, as an aware UTC moment.

    Dates outside the practice's calendar (see Policy.staff_days) are refused here, before any
    arithmetic on them: year 9999 has no next day.
    """
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError) as error:
        raise ValidationError("Please choose a valid date and time.") from error
    first, last = Policy.from_settings().staff_days(local_today(location.time_zone))
    reason = slots.day_refusal(parsed.date(), first=first, last=last)
    if reason:
        raise ValidationError(reason)
    if parsed.tzinfo is not None:
        return parsed.astimezone(datetime.UTC)
    return slots.wall_clock(parsed.date(), parsed.time(), zone(location))


def local_input(moment: datetime.datetime, location: Location) -> str:
    return moment.astimezone(zone(location)).strftime("%Y-%m-%dT%H:%M")


class RunnerDetailsForm(PlainTextForm, forms.Form):
    """A new runner's details; used on the spot by the front desk and online by runners."""

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = PhoneField()
    date_of_birth = DateOfBirthField()

    def runner_details(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("first_name", "last_name", "email", "phone", "date_of_birth")
        }


class FrontDeskBookingForm(RunnerDetailsForm):
    """Book a caller: an existing runner chosen by search, or a new one typed in on the spot."""

    runner = forms.UUIDField(required=False, widget=forms.HiddenInput)
    clinician = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)
    appointment_type = forms.ModelChoiceField(
        queryset=AppointmentType.objects.filter(active=True), empty_label=None, label="Type"
    )
    starts_at = forms.CharField(
        label="Starts at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    concern = forms.CharField(
        label="What's bothering them",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, location: Location, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location
        self.fields["clinician"].queryset = User.objects.filter(role=Role.CLINICIAN, is_active=True)
        # The new-runner fields are needed only when no existing runner is chosen.
        for name in ("first_name", "last_name", "email", "phone", "date_of_birth"):
            self.fields[name].required = False
        self.fields["email"].help_text = "Email or phone is needed for a new runner."

    def clean_starts_at(self):
        return parse_local(self.cleaned_data["starts_at"], self.location)

    def clean_runner(self):
        code = self.cleaned_data.get("runner")
        if code is None:
            return None
        runner = Runner.objects.filter(code=code).first()
        if runner is None:
            raise ValidationError("That runner was not found; search again.")
        return runner

    def clean(self):
        data = super().clean()
        if data.get("runner") is None and not self.errors.get("runner"):
            for name in ("first_name", "last_name"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Needed for a new runner (or choose one above).")
            reachable = data.get("email") or data.get("phone")
            if not reachable and "email" not in self.errors and "phone" not in self.errors:
                self.add_error("phone", "A phone number or an email, so we can reach them.")
        return data


class OnlineBookingForm(RunnerDetailsForm):
    """Runners booking themselves. `website` is a honeypot: people never see it, bots fill it."""

    concern = forms.CharField(
        label="What's bothering you?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two: where it hurts, since when, what makes it worse.",
    )
    start = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, location: Location, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_start(self):
        return parse_local(self.cleaned_data["start"], self.location)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class CancelForm(PlainTextForm, forms.Form):
    REASONS = [
        ("Runner asked to cancel", "Runner asked to cancel"),
        ("Runner is unwell", "Runner is unwell"),
        ("Clinician unavailable", "Clinician unavailable"),
        ("Booked by mistake", "Booked by mistake"),
        ("other", "Other (say below)"),
    ]
    reason = forms.ChoiceField(choices=REASONS)
    details = forms.CharField(required=False, max_length=150)

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not (data.get("details") or "").strip():
            self.add_error("details", "Please say why.")
        return data

    @property
    def reason_text(self) -> str:
        reason, details = self.cleaned_data["reason"], self.cleaned_data.get("details", "")
        if reason == "other":
            return details.strip()
        return f"{reason}: {details.strip()}" if details.strip() else reason


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=[("arrived", "Arrived"), ("no_show", "No-show")])


class SlotChoiceForm(PlainTextForm, forms.Form):
    """A slot picked from a list: a local start time, and for the front desk a clinician."""

    start = forms.CharField()
    clinician = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.CLINICIAN, is_active=True), required=False
    )

    def __init__(self, *args, location: Location, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location

    def clean_start(self):
        return parse_local(self.cleaned_data["start"], self.location)
