from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from safetyplans.models import EmergencyStep, SafetyPlan


def matches(ctx, rule):
    has_steps = EmergencyStep.objects.filter(plan=OuterRef("pk"))
    return SafetyPlan.objects.filter(
        ctx.per_organisation(rule, lambda _threshold: Q()),
        Q(evaluation_on__isnull=True) | Q(supervisor="") | ~Exists(has_steps),
        state=SafetyPlan.State.AGREED,
    ).exclude(case__phase="closed")


RULE = Rule(
    id="SP-01",
    title=_("Safety plan incomplete"),
    explanation=_(
        "The agreed plan lacks an evaluation date, a supervisor, or what to do when things go wrong."
    ),
    severity=Severity.WARNING,
    threshold=0,
    unit=_("immediately"),
    source=_("Safety plan format of Veilig Thuis Utrecht."),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("number",),
)
