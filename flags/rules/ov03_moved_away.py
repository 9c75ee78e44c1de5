from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Address, Case
from core.rules import Rule, Severity


def matches(ctx, rule):
    moved_out = Address.objects.filter(family=OuterRef("family"), valid_to__isnull=True, left_team_area=True)
    return Case.objects.exclude(phase="closed").filter(
        ctx.per_organisation(rule, lambda _threshold: Q()), Exists(moved_out)
    )


RULE = Rule(
    id="OV-03",
    title=_("Family moved out of the team's area"),
    explanation=_(
        "Arrange a warm handover to the team of the new municipality, and check the reference index."
    ),
    severity=Severity.WARNING,
    threshold=0,
    unit=_("immediately"),
    source=_("The reference index moves with the family; the national register of Veilig Thuis."),
    matches=matches,
    facts=("number",),
    events=("family_left_team_area",),
)
