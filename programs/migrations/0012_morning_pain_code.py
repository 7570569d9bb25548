"""This morning's pain gets a client-made code, like a run's, so a resent answer is one answer.

Existing rows get a code each (a column default would give every row the same one), then the
column becomes unique and required.
"""

import uuid

from django.db import migrations, models


def give_each_a_code(apps, schema_editor):
    MorningPain = apps.get_model("programs", "MorningPain")
    for row in MorningPain.objects.filter(code__isnull=True).only("pk").iterator():
        MorningPain.objects.filter(pk=row.pk).update(code=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0011_merge_summary_and_return_to_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="morningpain",
            name="code",
            field=models.UUIDField(null=True),
        ),
        migrations.RunPython(give_each_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="morningpain",
            name="code",
            field=models.UUIDField(
                default=uuid.uuid4,
                help_text="Made by the client; the idempotency key.",
                unique=True,
            ),
        ),
    ]
