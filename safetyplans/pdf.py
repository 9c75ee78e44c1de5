"""The safety plan on paper: a Django template rendered to a tagged PDF by WeasyPrint."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from safetyplans.models import SafetyPlan

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"


def plan_html(plan: SafetyPlan, *, part: str = "all", for_print: bool = True) -> str:
    """The plan as the print template renders it; part "child" is the children's section on its own."""
    return render_to_string(
        "safetyplans/print.html",
        {
            "plan": plan,
            "case": plan.case,
            "part": part,
            "for_print": for_print,
            "fonts": FONTS.as_uri(),
            "printed_on": timezone.localdate(),
            "worries": plan.worries.prefetch_related("agreements"),
            "network": plan.network.all(),
            "steps": plan.emergency_steps.all(),
            "scores": plan.scores.all(),
        },
    )


def plan_pdf(plan: SafetyPlan, *, part: str = "all") -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    return HTML(string=plan_html(plan, part=part), base_url=str(FONTS)).write_pdf(pdf_variant="pdf/ua-1")
