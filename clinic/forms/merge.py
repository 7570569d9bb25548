"""What the merge page posts: the duplicate's code and which of its details to keep."""

from django import forms

from clinic.booking.merge import CONTACT_FIELDS
from clinic.forms.text import PlainTextForm

DETAIL_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "date_of_birth": "Date of birth",
}


class MergeForm(PlainTextForm, forms.Form):
    other = forms.UUIDField(widget=forms.HiddenInput)
    take = forms.MultipleChoiceField(
        choices=[(name, DETAIL_LABELS[name]) for name in CONTACT_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
