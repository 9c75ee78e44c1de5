import datetime as dt

from django.db.models import Max, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from safetyplans.models import SafetyPlan


def matches(ctx, rule):
    return (
        SafetyPlan.objects.filter(state=SafetyPlan.State.AGREED)
        .exclude(case__phase="closed")
        .annotate(last_scored=Coalesce(Max("evaluations__evaluated_on"), TruncDate("agreed_at")))
        .filter(
            ctx.per_organisation(rule, lambda days: Q(last_scored__lt=ctx.today - dt.timedelta(days=days)))
        )
    )


RULE = Rule(
    id="SP-03",
    title=_("Safety scale not scored again"),
    explanation=_("Nobody has asked the scale question again since the plan was agreed or last evaluated."),
    severity=Severity.INFO,
    threshold=42,
    unit=_("days"),
    source=_("Signs of Safety practice."),
    assumptions=_("No source names a term: six weeks is an assumption."),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("last_scored",),
)
