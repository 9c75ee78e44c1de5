import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from tables.models import Outcome


def matches(ctx, rule):
    """Drang agreements whose report-back date has passed without a report back to the table."""
    superseded = Outcome.objects.filter(case=OuterRef("case"), recorded_at__gt=OuterRef("recorded_at"))
    return (
        Outcome.objects.filter(
            ctx.per_organisation(
                rule, lambda days: Q(report_back_on__lt=ctx.today - dt.timedelta(days=days))
            ),
            kind=Outcome.Kind.PRESSURE,
            reported_back_on__isnull=True,
        )
        .exclude(case__phase="closed")
        .exclude(Exists(superseded))
        .annotate(table_name=F("item__meeting__table__name"))
    )


RULE = Rule(
    id="JBT-02",
    title=_("Agreements under pressure not reported back"),
    explanation=_(
        "The report-back date of the Beschermtafel's agreements has passed and nothing was reported back."
    ),
    severity=Severity.WARNING,
    threshold=0,
    unit=_("days after the report-back date"),
    source=_("Beschermingstafel Noord-Veluwe: report back after two to three months (a regional source)."),
    regional=_("The table sets the report-back date with its agreements."),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("report_back_on", "table_name"),
)
