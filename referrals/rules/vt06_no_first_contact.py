from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import NOT_HELD, Case, Contact, Phase
from core.dates import subtract_working_days
from core.rules import Rule, Severity
from referrals.models import Referral


def matches(ctx, rule):
    contact_since = Contact.objects.filter(
        case=OuterRef("case"), occurred_at__gte=OuterRef("accepted_at")
    ).exclude(kind__in=NOT_HELD)
    return Referral.objects.filter(
        ctx.per_organisation(
            rule, lambda days: Q(accepted_at__date__lt=subtract_working_days(ctx.today, days))
        ),
        state=Referral.State.ACCEPTED,
        # Open cases as a subquery: excluding closed ones through the (nullable) case joined every case
        # to the referrals first (a quarter of the rule's time, ADR 14). A handover without a case has
        # no key and is never flagged either way.
        case__in=Case.objects.exclude(phase=Phase.CLOSED),
    ).exclude(Exists(contact_since))


RULE = Rule(
    id="VT-06",
    title=_("No first contact after the handover"),
    explanation=_("The team accepted Veilig Thuis's handover but has had no contact with the family since."),
    severity=Severity.WARNING,
    threshold=10,
    unit=_("working days"),
    source=_("Regional agreements: oversight of safety passes to the team when it accepts the handover."),
    assumptions=_("No source names a term for the first contact: ten working days is an assumption."),
    regional=_("The term for the first contact after a handover is agreed per region."),
    matches=matches,
    organisation="receiving_team__organisation",
    key="case_id",
    facts=("reference", "accepted_at"),
)
