"""The meldcode record of the file.

Per model:
- ReportingCodeStep: KEPT (which step was done when), who performed it and the note BLANKED.
- ReportingCodeDecision: KEPT (whether reporting was required, whether own help was possible, the date,
  which steps were skipped), the rationales and why steps were skipped BLANKED.
- Weighing: DELETED (the afwegingen with their explanations: only content).
"""

from reportingcode.models import ReportingCodeDecision, ReportingCodeStep, Weighing

COVERS = [ReportingCodeStep, ReportingCodeDecision, Weighing]


def erase(ctx) -> None:
    case = ctx.case
    ctx.count("weighings", Weighing.objects.filter(decision__case=case).delete()[0])
    ctx.count(
        "reporting_code_steps",
        ReportingCodeStep.objects.filter(case=case).update(performed_by="", note=""),
    )
    ctx.count(
        "reporting_code_decisions",
        ReportingCodeDecision.objects.filter(case=case).update(
            reporting_rationale="", own_help_rationale="", skipped_reason=""
        ),
    )
