from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseAssignment, Phase
from cases.workflow import directing_role_expression
from core.rules import Rule, Severity


def matches(ctx, rule):
    # The role is compared with the one the case's phase names: the database then hashes the active
    # assignments once, without joining each to its case again (half the rule's time, ADR 14).
    directs = CaseAssignment.objects.filter(
        case=OuterRef("pk"), ends_at__isnull=True, role=OuterRef("directing_role")
    )
    return (
        Case.objects.exclude(phase=Phase.CLOSED)
        .filter(ctx.per_organisation(rule, lambda _threshold: Q()))
        .annotate(directing_role=directing_role_expression())
        .exclude(Exists(directs))
    )


RULE = Rule(
    id="OV-05",
    title=_("Nobody holds safety oversight"),
    explanation=_("This open case has no director (under a measure: no child protection worker)."),
    severity=Severity.CRITICAL,
    threshold=0,
    unit=_("immediately"),
    source=_(
        "Handelingsprotocol Veilig Thuis: oversight of safety passes from the reporter "
        "via Veilig Thuis to the receiving party."
    ),
    matches=matches,
    facts=("number",),
)
