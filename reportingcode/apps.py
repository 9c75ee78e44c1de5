from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingcodeConfig(AppConfig):
    name = "reportingcode"
    verbose_name = _("Meldcode")

    def ready(self) -> None:
        from django.db.models import F

        from cases import timeline
        from reportingcode.models import ReportingCodeDecision, ReportingCodeStep

        # Each recorded step of the meldcode, and the step-5 decision, on the case timeline.
        timeline.register(
            timeline.Source(
                kind="reporting_code_step",
                entries=lambda case: ReportingCodeStep.objects.filter(case=case).annotate(
                    at=F("recorded_at")
                ),
                load=lambda ids: ReportingCodeStep.objects.filter(pk__in=ids),
                template="reportingcode/timeline/step.html",
            )
        )
        timeline.register(
            timeline.Source(
                kind="reporting_code_decision",
                entries=lambda case: ReportingCodeDecision.objects.filter(case=case).annotate(
                    at=F("recorded_at")
                ),
                load=lambda ids: ReportingCodeDecision.objects.filter(pk__in=ids).select_related(
                    "decided_by"
                ),
                template="reportingcode/timeline/decision.html",
            )
        )
