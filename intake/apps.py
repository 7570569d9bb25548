from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake"

    def ready(self):
        from clinic.trust import data_rights
        from intake import exports

        data_rights.register_area(
            self.label, export=exports.export_runner, anonymise=exports.anonymise_runner
        )
