import datetime as dt

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.rules import Rule, Severity


def matches(ctx, rule):
    return (
        Case.objects.exclude(phase="closed")
        .filter(
            follow_up_of__isnull=False, follow_up_of__closed_on__gte=F("opened_on") - dt.timedelta(days=92)
        )
        .filter(
            ctx.per_organisation(rule, lambda days: Q(opened_on__gte=ctx.today - dt.timedelta(days=days)))
        )
        .annotate(previous=F("follow_up_of__number"))
    )


RULE = Rule(
    id="OV-04",
    title=_("New signal shortly after closing"),
    explanation=_("This case follows one closed less than three months before. Look at its history."),
    severity=Severity.WARNING,
    threshold=90,
    unit=_("days shown"),
    source=_("CBS 85361NED: 38 percent of reports are repeat reports."),
    matches=matches,
    facts=("previous",),
    events=("case_followed_up",),
)
