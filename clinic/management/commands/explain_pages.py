"""EXPLAIN (ANALYZE) every query behind the daily pages, on whatever data the database holds.

    python manage.py explain_pages            # a summary per page; exit 1 on a forbidden scan
    python manage.py explain_pages --plans    # and each query with its plan

A sequential scan over the set-log, feedback or appointment tables fails the check: those grow
with every runner and every day (issue 8). Small tables (locations, exercises) may be scanned.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from clinic.models import Role, Runner
from clinic.tooling.daily_pages import daily_pages, staff

GROWING_TABLES = ("programs_setlog", "programs_sessionfeedback", "clinic_appointment")


def seq_scans(plan: dict) -> list[tuple[str, int]]:
    """(table, rows) of every sequential scan in a JSON plan tree."""
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append((plan["Relation Name"], plan.get("Actual Rows", 0)))
    for child in plan.get("Plans", []):
        found += seq_scans(child)
    return found


class Command(BaseCommand):
    help = "EXPLAIN ANALYZE the queries behind the daily pages; fail on a scan of a growing table."

    def add_arguments(self, parser):
        parser.add_argument("--clinician", help="email (default: the seed_scale clinician)")
        parser.add_argument("--front-desk", help="email (default: the seed_scale front desk)")
        parser.add_argument("--plans", action="store_true", help="print every query and plan")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("explain_pages reads Postgres plans (set DATABASE_URL).")
        clinician = staff(options["clinician"], Role.CLINICIAN)
        front_desk = staff(options["front_desk"], Role.FRONT_DESK)
        runner = (
            Runner.objects.filter(clinician=clinician, user__isnull=False).order_by("pk").first()
        )
        self.stdout.write(
            f"As {clinician.email}, {front_desk.email} and {runner.email}, "
            f"on {Runner.objects.count():,} runners."
        )
        failures = 0
        with override_settings(ALLOWED_HOSTS=["*"]):
            for page in daily_pages(clinician=clinician, front_desk=front_desk, runner=runner):
                failures += self._explain(page, options["plans"])
        if failures:
            raise CommandError(f"{failures} sequential scan(s) over a growing table.")
        self.stdout.write(self.style.SUCCESS("No sequential scan over a growing table."))

    def _explain(self, page, show_plans: bool) -> int:
        client = Client()
        if page.user is not None:
            client.force_login(page.user)
        client.get(page.url, secure=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{page.name}: {page.url} answered {response.status_code}")
        total, worst, bad = 0.0, (0.0, ""), []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
                result = cursor.fetchone()[0]
                plan = (json.loads(result) if isinstance(result, str) else result)[0]
                took = plan["Execution Time"] + plan.get("Planning Time", 0)
                total += took
                worst = max(worst, (took, sql))
                scans = seq_scans(plan["Plan"])
                bad += [(table, rows) for table, rows in scans if table in GROWING_TABLES]
                if show_plans:
                    self.stdout.write(f"\n-- {took:.1f} ms\n{sql}")
                    cursor.execute(f"EXPLAIN (ANALYZE) {sql}")
                    self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))
        verdict = self.style.ERROR("SEQ SCAN " + str(bad)) if bad else "ok"
        self.stdout.write(
            f"{page.name:<22} {len(captured):3d} queries {total:8.1f} ms in the database "
            f"(slowest {worst[0]:.1f} ms)  {verdict}"
        )
        return len(bad)
