"""Write a runner's record as a FHIR R4B Bundle (JSON) to standard output.

    python manage.py export_fhir RUNNER_CODE > runner.fhir.json

Run on the server by whoever administers it; the export is written to the access log like any
other opening of the record.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError

from clinic.models import Runner
from clinic.trust.audit import record_command_access
from intake.fhir import runner_bundle_json


class Command(BaseCommand):
    help = "Print a runner's record (Patient, visits, questionnaires, scores) as a FHIR Bundle."

    def add_arguments(self, parser):
        parser.add_argument("code", help="The runner's code (the UUID in their record's address)")

    def handle(self, *args, code: str, **options):
        try:
            runner = Runner.objects.get(code=uuid.UUID(code))
        except (ValueError, Runner.DoesNotExist) as error:
            raise CommandError(f"No runner has the code {code!r}.") from error
        record_command_access(runner, "FHIR export (manage.py export_fhir)")
        self.stdout.write(runner_bundle_json(runner))
