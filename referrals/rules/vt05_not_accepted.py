from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import subtract_working_days
from core.rules import Rule, Severity
from referrals.models import Referral


def matches(ctx, rule):
    return Referral.objects.filter(
        ctx.per_organisation(rule, lambda days: Q(sent_at__date__lt=subtract_working_days(ctx.today, days))),
        state=Referral.State.SENT,
    )


RULE = Rule(
    id="VT-05",
    title=_("Handover not accepted"),
    explanation=_("Veilig Thuis sent this handover and the receiving team has not accepted it in time."),
    severity=Severity.WARNING,
    # The regional acceptance norm: the same number the receiving team's inbox measures age against.
    threshold=settings.REFERRAL_ACCEPTANCE_WORKING_DAYS,
    unit=_("working days"),
    source=_("Regional cooperation agreements (VNG factsheet)."),
    regional=_(
        "Each region agrees how quickly a handover is accepted; an organisation can set its own term."
    ),
    matches=matches,
    subject="referral",
    organisation="receiving_team__organisation",
    facts=("reference", "sent_at"),
)
