"""How the meldcode's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.describe import by_id, label, register
from reportingcode.models import ReportingCodeStep


def _reporting_code_steps(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Reporting code, step %(step)s") % {"step": step}
        for pk, step in ReportingCodeStep.objects.filter(pk__in=ids).values_list("pk", "step")
    }


register("reporting_code", label(gettext_lazy("Reporting code")))
register("reporting_code_step", by_id(_reporting_code_steps, fallback=gettext_lazy("Reporting code")))
register("reporting_code_decision", label(gettext_lazy("Reporting code: decision")))
