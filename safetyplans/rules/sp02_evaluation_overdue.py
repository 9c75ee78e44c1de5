from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.dates import subtract_working_days
from core.rules import Rule, Severity
from safetyplans.models import Evaluation, SafetyPlan


def matches(ctx, rule):
    evaluated = Evaluation.objects.filter(plan=OuterRef("pk"), evaluated_on__gte=OuterRef("evaluation_on"))
    return (
        SafetyPlan.objects.filter(
            ctx.per_organisation(
                rule, lambda days: Q(evaluation_on__lt=subtract_working_days(ctx.today, days))
            ),
            state=SafetyPlan.State.AGREED,
        )
        .exclude(case__phase="closed")
        .exclude(Exists(evaluated))
        .annotate(plan_version=F("number"))
    )


RULE = Rule(
    id="SP-02",
    title=_("Safety plan not evaluated"),
    explanation=_("The evaluation date of the agreed plan has passed and no evaluation was recorded."),
    severity=Severity.WARNING,
    threshold=5,
    unit=_("working days"),
    source=_("Safety plan format of Veilig Thuis Utrecht."),
    assumptions=_(
        "The source names no margin after the evaluation date: five working days is an assumption."
    ),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("evaluation_on", "plan_version"),
)
