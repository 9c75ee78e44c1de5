from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Severity
from cases.rules import Rule, register
from core.dates import subtract_working_days
from referrals.models import Referral


def matches(ctx, rule):
    return Referral.objects.filter(
        ctx.per_organisation(rule, lambda days: Q(sent_at__date__lt=subtract_working_days(ctx.today, days))),
        state=Referral.State.SENT,
    )


register(
    Rule(
        id="VT-05",
        title=_("Handover not accepted"),
        explanation=_("Veilig Thuis sent this handover and the receiving team has not accepted it in time."),
        severity=Severity.WARNING,
        threshold=5,
        unit=_("working days"),
        source="Regionale samenwerkingsafspraken (VNG factsheet) [REGIONAL]",
        matches=matches,
        subject="referral",
        organisation="receiving_team__organisation",
        facts=("reference", "sent_at"),
    )
)
