from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import subtract_working_days
from core.rules import Rule, Severity
from referrals.models import MonitoringMoment


def matches(ctx, rule):
    return MonitoringMoment.objects.filter(
        ctx.per_organisation(rule, lambda days: Q(due_on__lt=subtract_working_days(ctx.today, days))),
        referral__state="accepted",
        result="",
    ).exclude(referral__case__phase="closed")


RULE = Rule(
    id="VT-07",
    title=_("Monitoring moment passed without a result"),
    explanation=_("Veilig Thuis agreed to monitor at this moment, and no monitoring result was recorded."),
    severity=Severity.WARNING,
    threshold=5,
    unit=_("working days after the moment"),
    source=_("Monitoring is a formal stage of Veilig Thuis (a CBS category)."),
    assumptions=_("No source names the moments: three and six months after acceptance is an assumption."),
    matches=matches,
    organisation="referral__organisation",
    key="referral__case_id",
    facts=("due_on", "months_after_acceptance"),
)
