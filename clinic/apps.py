from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_appointment_types(sender, using="default", **kwargs):
    """The practice's two appointment types always exist (their durations stay editable).

    Migration 0004 adds them; this puts them back after a test flush, as Django does for
    content types, and never changes a duration the practice has edited.
    """
    from clinic.models import AppointmentType

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

        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from clinic.booking import mail, open_times, reminders
        from clinic.models import DeliveryKind
        from clinic.notifications import checks, kinds  # noqa: F401 - checks register themselves
        from clinic.trust import data_rights, exports, sessions

        open_times.connect()
        kinds.register(
            DeliveryKind.APPOINTMENT_REMINDER,
            compose=reminders.compose_appointment_reminders,
            dispatch=reminders.dispatch_appointment_reminders,
        )
        for kind in mail.KINDS:
            kinds.register(kind, compose=mail.compose_booking_mail)
        from clinic.trust import invitations

        kinds.register(DeliveryKind.ACCOUNT_INVITATION, compose=invitations.compose_invitations)
        from clinic.trust import account_mail

        for kind in account_mail.KINDS:
            kinds.register(kind, compose=account_mail.compose)

        from anymail.signals import tracking

        from clinic.notifications import reports

        tracking.connect(reports.record_email_event, dispatch_uid="clinic-email-reports")
        data_rights.register_area(
            self.label, export=exports.export_runner, anonymise=exports.anonymise_runner
        )

        user_logged_in.connect(sessions.on_user_logged_in, dispatch_uid="clinic-session-start")
        from clinic.clock import remember_reader_zone

        user_logged_in.connect(remember_reader_zone, dispatch_uid="clinic-reader-zone")
        authenticator_added.connect(
            sessions.on_authenticator_changed, dispatch_uid="clinic-2fa-add"
        )
        authenticator_removed.connect(
            sessions.on_authenticator_changed, dispatch_uid="clinic-2fa-remove"
        )
