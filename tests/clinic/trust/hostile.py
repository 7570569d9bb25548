"""Hostile form input: what the Hypothesis tests throw, and how they find the forms to throw it at.

Forms are found by reading the pages themselves (every page of the access table, as a role that
may open it), so a new form is covered the day its page gets a row: nothing to register.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from hypothesis import strategies as st

HUGE = 20_000
HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "nul\x00byte",
    "a" * HUGE,
    "é" * 5_000,
    "😀" * 2_000,
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "' OR '1'='1' --",
    "1; DROP TABLE clinic_runner; --",
    "Robert'); DELETE FROM intake_screening; --",
    "../../../../etc/passwd",
    "%00%27%22",
    "-1",
    "-2147483649",
    "99999999999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "3.14159265358979323846264338327950288419716939937510",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "1900-01-01",
    "25:61",
    "null",
    "true",
    "[]",
    "{}",
    "not-an-email@",
    "00000000-0000-0000-0000-000000000000",
]

scalar = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=200),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
)


@dataclass
class FormField:
    kind: str
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict[str, FormField]


def value_for(form_field: FormField):
    """A field's value: often a valid option (to get past the first check), else hostile."""
    choices = [scalar]
    if form_field.options:
        choices.insert(0, st.sampled_from(form_field.options))
    one = st.one_of(*choices)
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))  # wrong type: many values


def form_data(form: Form):
    """Each field missing, valid-looking, hostile or repeated; plus a field nobody asked for."""
    parts = {
        name: st.one_of(st.none(), value_for(form_field))
        for name, form_field in form.fields.items()
    }
    parts["unexpected_field"] = st.one_of(st.none(), scalar)
    return st.fixed_dictionaries(parts).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urlsplit(urljoin(self.page_url, attrs.get("action") or self.page_url))
                self._form = Form(
                    action=action.path + (f"?{action.query}" if action.query else ""), fields={}
                )
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "reset", "image"):
                return
            form_field = self._form.fields.setdefault(name, FormField(kind))
            if kind in ("checkbox", "radio"):
                form_field.options.append(attrs.get("value", "on"))
            elif kind == "hidden" and attrs.get("value"):
                form_field.options.append(attrs["value"])
            if tag == "select":
                self._select = name
        elif tag == "option" and self._select:
            self._form.fields[self._select].options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
