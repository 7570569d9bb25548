from django.db import migrations


def create_cary_office(apps, schema_editor):
    Location = apps.get_model("clinic", "Location")
    Location.objects.get_or_create(
        name="Cary",
        defaults={
            "address": "Cary, North Carolina",
            "time_zone": "America/New_York",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [migrations.RunPython(create_cary_office, migrations.RunPython.noop)]
