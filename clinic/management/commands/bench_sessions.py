"""Log in as the right person for each daily page and print what the load generator needs.

One line per page, tab-separated: name, path, session cookie ("-" for public pages). Used by
bin/bench-load; sessions are made the way Django's test client makes them (a real session in
the configured store), so gunicorn sees ordinary logged-in requests.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client, override_settings

from clinic.models import Role
from clinic.tooling.daily_pages import daily_pages, staff


class Command(BaseCommand):
    help = "Print name, path and session cookie for each daily page (for bin/bench-load)."

    def add_arguments(self, parser):
        parser.add_argument("--clinician", help="email (default: the seed_scale clinician)")
        parser.add_argument("--front-desk", help="email (default: the seed_scale front desk)")

    def handle(self, *args, **options):
        clinician = staff(options["clinician"], Role.CLINICIAN)
        front_desk = staff(options["front_desk"], Role.FRONT_DESK)
        with override_settings(ALLOWED_HOSTS=["*"]):
            for page in daily_pages(clinician=clinician, front_desk=front_desk):
                cookie = "-"
                if page.user is not None:
                    client = Client()
                    client.force_login(page.user)
                    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                self.stdout.write(f"{page.name}\t{page.url}\t{cookie}")
