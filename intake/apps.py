from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake"

    def ready(self):
        from clinic.booking import services as booking
        from clinic.models import DeliveryKind
        from clinic.notifications import kinds
        from clinic.trust import data_rights
        from intake import exports, invitation, services

        kinds.register(DeliveryKind.INTAKE_INVITATION, compose=invitation.compose_invitations)
        booking.on_assessment_booked(services.invite_to_questionnaires)
        data_rights.register_area(
            self.label, export=exports.export_runner, anonymise=exports.anonymise_runner
        )
