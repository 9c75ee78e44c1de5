from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseAssignment, Phase
from cases.workflow import directing_assignment
from core.rules import Rule, Severity


def matches(ctx, rule):
    directs = CaseAssignment.objects.filter(case=OuterRef("pk"), ends_at__isnull=True).filter(
        directing_assignment()
    )
    return (
        Case.objects.exclude(phase=Phase.CLOSED)
        .filter(ctx.per_organisation(rule, lambda _threshold: Q()))
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
