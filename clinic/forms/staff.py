"""The practice admin's staff page: inviting someone, changing a role."""

from django import forms

from clinic.forms.text import PlainTextForm
from clinic.models import Role

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
