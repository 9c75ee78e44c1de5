from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from cases.models import NOT_HELD, Case, Contact
from core.rules import Rule, Severity


def matches(ctx, rule):
    recent = Contact.objects.filter(case=OuterRef("pk")).order_by("-occurred_at", "-pk").values("kind")
    return (
        Case.objects.exclude(phase="closed")
        .annotate(last_kind=Subquery(recent[:1]), before_kind=Subquery(recent[1:2]))
        .filter(
            ctx.per_organisation(rule, lambda _threshold: Q()),
            last_kind__in=NOT_HELD,
            before_kind__in=NOT_HELD,
        )
    )


RULE = Rule(
    id="OV-02",
    title=_("Two visits in a row did not take place"),
    explanation=_("The last two contacts were cancelled or nobody was home."),
    severity=Severity.WARNING,
    threshold=2,
    unit=_("in a row"),
    source=_("Practice in the local teams."),
    assumptions=_("No source names a number: two missed visits in a row is an assumption."),
    matches=matches,
    facts=("last_kind", "before_kind"),
)
