from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "tables"
    verbose_name = _("Beschermtafel")

    def ready(self) -> None:
        from django.db.models import F

        from cases import timeline
        from tables.models import Outcome, SubmissionEvent

        timeline.register(
            timeline.Source(
                kind="table_submission",
                entries=lambda case: SubmissionEvent.objects.filter(
                    submission__case=case,
                    kind__in=[
                        SubmissionEvent.Kind.SUBMITTED,
                        SubmissionEvent.Kind.RETURNED,
                        SubmissionEvent.Kind.SCHEDULED,
                        SubmissionEvent.Kind.WITHDRAWN,
                    ],
                ),  # its own field "at" is the time the timeline sorts by
                load=lambda ids: SubmissionEvent.objects.filter(pk__in=ids).select_related(
                    "by", "meeting__table", "submission__table"
                ),
                template="tables/timeline/submission.html",
            )
        )
        timeline.register(
            timeline.Source(
                kind="table_outcome",
                entries=lambda case: Outcome.objects.filter(case=case).annotate(at=F("recorded_at")),
                load=lambda ids: (
                    Outcome.objects.filter(pk__in=ids)
                    .select_related("item__meeting__table", "investigator", "recorded_by")
                    .prefetch_related("agreements")
                ),
                template="tables/timeline/outcome.html",
            )
        )
