"""How the measures app's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.describe import by_id, label, register
from measures.models import Measure, MeasureKind


def _measures(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Measure: %(kind)s") % {"kind": MeasureKind(kind).label}
        for pk, kind in Measure.objects.filter(pk__in=ids).values_list("pk", "kind")
    }


register("measure", by_id(_measures, fallback=gettext_lazy("Measure")))
register("measures", label(gettext_lazy("Measures")))
register("placement", label(gettext_lazy("Placement")))
