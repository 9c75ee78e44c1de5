from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Exchange with the chain")

    def ready(self) -> None:
        from api.outcomes import outcome_share
        from cases import hooks

        hooks.on("table_outcome_recorded", outcome_share)
