"""The safety plan on paper: a Django template rendered to a tagged PDF (core.pdf)."""

from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import render_pdf
from safetyplans.models import SafetyPlan


def plan_html(plan: SafetyPlan, *, part: str = "all", for_print: bool = True, csp_nonce: str = "") -> str:
    """The plan as the print template renders it; part "child" is the children's section on its own.

    Fonts are named relative to the PDF's base (the fonts folder) when printing, by their static URL in the
    browser's print preview, where the inline style sheet needs the request's CSP nonce.
    """
    return render_to_string(
        "safetyplans/print.html",
        {
            "plan": plan,
            "case": plan.case,
            "part": part,
            "for_print": for_print,
            "csp_nonce": csp_nonce,
            "printed_on": timezone.localdate(),
            "worries": plan.worries.prefetch_related("agreements"),
            "network": plan.network.all(),
            "steps": plan.emergency_steps.all(),
            "scores": plan.scores.all(),
        },
    )


def plan_pdf(plan: SafetyPlan, *, part: str = "all") -> bytes:
    return render_pdf(plan_html(plan, part=part))
