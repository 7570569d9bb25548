"""Hostile query strings: what the sweep sends, and how it learns which parameters a view reads.

A view's parameters are found three ways, so nothing has to be registered: the keys the view
itself read from `request.GET` while rendering (recorded by a `QueryDict` that notes each
lookup), the fields of the page's GET forms, and the query keys of the page's own links.
"""

import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.core.handlers import wsgi
from django.http import QueryDict

HUGE = 20_000
VALUES = [
    # dates: impossible, extreme, malformed, wrong calendar
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "2026-W99",
    "1969-12-31T23:59:60Z",
    "30/11/2026",
    "25:61",
    # numbers: huge, negative, not finite, not numbers
    "-1",
    "0",
    "99999999999999999999999999999",
    "-2147483649",
    "1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "1.5",
    # text: control characters, NUL, huge, odd unicode, markup, injection
    "",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "\r\nSet-Cookie: x=1",
    "a" * HUGE,
    "😀" * 500,
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "../../../etc/passwd",
    "%00%ZZ",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "true",
    "[]",
]
# Sent as typed, not encoded: broken escapes, bare separators, keys with no value.
RAW = ["%ZZ=%", "page=%00", "=&&==", "page", "page=1&page=%FF%FE"]
REPEATED = ["1", "2"]  # a parameter given twice, where the view expects one
UNASKED = "unexpected_parameter"  # a parameter nobody reads


class _Reads:
    """Keys read from request.GET during the current request, per thread (live servers)."""

    local = threading.local()

    @classmethod
    def start(cls):
        cls.local.keys = set()

    @classmethod
    def note(cls, key):
        keys = getattr(cls.local, "keys", None)
        if keys is not None and isinstance(key, str):
            keys.add(key)

    @classmethod
    def stop(cls) -> set[str]:
        keys, cls.local.keys = getattr(cls.local, "keys", set()), None
        return keys


class RecordingQueryDict(QueryDict):
    def __getitem__(self, key):
        _Reads.note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        _Reads.note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        _Reads.note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        _Reads.note(key)
        return super().__contains__(key)


@contextmanager
def recording_reads(monkeypatch):
    """Every request built in this block reads its GET through `RecordingQueryDict`."""
    monkeypatch.setattr(wsgi, "QueryDict", RecordingQueryDict)
    yield _Reads


class _GetParameters(HTMLParser):
    """Names a page offers as GET parameters of its own URL: GET forms' fields, links' keys."""

    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.names: set[str] = set()
        self._in_get_form = False

    def _same_page(self, url):
        return urlsplit(urljoin(self.page_path, url)).path == self.page_path

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._in_get_form = method == "get" and self._same_page(attrs.get("action") or "")
        elif tag in ("input", "select", "textarea") and self._in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and attrs.get("href") and self._same_page(attrs["href"]):
            query = urlsplit(urljoin(self.page_path, attrs["href"])).query
            self.names.update(key for key, _ in parse_qsl(query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def offered_parameters(html: str, page_path: str) -> set[str]:
    parser = _GetParameters(page_path)
    parser.feed(html)
    return parser.names


def query_strings(parameters: set[str]) -> list[str]:
    """Query strings to send: each parameter with each value, each repeated, all at once with
    each value, one nobody reads, and a few malformed ones sent raw."""
    pairs: list[list[tuple[str, str]]] = [[(UNASKED, value)] for value in VALUES[:3]]
    for name in sorted(parameters):
        pairs += [[(name, value)] for value in VALUES]
        pairs.append([(name, value) for value in REPEATED])
    if len(parameters) > 1:
        together = VALUES[::3]  # every parameter at once: a sample of the values is enough
        pairs += [[(name, value) for name in sorted(parameters)] for value in together]
    return [urlencode(query) for query in pairs] + RAW
