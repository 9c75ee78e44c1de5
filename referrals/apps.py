from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _monitoring_panel(*, case, perms) -> dict:
    from referrals.selectors import case_monitoring_ends_on

    ends_on = case_monitoring_ends_on(case)
    return {
        "vt_monitoring_ends_on": ends_on,
        "vt_monitoring_over": ends_on is not None and ends_on < timezone.localdate(),
    }


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Handovers")

    def ready(self) -> None:
        from django.db.models import F

        from cases import hooks, timeline
        from cases.access import assignment_end_register
        from cases.models import CaseRole
        from referrals.models import MonitoringMoment, Referral
        from referrals.selectors import monitoring_ends_on, monitoring_over

        # The Veilig Thuis monitor sees the case until the monitoring period ends, checked at read time.
        assignment_end_register(CaseRole.VT_MONITOR, monitoring_over)

        # The end of the monitoring period on the case page: read in the case's own query, no query more.
        hooks.case_annotate("vt_monitoring_ends_on", monitoring_ends_on)
        hooks.panel_register(
            hooks.Panel(
                template="referrals/_case_panel.html",
                context=_monitoring_panel,
            )
        )

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
