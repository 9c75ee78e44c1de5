from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from django.db.models import F

        from cases import hooks, timeline
        from privacy.models import RightsRequest
        from privacy.selectors import case_retention

        # A correction or objection on a file: received (with its deadline), and answered (its outcome).
        timeline.register(
            timeline.Source(
                kind="rights_request",
                entries=lambda case: RightsRequest.objects.filter(case=case).annotate(at=F("recorded_at")),
                load=lambda ids: RightsRequest.objects.filter(pk__in=ids).select_related("person"),
                template="privacy/timeline/received.html",
            )
        )
        timeline.register(
            timeline.Source(
                kind="rights_request_answer",
                entries=lambda case: RightsRequest.objects.filter(
                    case=case, decided_on__isnull=False
                ).annotate(at=F("decided_at")),
                load=lambda ids: RightsRequest.objects.filter(pk__in=ids).select_related("person"),
                template="privacy/timeline/answered.html",
            )
        )
        # A closed file says until when it is kept (or that it was destroyed).
        hooks.panel_register(
            hooks.Panel(
                template="privacy/_case_retention.html", context=lambda *, case, perms: case_retention(case)
            )
        )
