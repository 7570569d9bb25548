"""Issue a key for one of the practice's own systems to read records over the API.

    python manage.py create_api_token --name "EHR bridge" --user clinician@example.com

The key is printed once; only its hash is kept. Revoke it in the admin (API tokens).
"""

from django.core.management.base import BaseCommand, CommandError

from clinic.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API key that acts as a clinical user (clinician or practice admin)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Which system will use the key")
        parser.add_argument("--user", required=True, help="Email of the user the key acts as")

    def handle(self, *args, name: str, user: str, **options):
        person = User.objects.filter(email__iexact=user.strip(), is_active=True).first()
        if person is None:
            raise CommandError(f"No active user with the email {user!r}.")
        if not person.sees_clinical_records:
            raise CommandError("The key must act as a clinician or the practice admin.")
        token, key = ApiToken.issue(name=name.strip(), user=person)
        self.stdout.write(f"Key for {token.name}, acting as {person.email} (shown once):")
        self.stdout.write(key)
