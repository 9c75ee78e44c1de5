import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Measure, MeasureKind, Placement, Severity
from cases.rules import Rule, register


def matches(ctx, rule):
    placed = Placement.objects.filter(measure=OuterRef("pk"))
    return (
        Measure.objects.filter(kind=MeasureKind.PLACEMENT, ended_on__isnull=True)
        .filter(ctx.per_organisation(rule, lambda days: Q(starts_on__lt=ctx.today - dt.timedelta(days=days))))
        .exclude(Exists(placed))
    )


register(
    Rule(
        id="UHP-01",
        title=_("Placement authorisation not used"),
        explanation=_("A placement authorisation lapses when it is not used within three months."),
        severity=Severity.WARNING,
        threshold=56,
        unit=_("days after the start"),
        source="NJi cijfers uithuisplaatsing (machtiging vervalt na 3 maanden ongebruikt)",
        matches=matches,
        organisation="case__team__organisation",
        key="case_id",
        facts=("starts_on",),
    )
)
