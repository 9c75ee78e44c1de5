"""Safety plan pages. Plans are reached through their case: 404 for anyone who may not see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessEvent
from audit.services import access_viewed
from cases.access import AGREE_PLAN, EDIT_PLAN, VIEW, case_permissions, get_case_for
from core.forms import add_service_errors, errors_as_text
from core.locking import StaleEdit
from core.params import int_param
from safetyplans import services
from safetyplans.forms import AgreeForm, EvaluationForm, PlanForm, plan_formsets, with_one_more_row
from safetyplans.models import SafetyPlan
from safetyplans.pdf import plan_html, plan_pdf
from safetyplans.selectors import PLAIN_FIELDS, plan_content, plan_diff, plan_for


def _viewed(request, plan: SafetyPlan, action: str = AccessEvent.Action.VIEW) -> None:
    access_viewed(user=request.user, action=action, case=plan.case, object_ref=f"safety_plan:{plan.pk}")


@login_required
@require_GET
def case_plans(request, case_pk: int):
    case = get_case_for(request.user, case_pk, VIEW)
    plans = list(case.safety_plans.select_related("agreed_by"))
    access_viewed(user=request.user, case=case, object_ref=f"safety_plans:{case.pk}")
    perms = case_permissions(request.user, case)
    return render(
        request,
        "safetyplans/case_plans.html",
        {"case": case, "plans": plans, "can_edit": EDIT_PLAN in perms and not case.is_closed},
    )


@login_required
@require_POST
def plan_start(request, case_pk: int):
    case = get_case_for(request.user, case_pk, EDIT_PLAN)
    try:
        plan = services.plan_start(case=case, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("safetyplans:case", case_pk=case.pk)
    return redirect("safetyplans:edit", pk=plan.pk)


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = plan_for(request.user, pk)
    perms = case_permissions(request.user, plan.case)
    _viewed(request, plan)
    content = plan_content(plan)
    context = {
        "plan": plan,
        "case": plan.case,
        "content": content,
        "missing": services.plan_missing(content) if plan.is_draft else [],
        "can_edit": plan.is_draft and EDIT_PLAN in perms and not plan.case.is_closed,
        "can_agree": plan.is_draft and AGREE_PLAN in perms and not plan.case.is_closed,
        "can_evaluate": plan.state == SafetyPlan.State.AGREED
        and EDIT_PLAN in perms
        and not plan.case.is_closed,
        "agree_form": AgreeForm(initial={"edit_version": plan.edit_version}),
        "evaluations": plan.evaluations.prefetch_related("results__worry").select_related("recorded_by"),
        "changes": plan_diff(plan.based_on, plan) if plan.based_on_id else None,
    }
    return render(request, "safetyplans/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    """The draft's form. "Add a row" buttons post the form without saving: htmx swaps in the one new row,
    without JavaScript the whole form comes back with everything typed kept and the new row in place."""
    plan = plan_for(request.user, pk, EDIT_PLAN)
    if not plan.is_draft:
        messages.error(request, _("An agreed plan never changes. Make a new version to change it."))
        return redirect("safetyplans:detail", pk=plan.pk)
    content = plan_content(plan)
    adding = request.POST.get("add_row", "") if request.method == "POST" else ""
    grown_data = with_one_more_row(request.POST, adding) if adding else None
    data = grown_data or request.POST or None
    form = PlanForm(data, initial={**content, "edit_version": plan.edit_version})
    formsets = plan_formsets(data, content, checked=not adding)
    conflict = None
    rows_invalid = False
    if adding:
        grown = next(filter(None, (formset.find(adding) for formset in formsets.values())), None)
        new_row = grown.forms[-1] if grown_data and grown is not None and grown.forms else None
        if new_row is not None:
            # Without JavaScript the page comes back with the focus in the new row. With htmx the editor's
            # script focuses it only if the focus has not moved on meanwhile (static/js/plan-editor.js).
            focus = "data-focus-when-added" if request.htmx else "autofocus"
            new_row[next(iter(new_row.fields))].field.widget.attrs[focus] = True
        if request.htmx:
            if new_row is None:  # a section that is not there, full, or posted without its row count
                return HttpResponseBadRequest(
                    _("No row can be added here: reload the page."), content_type="text/plain; charset=utf-8"
                )
            # Only empty fields go back, nothing of the case file: not a read to log.
            return render(
                request,
                "safetyplans/_row_added.html",
                {"group": grown, "row": new_row, "number": len(grown.forms)},
            )
    elif request.method == "POST":
        rows_invalid = not all(formset.is_valid() for formset in formsets.values())
        if form.is_valid() and not rows_invalid:
            submitted = {field: form.cleaned_data[field] for field in PLAIN_FIELDS}
            submitted.update((key, formset.rows()) for key, formset in formsets.items())
            try:
                services.plan_save(
                    plan=plan,
                    by=request.user,
                    content=submitted,
                    expected_edit_version=form.cleaned_data["edit_version"],
                )
            except StaleEdit as error:
                form.add_error(None, error)
                plan.refresh_from_db()
                # What the other person's version has that this one does not.
                conflict = plan_diff(submitted, plan)
                form.data = form.data.copy()
                form.data["edit_version"] = plan.edit_version
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft has been saved."))
                return redirect("safetyplans:detail", pk=plan.pk)
    _viewed(request, plan)
    return render(
        request,
        "safetyplans/edit.html",
        {
            "plan": plan,
            "case": plan.case,
            "form": form,
            "formsets": formsets.values(),
            "conflict": conflict,
            "rows_invalid": rows_invalid,
        },
    )


@login_required
@require_POST
def plan_agree(request, pk: int):
    plan = plan_for(request.user, pk, AGREE_PLAN)
    form = AgreeForm(request.POST)
    if form.is_valid():
        try:
            services.plan_agree(
                plan=plan,
                by=request.user,
                how=form.cleaned_data["how"],
                agreed_with=form.cleaned_data["agreed_with"],
                expected_edit_version=form.cleaned_data["edit_version"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Version %(number)s has been agreed.") % {"number": plan.number})
    else:
        messages.error(request, errors_as_text(form))
    return redirect("safetyplans:detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_evaluate(request, pk: int):
    plan = plan_for(request.user, pk, EDIT_PLAN)
    form = EvaluationForm(request.POST or None, worries=plan.worries.all(), scores=plan.scores.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_evaluate(
                plan=plan,
                by=request.user,
                evaluated_on=form.cleaned_data["evaluated_on"],
                with_whom=form.cleaned_data["with_whom"],
                results=form.results,
                scores=form.new_scores,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation has been recorded."))
            return redirect("safetyplans:detail", pk=plan.pk)
    _viewed(request, plan)
    return render(
        request,
        "safetyplans/evaluate.html",
        {"plan": plan, "case": plan.case, "form": form},
    )


@login_required
@require_GET
def plan_compare(request, pk: int):
    plan = plan_for(request.user, pk)
    other_pk = int_param(request.GET, "met")
    if other_pk is None and request.GET.get("met"):
        messages.warning(request, _("That version was not understood; the previous version is shown."))
    other = plan_for(request.user, other_pk) if other_pk else plan.based_on or plan
    if other.case_id != plan.case_id:
        return redirect("safetyplans:detail", pk=plan.pk)
    _viewed(request, plan)
    older, newer = sorted([other, plan], key=lambda p: p.number)
    return render(
        request,
        "safetyplans/compare.html",
        {"plan": plan, "case": plan.case, "older": older, "newer": newer, "changes": plan_diff(older, newer)},
    )


@login_required
@require_GET
def plan_print(request, pk: int):
    """The print preview: the same template as the PDF, in the browser."""
    plan = plan_for(request.user, pk)
    _viewed(request, plan)
    part = request.GET.get("deel", "all")
    return HttpResponse(plan_html(plan, part=part, for_print=False, csp_nonce=str(request.csp_nonce)))


@login_required
@require_GET
def plan_download(request, pk: int):
    plan = plan_for(request.user, pk)
    part = "child" if request.GET.get("deel") == "kind" else "all"
    _viewed(request, plan, AccessEvent.Action.PRINT)
    response = HttpResponse(plan_pdf(plan, part=part), content_type="application/pdf")
    name = f"veiligheidsplan-{plan.case.number}-v{plan.number}{'-kind' if part == 'child' else ''}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
