import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Measure, MeasureKind, Severity
from cases.rules import Rule, register


def matches(ctx, rule):
    final = Measure.objects.filter(
        case=OuterRef("case"), kind=MeasureKind.SUPERVISION, starts_on__gte=OuterRef("starts_on")
    )
    return (
        Measure.objects.filter(kind=MeasureKind.INTERIM_SUPERVISION, ended_on__isnull=True)
        .filter(ctx.per_organisation(rule, lambda days: Q(starts_on__lt=ctx.today - dt.timedelta(days=days))))
        .exclude(Exists(final))
    )


register(
    Rule(
        id="OTS-01",
        title=_("Interim supervision order without a final decision"),
        explanation=_("An interim OTS lasts at most three months: a final decision or hearing is needed."),
        severity=Severity.WARNING,
        threshold=56,
        unit=_("days after the start"),
        source="BW 1:257 (voorlopige OTS max. 3 maanden); waarschuwing na 8 weken [ASSUMPTION]",
        matches=matches,
        organisation="case__team__organisation",
        key="case_id",
        facts=("starts_on", "ends_on"),
    )
)
