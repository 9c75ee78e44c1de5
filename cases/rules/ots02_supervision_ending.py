import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Measure, MeasureKind, Severity
from cases.rules import Rule, register


def matches(ctx, rule):
    return Measure.objects.filter(kind=MeasureKind.SUPERVISION, ended_on__isnull=True).filter(
        ctx.per_organisation(rule, lambda days: Q(ends_on__lte=ctx.today + dt.timedelta(days=days)))
    )


register(
    Rule(
        id="OTS-02",
        title=_("Supervision order ends soon"),
        explanation=_("Ask for an extension or decide to end the OTS before it expires."),
        severity=Severity.WARNING,
        threshold=56,
        unit=_("days before the end"),
        source="OTS max. 1 jaar per beschikking (CBS; JGB Friesland); 8 weken vooraf [ASSUMPTION]",
        matches=matches,
        organisation="case__team__organisation",
        key="case_id",
        facts=("ends_on",),
    )
)
