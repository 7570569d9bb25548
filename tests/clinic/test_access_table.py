"""Deny by default, proven: every URL has a rule, and every role gets exactly that answer."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.clinic.access_table import ACCESS, ADMIN_EXCEPTIONS, ADMIN_NAMESPACE_RULE, LOGIN, ROLES
from tests.conftest import signed_in


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            child = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, child)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def all_url_names() -> set[str]:
    return {name for name, _ in walk(get_resolver().url_patterns)}


ADMIN_UNGUARDED = {"admin:login", "admin:logout", "admin:jsi18n"}  # the admin's own entry pages


def admin_urls_without_arguments() -> list[str]:
    return sorted(
        name
        for name, pattern in walk(get_resolver().url_patterns)
        if name.startswith("admin:")
        and not pattern.pattern.regex.groups
        and name not in ADMIN_UNGUARDED
    )


def test_every_url_has_an_access_rule():
    missing = sorted(
        name for name in all_url_names() if name not in ACCESS and not name.startswith("admin:")
    )
    assert not missing, f"URLs with no row in tests/clinic/access_table.py: {missing}"


def test_access_table_names_only_real_urls():
    stale = sorted(set(ACCESS) - all_url_names())
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_unnamed_urls_do_not_exist():
    unnamed = [
        str(entry.pattern)
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLPattern) and not entry.name
    ]
    assert not unnamed


CASES = [(name, role) for name in sorted(ACCESS) for role in ROLES]


def matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("account_login")
        )
    return response.status_code == expected


def check_answer(client, session, url, role, expected, method="get"):
    response = getattr(signed_in(client, session), method)(url)
    assert matches(response, expected), (url, role, response.status_code, response.get("Location"))


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_gets_expected_answer(client, cast, sessions, name, role):
    rule = ACCESS[name]
    url = reverse(name, kwargs=rule.kwargs(cast) if rule.kwargs else None)
    check_answer(client, sessions[role][0], url, role, rule.expected[role])


ADMIN_CASES = [(name, role) for name in admin_urls_without_arguments() for role in ROLES]


@pytest.mark.parametrize(("name", "role"), ADMIN_CASES, ids=[f"{n}-{r}" for n, r in ADMIN_CASES])
def test_django_admin_only_for_practice_admin(client, sessions, name, role):
    expected = ADMIN_EXCEPTIONS.get(name, {}).get(role, ADMIN_NAMESPACE_RULE.expected[role])
    check_answer(client, sessions[role][0], reverse(name), role, expected)


# Writes: every URL, every role, a POST through a client that enforces CSRF as browsers meet it.
CSRF_SECRET = "a" * 32  # what the CSRF cookie holds; the form sends the same token back


def csrf_client(session, *, with_token: bool) -> Client:
    client = signed_in(Client(enforce_csrf_checks=True), session)
    if with_token:
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
        client.defaults["HTTP_X_CSRFTOKEN"] = CSRF_SECRET
    return client


def url_for(cast, name):
    rule = ACCESS[name]
    return reverse(name, kwargs=rule.kwargs(cast) if rule.kwargs else None)


def post_mismatches(cast, sessions, name) -> list:
    """Every role's POST to `name`, without and with a CSRF token; the answers that are wrong."""
    rule = ACCESS[name]
    url = url_for(cast, name)
    wrong = []
    for role in ROLES:
        # Each role's writes are rolled back, so one role's cancel can't change the next answer.
        with transaction.atomic():
            wrong += role_post_mismatches(sessions[role], rule, url, role)
            transaction.set_rollback(True)
    return wrong


def role_post_mismatches(sessions, rule, url, role) -> list:
    """The POSTs without and with a token come from two sessions (two logins) of the role."""
    wrong = []
    cache.clear()  # rate limits (login, public booking) count per test run, not per role
    refused = csrf_client(sessions[0], with_token=False).post(url)
    if rule.csrf_exempt:
        if not matches(refused, rule.post[role]):
            wrong.append((role, "no token, exempt", refused.status_code))
    elif refused.status_code != 403:
        wrong.append((role, "no token", refused.status_code))
    response = csrf_client(sessions[1], with_token=True).post(url)
    if rule.post is not None:
        ok = matches(response, rule.post[role])
    else:
        # A read-only page: a POST changes nothing, so it may answer as its GET does, or 405.
        ok = response.status_code == 405 or matches(response, rule.expected[role])
    if not ok:
        wrong.append((role, "with token", response.status_code, response.get("Location")))
    return wrong


# One test per URL (all roles inside): the cast is built once per URL, not once per request.
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_posts_get_expected_answers_with_csrf_enforced(cast, sessions, name):
    assert post_mismatches(cast, sessions, name) == []


def test_access_table_counts(capsys):
    """The figures the trust issue asks for, printed for CI's log."""
    with capsys.disabled():
        print(
            f"\naccess table: {len(ACCESS)} URLs, {len(CASES)} role x URL GET cases, "
            f"{2 * len(CASES)} POST cases (with and without CSRF), "
            f"{len(ADMIN_CASES)} admin cases"
        )
