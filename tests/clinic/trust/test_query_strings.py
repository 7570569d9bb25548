"""Hostile query strings at every page, as every role that may open it: never a server error.

Extreme and malformed dates, NUL and control characters, huge values and wrong types go into
every GET parameter the view reads (found by recording its reads; see query_strings.py).
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.clinic.access_table import ACCESS, ROLES
from tests.clinic.trust.query_strings import offered_parameters, query_strings, recording_reads
from tests.clinic.trust.test_hostile_input import logged_in_client


def roles_that_open(rule) -> list[str]:
    return [role for role in ROLES if rule.expected[role] == 200]


PAGES = sorted(name for name, rule in ACCESS.items() if roles_that_open(rule))


def body(response) -> str:
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def parameters_read(client, url, reads) -> set[str]:
    """What the page reads plain, then with every parameter it offered set (some reads are
    behind others: a search's filters once its form is bound)."""
    reads.start()
    response = client.get(url)
    found = reads.stop() | offered_parameters(body(response), url)
    reads.start()
    client.get(url, dict.fromkeys(found, "1"))
    return found | reads.stop()


def sweep(client, url, reads) -> tuple[int, list]:
    server_errors = []
    queries = query_strings(parameters_read(client, url, reads))
    for query in queries:
        cache.clear()  # rate limits would answer 429 and hide the page
        response = client.get(f"{url}?{query}")
        if response.status_code >= 500:
            server_errors.append((query[:120], response.status_code, repr(response.exc_info)))
    return len(queries), server_errors


@pytest.mark.parametrize("name", PAGES)
def test_hostile_query_strings_never_cause_a_server_error(cast, name, monkeypatch, record_property):
    rule = ACCESS[name]
    url = reverse(name, kwargs=rule.kwargs(cast) if rule.kwargs else None)
    tried, failures = 0, []
    with recording_reads(monkeypatch) as reads:
        for role in roles_that_open(rule):
            client = logged_in_client(cast.user(role))
            client.raise_request_exception = False
            count, errors = sweep(client, url, reads)
            tried += count
            failures += [(role, *error) for error in errors]
    record_property("query_string_cases", tried)
    assert failures == []


@pytest.mark.urls("tests.clinic.trust.urls_boom")
def test_the_sweep_finds_a_parameter_only_the_view_knows(db, monkeypatch):
    """A parameter that no link or form offers is still found, and its crash is caught."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    with recording_reads(monkeypatch) as reads:
        tried, errors = sweep(client, "/fragile/", reads)
    assert tried > 30
    assert errors and all("weeks" in query for query, *_ in errors)
