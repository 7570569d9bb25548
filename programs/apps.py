from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from django.core.signals import setting_changed

        from clinic.models import DeliveryKind
        from clinic.notifications import kinds
        from clinic.trust import data_rights
        from intake.services import on_red_flags_signed
        from programs import alerts, daily_reminder, exports

        kinds.register(
            DeliveryKind.DAILY_EXERCISE,
            compose=daily_reminder.compose_daily_reminders,
            dispatch=daily_reminder.dispatch_daily_reminders,
        )
        kinds.register(DeliveryKind.CLINICIAN_ALERT, compose=alerts.compose_alerts)
        kinds.register(
            DeliveryKind.CLINICIAN_DIGEST,
            compose=alerts.compose_digests,
            dispatch=alerts.dispatch_digests,
        )
        on_red_flags_signed(alerts.after_red_flags)
        setting_changed.connect(_forget_media_storage)
        data_rights.register_area(
            self.label, export=exports.export_runner, anonymise=exports.anonymise_runner
        )


def _forget_media_storage(*, setting, **kwargs):
    """A changed STORAGES setting (in tests) moves exercise media with it, as Django does for
    its own default storage."""
    if setting == "STORAGES":
        from django.utils.functional import empty

        from programs.models import exercise_media_storage

        exercise_media_storage._wrapped = empty
