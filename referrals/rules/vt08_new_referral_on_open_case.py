from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from referrals.models import Referral


def matches(ctx, rule):
    return Referral.objects.filter(
        ctx.per_organisation(rule, lambda _threshold: Q()),
        state=Referral.State.SENT,
        case__isnull=False,
    ).exclude(case__phase="closed")


RULE = Rule(
    id="VT-08",
    title=_("New report on a family with an open case"),
    explanation=_("Veilig Thuis sent a new handover about a family this team already works with."),
    severity=Severity.CRITICAL,
    threshold=0,
    unit=_("immediately"),
    source=_("CBS 85361NED: 5.1 percent of reports arrive during monitoring."),
    matches=matches,
    organisation="receiving_team__organisation",
    key="case_id",
    facts=("reference", "sent_at"),
    events=("referral_on_open_case",),
)
