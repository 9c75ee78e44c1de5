"""How the safety plan's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.describe import by_id, label, register
from safetyplans.models import SafetyPlan


def _plans(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Safety plan version %(number)s") % {"number": number}
        for pk, number in SafetyPlan.objects.filter(pk__in=ids).values_list("pk", "number")
    }


register("safety_plan", by_id(_plans, fallback=gettext_lazy("Safety plan")))
register("safety_plans", label(gettext_lazy("Safety plans")))
