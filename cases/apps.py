from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from accounts import hooks
        from cases.selectors import case_numbers_shown

        # The home page (accounts) logs showing notifications that name cases; cases knows its numbers.
        hooks.cases_named_register(case_numbers_shown)
