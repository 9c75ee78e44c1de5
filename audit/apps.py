from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from accounts import hooks
        from audit.services import access_event_record

        # Accounts writes to the log (a change that opens case files, a home page naming cases) through
        # this hook: it sits below audit and never imports it.
        hooks.access_recorder_register(access_event_record)
