from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Handovers")

    def ready(self) -> None:
        from django.db.models import F

        from cases import timeline
        from cases.access import assignment_end_register
        from cases.models import CaseRole
        from referrals.models import MonitoringMoment, Referral
        from referrals.selectors import monitoring_over

        # The Veilig Thuis monitor sees the case until the monitoring period ends, checked at read time.
        assignment_end_register(CaseRole.VT_MONITOR, monitoring_over)

        timeline.register(
            timeline.Source(
                kind="referral",
                entries=lambda case: Referral.objects.filter(case=case, accepted_at__isnull=False).annotate(
                    at=F("accepted_at")
                ),
                load=lambda ids: Referral.objects.filter(pk__in=ids).select_related(
                    "organisation", "accepted_by"
                ),
                template="referrals/timeline/referral.html",
            )
        )
        timeline.register(
            timeline.Source(
                kind="monitoring",
                entries=lambda case: MonitoringMoment.objects.filter(
                    referral__case=case, recorded_at__isnull=False
                ).annotate(at=F("recorded_at")),
                load=lambda ids: MonitoringMoment.objects.filter(pk__in=ids).select_related("recorded_by"),
                template="referrals/timeline/monitoring.html",
            )
        )
