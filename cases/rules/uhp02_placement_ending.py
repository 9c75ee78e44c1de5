import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Measure, MeasureKind, Severity
from cases.rules import Rule, register


def matches(ctx, rule):
    return Measure.objects.filter(kind=MeasureKind.PLACEMENT, ended_on__isnull=True).filter(
        ctx.per_organisation(rule, lambda days: Q(ends_on__lte=ctx.today + dt.timedelta(days=days)))
    )


register(
    Rule(
        id="UHP-02",
        title=_("Placement authorisation ends soon"),
        explanation=_("Ask for an extension or decide to end it before the year is over."),
        severity=Severity.WARNING,
        threshold=56,
        unit=_("days before the end"),
        source="NJi (machtiging max. 1 jaar)",
        matches=matches,
        organisation="case__team__organisation",
        key="case_id",
        facts=("ends_on",),
    )
)
