from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingcodeConfig(AppConfig):
    name = "reportingcode"
    verbose_name = _("Meldcode")
