from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Practice"

    def ready(self):
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from . import sessions

        user_logged_in.connect(sessions.on_user_logged_in, dispatch_uid="clinic-session-start")
        authenticator_added.connect(
            sessions.on_authenticator_changed, dispatch_uid="clinic-2fa-add"
        )
        authenticator_removed.connect(
            sessions.on_authenticator_changed, dispatch_uid="clinic-2fa-remove"
        )
