"""Hardening: security headers, CSP nonces on every page, production cookies, error pages."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.clinic.access_table import ACCESS, ROLES
from tests.clinic.test_settings import run_manage

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-the-check",
    "ALLOWED_HOSTS": "roadmap.example.com",
}


def test_production_cookies_are_secure_and_http_only_and_hsts_is_on():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG]))"
    )
    result = run_manage("shell", "-c", code, **PRODUCTION)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == [True, True, True, True, 31_536_000, True, False], result.stderr


@pytest.fixture
def production_like(settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


def test_responses_deny_framing_sniffing_and_carry_hsts_over_https(client, production_like):
    response = client.get(reverse("account_login"), secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_secure_and_http_only(client, cast, password, production_like):
    client.get(reverse("account_login"), secure=True)
    response = client.post(
        reverse("account_login"),
        {"login": cast.clinician.email, "password": password},
        secure=True,
    )
    for name in ("sessionid", "csrftoken"):
        morsel = response.cookies.get(name) or client.cookies[name]
        assert morsel["secure"] and morsel["httponly"], name
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_csp_allows_only_scripts_from_our_own_origin(client):
    policy = csp(client.get(reverse("account_login")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no page here uses the nonce: none is offered
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.urls("tests.clinic.trust.urls_boom")
def test_an_inline_script_runs_only_with_this_responses_nonce(client):
    first, second = client.get("/inline/"), client.get("/inline/")
    nonces = []
    for response in (first, second):
        script_src = csp(response)["script-src"]
        assert "'unsafe-inline'" not in script_src
        nonce = next(v for v in script_src if v.startswith("'nonce-"))[7:-1]
        assert f'<script nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_SCRIPT = re.compile(r"""type=["']application/(ld\+)?json["']""", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JS_URL = re.compile(r"""href\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def inline_script_problems(html: str, nonce: str) -> list[str]:
    problems = []
    for attributes in SCRIPT_TAG.findall(html):
        if "src=" in attributes or DATA_SCRIPT.search(attributes):
            continue
        if f'nonce="{nonce}"' not in attributes:
            problems.append(f"<script{attributes}> without this response's nonce")
    problems += [f"inline handler: {m.group(0)}" for m in INLINE_HANDLER.finditer(html)]
    problems += [f"javascript: link: {m.group(0)}" for m in JS_URL.finditer(html)]
    return problems


def first_role_with_page(rule):
    return next((role for role in ROLES if rule.expected[role] == 200), None)


PAGES = sorted(name for name, rule in ACCESS.items() if first_role_with_page(rule))


@pytest.mark.parametrize("name", PAGES)
def test_no_inline_script_runs_without_the_nonce(cast, name):
    """Every page of the site, as a role that may open it: CSP would block any other script."""
    rule = ACCESS[name]
    client = Client()
    role = first_role_with_page(rule)
    if cast.user(role):
        client.force_login(cast.user(role))
    response = client.get(reverse(name, kwargs=rule.kwargs(cast) if rule.kwargs else None))
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    offered = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    nonce = offered.group(1) if offered else "no nonce offered"
    assert inline_script_problems(response.content.decode(), nonce) == []


def test_the_inline_script_check_catches_a_script_without_nonce():
    html = '<script>alert(1)</script><script nonce="n1">ok()</script><a onclick="x()">'
    assert len(inline_script_problems(html, "n1")) == 2


def test_not_found_page_is_generic(client, cast):
    client.force_login(cast.runner_b.user)
    guessed = "/runners/00000000-0000-4000-8000-000000000000/<script>x</script>"
    response = client.get(guessed)
    assert response.status_code == 404
    page = response.content.decode()
    assert "We couldn't find that page" in page
    assert "00000000" not in page and "<script>x" not in page and "urlpatterns" not in page


@pytest.mark.urls("tests.clinic.trust.urls_boom")
def test_server_error_page_leaks_nothing(settings):
    from tests.clinic.trust.urls_boom import SECRET

    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert SECRET not in page and "Traceback" not in page and "RuntimeError" not in page
    assert "<script" not in page


def test_no_merge_conflict_markers_ship():
    """A half-merged file (CSS, template, code) breaks pages silently; five branches merge here."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    files = subprocess.run(
        ["git", "ls-files", "*.py", "*.html", "*.css", "*.js", "*.txt", "*.toml", "*.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    marked = [
        name
        for name in files
        if (root / name).is_file()
        and any(
            line.startswith(("<<<<<<< ", ">>>>>>> "))
            for line in (root / name).read_text(errors="ignore").splitlines()
        )
    ]
    assert marked == []
