"""The court measures of a case: one page, reached from the case page (/casussen/<pk>/maatregelen/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.services import access_viewed
from cases.access import MEASURE, VIEW, case_permissions, get_case_for
from core.forms import add_service_errors, errors_as_text
from measures import services
from measures.forms import MeasureEndForm, MeasureExtendForm, MeasureForm, PlacementForm


@login_required
@require_http_methods(["GET", "POST"])
def case_measures(request, pk: int):
    """The court measures of a case: recorded, extended and ended here; placements under a machtiging."""
    case = get_case_for(request.user, pk, VIEW)
    can_record = not case.is_closed and MEASURE in case_permissions(request.user, case)
    children = list(case.children.order_by("birth_date", "pk"))
    all_measures = list(
        case.measures.select_related("gi_worker", "gi_organisation").prefetch_related(
            "children", "extensions", "placements__child"
        )
    )
    form = MeasureForm(case=case, children=children)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        action = request.POST.get("action")
        measure = next((m for m in all_measures if str(m.pk) == request.POST.get("measure")), None)
        saved, form = _measure_action(request, case, action, measure, children, form)
        if saved:
            messages.success(request, saved)
            return redirect("measures:case-measures", pk=case.pk)
    access_viewed(user=request.user, case=case, object_ref=f"measures:{case.pk}")
    context = {
        "case": case,
        "measures": all_measures,
        "can_record": can_record,
        "form": form,
        "extend_form": MeasureExtendForm(),
        "end_form": MeasureEndForm(),
        "placement_form": PlacementForm(children=children),
    }
    return render(request, "measures/case_measures.html", context)


def _measure_action(request, case, action, measure, children, form):
    """Carry out one posted measure form; returns (success message or None, the record form to show)."""
    data = request.POST
    if action == "record":
        form = MeasureForm(data, case=case, children=children)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                version = data.pop("version")
                services.measure_record(case=case, by=request.user, expected_version=version, **data)
                return _("The measure has been recorded; the GI now directs the case."), form
            except ValidationError as error:
                add_service_errors(form, error)
        return None, form
    forms_by_action = {
        "extend": (MeasureExtendForm(data), services.measure_extend, _("The measure has been extended.")),
        "end": (MeasureEndForm(data), services.measure_end, _("The measure has been ended.")),
        "placement": (PlacementForm(data, children=children), services.placement_record,
                      _("The placement has been recorded.")),
    }  # fmt: skip
    if action not in forms_by_action or measure is None:
        return None, form
    action_form, service, message = forms_by_action[action]
    if action_form.is_valid():
        try:
            service(measure=measure, by=request.user, **action_form.cleaned_data)
            return message, form
        except ValidationError as error:
            add_service_errors(action_form, error)
    messages.error(request, errors_as_text(action_form))
    return None, form
