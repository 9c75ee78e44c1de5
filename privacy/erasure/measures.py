"""Court measures and placements.

Per model:
- Measure: KEPT (the reports count measures started, by kind; dates and the institution stay), the court
  and why it ended BLANKED.
- Measure.children (through): KEPT (which children a measure was about; the persons are anonymised when
  nothing alive links to them).
- MeasureExtension: KEPT: dates only.
- Placement: KEPT (since, until), where the child lived BLANKED.
"""

from measures.models import Measure, MeasureExtension, Placement

COVERS = [Measure, Measure.children.through, MeasureExtension, Placement]


def erase(ctx) -> None:
    case = ctx.case
    ctx.count("measures", Measure.objects.filter(case=case).update(court="", end_reason=""))
    ctx.count("placements", Placement.objects.filter(measure__case=case).update(where=""))
