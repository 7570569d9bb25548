"""The practice admin's pages: inviting staff, changing a role, editing a location."""

from django import forms

from clinic.clock import time_zone_choices
from clinic.forms.booking import PhoneField
from clinic.forms.text import PlainTextForm
from clinic.models import Location, Role

STAFF_ROLE_CHOICES = [
    (Role.CLINICIAN, Role.CLINICIAN.label),
    (Role.FRONT_DESK, Role.FRONT_DESK.label),
    (Role.PRACTICE_ADMIN, Role.PRACTICE_ADMIN.label),
]


class InviteStaffForm(PlainTextForm, forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES)


class StaffChangeForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("role", "Change role"),
            ("deactivate", "Deactivate"),
            ("reactivate", "Reactivate"),
        ]
    )
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES, required=False)


class LocationForm(PlainTextForm, forms.ModelForm):
    """A location's letterhead and clock: what every message and booking page shows."""

    phone = PhoneField(required=False)
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = Location
        fields = ["name", "address", "phone", "time_zone"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
