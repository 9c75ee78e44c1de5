"""The meldcode page of a case (/casussen/<pk>/meldcode/): the five steps and the step-5 decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.services import access_viewed
from cases.access import NOTES, WORK, case_permissions, get_case_for
from core.forms import add_service_errors
from core.params import int_param
from reportingcode import services
from reportingcode.forms import ReportingCodeDecisionForm, ReportingCodeStepForm
from reportingcode.models import ReportingCodeStep


@login_required
@require_http_methods(["GET", "POST"])
def reporting_code(request, pk: int):
    case = get_case_for(request.user, pk, NOTES)
    can_work = not case.is_closed and WORK in case_permissions(request.user, case)
    recorded = {step.step: step for step in case.reporting_code_steps.all()}
    decision = getattr(case, "reporting_code_decision", None)
    today = timezone.localdate()
    step_forms = {
        step: ReportingCodeStepForm(
            initial={"done_on": today, "performed_by": request.user.get_full_name()}
            if step not in recorded
            else {"done_on": recorded[step].done_on, "performed_by": recorded[step].performed_by,
                  "note": recorded[step].note},
            prefix=f"step{step}",
        )
        for step in ReportingCodeStep.Step.values
    }  # fmt: skip
    decision_form = ReportingCodeDecisionForm(
        initial={
            "decided_on": decision.decided_on if decision else today,
            "reporting_required": ("yes" if decision.reporting_required else "no") if decision else None,
            "reporting_rationale": decision.reporting_rationale if decision else "",
            "own_help_possible": ("yes" if decision.own_help_possible else "no") if decision else None,
            "own_help_rationale": decision.own_help_rationale if decision else "",
        },
        prefix="decision",
    )
    if request.method == "POST" and can_work:
        saved = _reporting_code_save(request, case, step_forms, decision_form)
        if saved:
            messages.success(request, _("The meldcode record has been saved."))
            return redirect(reverse("reportingcode:reporting-code", kwargs={"pk": case.pk}) + f"#{saved}")
    steps = [
        {"value": value, "label": label, "record": recorded.get(value), "form": step_forms[value]}
        for value, label in ReportingCodeStep.Step.choices
    ]
    access_viewed(user=request.user, case=case, object_ref=f"reporting_code:{case.pk}")
    context = {
        "case": case,
        "steps": steps,
        "decision": decision,
        "decision_form": decision_form,
        "can_work": can_work,
    }
    return render(request, "reportingcode/reporting_code.html", context)


def _reporting_code_save(request, case, step_forms, decision_form) -> str | None:
    """Save the one part of the meldcode page that was submitted; the anchor to return to, or None."""
    if "decision" in request.POST:
        form = ReportingCodeDecisionForm(request.POST, prefix="decision")
        decision_form.data, decision_form.is_bound = form.data, True
        if decision_form.is_valid():
            data = decision_form.cleaned_data
            try:
                services.reporting_code_decide(
                    case=case,
                    by=request.user,
                    reporting_required=data["reporting_required"] == "yes",
                    reporting_rationale=data["reporting_rationale"],
                    own_help_possible=data["own_help_possible"] == "yes",
                    own_help_rationale=data["own_help_rationale"],
                    decided_on=data["decided_on"],
                )
            except ValidationError as error:
                add_service_errors(decision_form, error)
            else:
                return "besluit"
        return None
    step = int_param(request.POST, "step")
    if step not in step_forms:
        messages.error(request, _("This step of the meldcode does not exist. Choose one of the five steps."))
        return None
    form = ReportingCodeStepForm(request.POST, prefix=f"step{step}")
    step_forms[step] = form
    if form.is_valid():
        try:
            services.reporting_code_step_record(case=case, by=request.user, step=step, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return f"stap-{step}"
    return None
