"""Never double-booked, enforced by Postgres; the practice's two appointment types.

The exclusion constraints live only on Postgres (SQLite has no range types); `clinic.booking`
checks the same rule inside a write-locked transaction there. They are kept out of the models'
Meta so that SQLite never sees them, and added here with the schema editor when on Postgres.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _constraints():
    period = (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS)
    holding_time = ~models.Q(status="cancelled")
    return [
        ExclusionConstraint(
            name="appointment_clinician_no_overlap",
            expressions=[period, ("clinician", RangeOperators.EQUAL)],
            condition=holding_time,
        ),
        ExclusionConstraint(
            name="appointment_runner_no_overlap",
            expressions=[period, ("runner", RangeOperators.EQUAL)],
            condition=holding_time,
        ),
    ]


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    appointment = apps.get_model("clinic", "Appointment")
    for constraint in _constraints():
        schema_editor.add_constraint(appointment, constraint)


def remove_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    appointment = apps.get_model("clinic", "Appointment")
    for constraint in _constraints():
        schema_editor.remove_constraint(appointment, constraint)


APPOINTMENT_TYPES = [
    # Runner's Roadmap: the practice's free first assessment, for new runners (issue 5).
    {
        "kind": "roadmap",
        "name": "Runner's Roadmap assessment",
        "duration_minutes": 60,
        "is_free": True,
        "new_runners_only": True,
        "bookable_online": True,
    },
    {
        "kind": "follow_up",
        "name": "Follow-up visit",
        "duration_minutes": 45,
        "is_free": False,
        "new_runners_only": False,
        "bookable_online": False,
    },
]


def add_appointment_types(apps, schema_editor):
    appointment_type = apps.get_model("clinic", "AppointmentType")
    for row in APPOINTMENT_TYPES:
        appointment_type.objects.get_or_create(kind=row["kind"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_booking")]

    operations = [
        BtreeGistExtension(),  # a no-op off Postgres
        migrations.RunPython(add_exclusion_constraints, remove_exclusion_constraints),
        migrations.RunPython(add_appointment_types, migrations.RunPython.noop),
    ]
