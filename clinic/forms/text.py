"""What typed text may hold: no control characters (NUL, escape codes, bells).

A NUL byte can't be stored by Postgres and escape codes end up in letters and texts; people never
type them, so a field that holds one is refused by the field, with a message, rather than saved.
Tabs and line breaks are typing, not control.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = "Please remove the control characters (invisible codes) from this text."


def has_control_characters(text) -> bool:
    return bool(CONTROL_CHARACTERS.search(str(text or "")))


def refuse_control_characters(value) -> None:
    if has_control_characters(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


class PlainTextForm:
    """A form mixin: every text field refuses control characters (see above)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
