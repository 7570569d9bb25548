"""Every page of the access table, as every role that may open it, in Chromium: axe-core finds
no critical or serious WCAG violation, and the page logs no console error and no CSP violation.

axe-core is vendored (tests/browser/vendor/axe.min.js, from npm `axe-core`, MPL-2.0) so the suite
needs no download. It is added as an init script, which the page's CSP doesn't govern, while the
page's own scripts still run under it: a violation of the policy is caught, not hidden.
The demo practice is seeded beside the test cast so pages show what a real day shows (flags,
cancellations, questionnaires), not just empty states. The walk writes its table to
test-results/axe-table.md.
"""

import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from programs.models import Discharge, Program
from programs.services import ProgramRefused
from tests.clinic.access_table import ACCESS, ROLES

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TABLE = Path(__file__).resolve().parents[2] / "test-results" / "axe-table.md"
IMPACTS = ("critical", "serious", "moderate", "minor")
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
ERRORS: dict = {}  # each role's page -> the console errors since its last navigation


def is_page(response) -> bool:
    """A whole HTML page: files (PDFs, pictures) and htmx fragments are not pages."""
    content = b"" if response.streaming else response.content
    return response.status_code == 200 and b"<html" in content[:500].lower()


def logged_in_context(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    client = Client()
    if user is not None:
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    context.add_init_script(script=WATCH)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors = ERRORS.setdefault(page, [])
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, client


def audit(page, url) -> tuple[Counter, list[str], list[str]]:
    """Axe's violations by impact, the serious ones named, and every console or CSP error."""
    errors = ERRORS.setdefault(page, [])
    errors.clear()
    page.goto(url, wait_until="load")
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ["violations"]});
          return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
            target: v.nodes[0].target.join(" "), summary: v.nodes[0].failureSummary}));
        }"""
    )
    errors = errors + page.evaluate("window.__cspViolations")
    counts = Counter()
    serious = []
    for violation in result:
        counts[violation["impact"]] += violation["nodes"]
        if violation["impact"] in ("critical", "serious"):
            serious.append(
                f"{violation['id']} ×{violation['nodes']} at {violation['target']}: "
                f"{violation['summary'][:200]}"
            )
    return counts, serious, errors


def write_table(rows, seconds):
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"axe-core {AXE_VERSION}: violations (elements) by impact, per page and role; "
        f"{len(rows)} page × role visits in {seconds:.0f} s",
        "",
        "| page | role | " + " | ".join(IMPACTS) + " | console/CSP errors |",
        "|---|---|" + "---|" * (len(IMPACTS) + 1),
    ]
    lines += [
        f"| {name} | {role} | "
        + " | ".join(str(counts[i]) for i in IMPACTS)
        + f" | {len(errors)} |"
        for name, role, counts, errors in rows
    ]
    TABLE.write_text("\n".join(lines) + "\n")


AXE_VERSION = "4.14.1"


def url_of(name, cast) -> str:
    """The page's URL, making its records as the access table does. Some rows start runner A's
    program; a second start is refused, so the earlier program makes way."""
    rule = ACCESS[name]
    if rule.kwargs is None:
        return reverse(name)
    try:
        with transaction.atomic():
            return reverse(name, kwargs=rule.kwargs(cast))
    except ProgramRefused:
        Discharge.objects.filter(program__runner=cast.runner_a).delete()
        Program.objects.filter(runner=cast.runner_a).delete()
        return reverse(name, kwargs=rule.kwargs(cast))


def test_every_page_for_every_role_passes_axe_without_console_errors(live_server, browser, cast):
    call_command("seed_demo", verbosity=0)
    started = time.monotonic()
    visitors = {role: logged_in_context(browser, live_server, cast.user(role)) for role in ROLES}
    rows, failures = [], []
    for name, rule in sorted(ACCESS.items()):
        roles = [role for role in ROLES if rule.expected[role] == 200]
        if not roles:
            continue
        url = url_of(name, cast)
        for role in roles:
            page, client = visitors[role]
            if not is_page(client.get(url)):
                continue
            counts, serious, errors = audit(page, f"{live_server.url}{url}")
            rows.append((name, role, counts, errors))
            failures += [f"{role} {name}: {problem}" for problem in serious + errors]
    for page, _client in visitors.values():
        page.context.close()
    write_table(rows, time.monotonic() - started)
    TABLE.with_name("axe-failures.txt").write_text("\n".join(failures) + "\n")
    assert failures == [], "\n".join(failures)
