from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyplansConfig(AppConfig):
    name = "safetyplans"
    verbose_name = _("Safety plans")

    def ready(self) -> None:
        from django.db.models import F

        from cases import timeline
        from safetyplans.models import Evaluation, SafetyPlan

        timeline.register(
            timeline.Source(
                kind="safety_plan",
                entries=lambda case: SafetyPlan.objects.filter(case=case, agreed_at__isnull=False).annotate(
                    at=F("agreed_at")
                ),
                load=lambda ids: SafetyPlan.objects.filter(pk__in=ids).select_related("agreed_by"),
                template="safetyplans/timeline/agreed.html",
            )
        )
        timeline.register(
            timeline.Source(
                kind="plan_evaluation",
                entries=lambda case: Evaluation.objects.filter(plan__case=case).annotate(at=F("recorded_at")),
                load=lambda ids: (
                    Evaluation.objects.filter(pk__in=ids)
                    .select_related("plan", "recorded_by")
                    .prefetch_related("results")
                ),
                template="safetyplans/timeline/evaluation.html",
            )
        )
