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
from core.locking import StaleEdit
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
    weighings = list(decision.weighings.all()) if decision else []
    decision_form = ReportingCodeDecisionForm(
        initial=_decision_initial(decision, weighings, today), prefix="decision"
    )
    if request.method == "POST" and can_work:
        saved = _reporting_code_save(request, case, step_forms, decision_form, decision)
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
        "weighings": weighings,
        "decision_form": decision_form,
        "missing_steps": [step for step in services.STEPS_BEFORE_DECISION if step not in recorded],
        "can_work": can_work,
    }
    return render(request, "reportingcode/reporting_code.html", context)


def _reporting_code_save(request, case, step_forms, decision_form, decision) -> str | None:
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
                    weighings=decision_form.weighings(),
                    decided_on=data["decided_on"],
                    skipped_reason=data["skipped_reason"],
                    expected_version=data["version"] or 0,
                )
            except ValidationError as error:
                add_service_errors(decision_form, error)
                if isinstance(error, StaleEdit):
                    # The page shows the decision saved meanwhile; saving again (the text kept) replaces it.
                    decision_form.data = decision_form.data.copy()
                    decision_form.data["decision-version"] = decision.version if decision else 0
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


def _decision_initial(decision, weighings, today) -> dict:
    """The decision form as the recorded decision left it (the answers one by one), or empty for today."""
    if decision is None:
        return {"decided_on": today, "version": 0}
    initial = {
        "decided_on": decision.decided_on,
        "skipped_reason": decision.skipped_reason,
        "version": decision.version,
    }
    for weighing in weighings:
        initial[f"answer_{weighing.question}"] = "yes" if weighing.answer else "no"
        initial[f"explanation_{weighing.question}"] = weighing.explanation
    return initial
