from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from clinic.models import DeliveryKind
        from clinic.notifications import kinds
        from clinic.trust import data_rights
        from programs import daily_reminder, exports

        kinds.register(
            DeliveryKind.DAILY_EXERCISE,
            compose=daily_reminder.compose_daily_reminders,
            dispatch=daily_reminder.dispatch_daily_reminders,
        )
        data_rights.register_area(
            self.label, export=exports.export_runner, anonymise=exports.anonymise_runner
        )
