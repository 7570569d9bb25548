from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_appointment_types(sender, using="default", **kwargs):
    """The practice's two appointment types always exist (their durations stay editable).

    Migration 0004 adds them; this puts them back after a test flush, as Django does for
    content types, and never changes a duration the practice has edited.
    """
    from .models import AppointmentType

    defaults = {
        AppointmentType.Kind.ROADMAP: {
            "name": "Runner's Roadmap assessment",
            "duration_minutes": 60,
            "is_free": True,
            "new_runners_only": True,
            "bookable_online": True,
        },
        AppointmentType.Kind.FOLLOW_UP: {"name": "Follow-up visit", "duration_minutes": 45},
    }
    for kind, values in defaults.items():
        AppointmentType.objects.using(using).get_or_create(kind=kind, defaults=values)


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Practice"

    def ready(self):
        post_migrate.connect(ensure_appointment_types, sender=self)
