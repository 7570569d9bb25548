"""Every prescribed item names the version of its exercise (backfilled by 0004).

A migration of its own: on Postgres, altering the table in the transaction that just updated its
rows would fail on the pending foreign-key checks.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_exercise_and_protocol_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="prescriptionitem",
            name="exercise_version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="prescription_items",
                to="programs.exerciseversion",
            ),
        ),
    ]
