"""Fill the database with the demo practice. Safe to run again: each seeder updates what it made."""

from django.conf import settings
from django.core.management.base import BaseCommand

from clinic.tooling import demo


class Command(BaseCommand):
    help = "Load the demo practice (the Cary office, its staff, a dozen runners) and print logins."

    def handle(self, *args, **options):
        practice = demo.seed()
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo practice ready at {settings.SITE_URL}/"))
        out.write(f"  Password for every demo login: {demo.DEMO_PASSWORD}")
        for label, email in practice.logins:
            out.write(f"  {label:<16} {email}")
