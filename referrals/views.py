"""Handover pages: Veilig Thuis writes and sends; the receiving team accepts, returns or forwards."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record, access_viewed
from cases.access import MONITOR, case_permissions, get_case_for
from cases.models import Family
from core.forms import add_service_errors, errors_as_text
from core.params import int_param
from referrals import services
from referrals.forms import (
    AcceptForm,
    ForwardForm,
    MonitoringForm,
    PersonFormSet,
    ReasonForm,
    ReferralForm,
    WarmHandoverForm,
)
from referrals.models import MonitoringMoment, Referral
from referrals.selectors import (
    acceptance_candidates,
    candidate_families,
    is_veilig_thuis_of,
    referral_for,
    referrals_of_organisation,
    team_inbox,
)

REFERRAL_FIELDS = (
    "reference", "urgency", "outcome_code", "what_happened", "since", "reporter",
    "street", "house_number", "postcode", "city", "municipality", "receiving_team",
)  # fmt: skip
PERSON_FIELDS = ("given_name", "surname_prefix", "surname", "birth_date", "bsn", "relation")


def _viewed(request, referral: Referral) -> None:
    access_viewed(user=request.user, case=referral.case, object_ref=f"referral:{referral.pk}")


@login_required
@role_required(Role.VT_WORKER)
@require_GET
def outbox(request):
    referrals = list(referrals_of_organisation(request.user)[:200])
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.LIST,
        object_ref="referrals",
        detail={"referrals": [referral.reference for referral in referrals]},
    )
    return render(request, "referrals/outbox.html", {"referrals": referrals})


@login_required
@role_required(Role.YOUTH_WORKER, Role.TEAM_LEAD)
@require_GET
def inbox(request):
    referrals = team_inbox(request.user)
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.LIST,
        object_ref="referral_inbox",
        detail={"referrals": [referral.reference for referral in referrals]},
    )
    return render(request, "referrals/inbox.html", {"referrals": referrals})


def _initial_persons(referral: Referral | None) -> list[dict]:
    if referral is None:
        return []
    return [{field: getattr(person, field) for field in PERSON_FIELDS} for person in referral.persons.all()]


@login_required
@role_required(Role.VT_WORKER)
@require_http_methods(["GET", "POST"])
def referral_new(request):
    return _referral_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def referral_edit(request, pk: int):
    referral = referral_for(request.user, pk)
    if not is_veilig_thuis_of(request.user, referral):
        raise Http404
    if referral.state not in (Referral.State.DRAFT, Referral.State.RETURNED):
        raise PermissionDenied
    return _referral_form(request, referral)


def _referral_form(request, referral: Referral | None):
    """Write a new handover or change a draft (or a returned one); save as draft or send."""
    initial = {"form_token": referral.form_token if referral else uuid.uuid4()}
    if referral is not None:
        initial |= {field: getattr(referral, field) for field in REFERRAL_FIELDS}
        initial["conditions"] = "\n".join(referral.conditions.values_list("text", flat=True))
        initial["monitoring_months"] = ", ".join(
            str(months)
            for months in referral.monitoring_moments.values_list("months_after_acceptance", flat=True)
        )
    form = ReferralForm(request.POST or None, initial=initial)
    persons = PersonFormSet(request.POST or None, initial=_initial_persons(referral), prefix="persons")
    if request.method == "POST" and form.is_valid() and persons.is_valid():
        data = form.cleaned_data
        try:
            saved = services.referral_save_draft(
                by=request.user,
                form_token=data["form_token"],
                referral=referral,
                fields={field: data[field] for field in REFERRAL_FIELDS},
                persons=[person for person in persons.cleaned_data if person],
                conditions=data["conditions"],
                monitoring_months=data["monitoring_months"],
            )
            if "send" in request.POST:
                services.referral_send(referral=saved, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.state == Referral.State.SENT:
                messages.success(
                    request,
                    _("The handover has been sent to %(team)s.") % {"team": saved.receiving_team.name},
                )
            else:
                messages.success(request, _("The handover has been saved as a draft."))
            return redirect("referrals:detail", pk=saved.pk)
    if referral is not None:
        _viewed(request, referral)
    return render(request, "referrals/form.html", {"form": form, "persons": persons, "referral": referral})


@login_required
@require_GET
def referral_detail(request, pk: int):
    referral = referral_for(request.user, pk)
    is_vt = is_veilig_thuis_of(request.user, referral)
    in_team = referral.receiving_team.has_member(request.user)
    _viewed(request, referral)
    context = {
        "referral": referral,
        "is_vt": is_vt,
        "can_decide": in_team and referral.state == Referral.State.SENT,
        "return_form": ReasonForm(initial={"version": referral.version}),
        "forward_form": ForwardForm(initial={"version": referral.version}),
        "withdraw_form": ReasonForm(),
        "warm_form": WarmHandoverForm(),
        "persons": referral.persons.all(),
        "conditions": referral.conditions.all(),
        "moments": referral.monitoring_moments.all(),
        "events": referral.events.select_related("by", "team"),
    }
    return render(request, "referrals/detail.html", context)


@login_required
@require_POST
def referral_send(request, pk: int):
    referral = referral_for(request.user, pk)
    services.referral_send(referral=referral, by=request.user)
    messages.success(
        request, _("The handover has been sent to %(team)s.") % {"team": referral.receiving_team.name}
    )
    return redirect("referrals:detail", pk=referral.pk)


def _decision(request, pk: int, form_class, action, success: str):
    """Shared shape of withdraw / return / forward: a reason form posted from the detail page."""
    referral = referral_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("referrals:detail", pk=referral.pk)
    messages.error(request, errors_as_text(form))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def referral_withdraw(request, pk: int):
    return _decision(
        request, pk, ReasonForm,
        lambda referral, data: services.referral_withdraw(
            referral=referral, by=request.user, reason=data["reason"]
        ),
        _("The handover has been withdrawn."),
    )  # fmt: skip


@login_required
@require_POST
def referral_return(request, pk: int):
    return _decision(
        request, pk, ReasonForm,
        lambda referral, data: services.referral_return(
            referral=referral, by=request.user, reason=data["reason"], expected_version=data["version"]
        ),
        _("The handover has been returned to Veilig Thuis."),
    )  # fmt: skip


@login_required
@require_POST
def referral_forward(request, pk: int):
    return _decision(
        request, pk, ForwardForm,
        lambda referral, data: services.referral_forward(
            referral=referral, by=request.user, team=data["team"], reason=data["reason"],
            expected_version=data["version"],
        ),
        _("The handover has been forwarded."),
    )  # fmt: skip


@login_required
@require_POST
def referral_warm_handover(request, pk: int):
    referral = referral_for(request.user, pk)
    form = WarmHandoverForm(request.POST)
    if form.is_valid():
        try:
            services.referral_plan_warm_handover(referral=referral, by=request.user, at=form.at)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The warm handover has been planned; Veilig Thuis has been told."))
            return redirect("referrals:detail", pk=referral.pk)
    messages.error(request, errors_as_text(form))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_http_methods(["GET", "POST"])
def referral_accept(request, pk: int):
    referral = referral_for(request.user, pk)
    if not referral.receiving_team.has_member(request.user):
        raise PermissionDenied
    candidates = acceptance_candidates(referral, request.user)
    families = list(candidate_families(candidates, request.user))
    form = AcceptForm(
        request.POST or None,
        families=families,
        team=referral.receiving_team,
        initial={"version": referral.version, "director": request.user},
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["family"]
        family = (
            None
            if choice == "new"
            else get_object_or_404(Family, pk=int(choice), pk__in=[f.pk for f in families])
        )
        try:
            case = services.referral_accept(
                referral=referral,
                by=request.user,
                director=form.cleaned_data["director"],
                family=family,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Accepted. Safety oversight now lies with your team: case %(number)s.")
                % {"number": case.number},
            )
            return redirect("cases:detail", pk=case.pk)
    _viewed(request, referral)
    return render(
        request,
        "referrals/accept.html",
        {"referral": referral, "form": form, "candidates": candidates, "persons": referral.persons.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_monitoring(request, pk: int):
    """The case's handover: conditions and monitoring moments; the monitor records results here."""
    case = get_case_for(request.user, pk)
    referrals = list(
        case.referrals.filter(state=Referral.State.ACCEPTED)
        .select_related("organisation", "accepted_by")
        .prefetch_related("conditions", "monitoring_moments__recorded_by")
    )
    can_monitor = MONITOR in case_permissions(request.user, case)
    form = MonitoringForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_monitor:
            raise PermissionDenied
        moment_pk = int_param(request.POST, "moment")
        if moment_pk is None:
            messages.error(request, _("Choose the monitoring moment to record the result for."))
            status = 400
        elif _monitoring_save(request, case, form, moment_pk):
            messages.success(request, _("The monitoring result has been recorded."))
            return redirect("referrals:case-monitoring", pk=case.pk)
    access_viewed(user=request.user, case=case, object_ref=f"monitoring:{case.pk}")
    return render(
        request,
        "referrals/case_monitoring.html",
        {"case": case, "referrals": referrals, "can_monitor": can_monitor, "form": form},
        status=status,
    )


def _monitoring_save(request, case, form, moment_pk: int) -> bool:
    """Record the posted result for one of the case's monitoring moments; whether it was saved."""
    moment = get_object_or_404(
        MonitoringMoment.objects.select_related("referral__case"), pk=moment_pk, referral__case=case
    )
    if not form.is_valid():
        return False
    try:
        services.monitoring_record(
            moment=moment, by=request.user, result=form.cleaned_data["result"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
