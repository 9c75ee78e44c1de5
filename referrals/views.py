"""Handover pages: Veilig Thuis writes and sends; the receiving team accepts, returns or forwards."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record, access_listed, access_viewed
from cases.access import MONITOR, VIEW, case_permissions, get_case_for, has_case_perm
from cases.models import Family
from core.forms import add_service_errors, errors_as_text, paginate
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
    as_typed,
)
from referrals.models import MonitoringMoment, Referral
from referrals.selectors import (
    FORWARDED_SHOWN_DAYS,
    acceptance_candidates,
    candidate_families,
    forwarded_by_teams_of,
    is_veilig_thuis_of,
    monitoring_due,
    referral_for,
    referrals_of_organisation,
    team_inbox,
)

REFERRAL_FIELDS = (
    "reference", "urgency", "outcome_code", "what_happened", "since", "reporter",
    "street", "house_number", "postcode", "city", "municipality", "receiving_team",
)  # fmt: skip
PERSON_FIELDS = ("given_name", "surname_prefix", "surname", "birth_date", "bsn", "relation")
MONITORING_PAGE_SIZE = 50


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
    forwarded = list(forwarded_by_teams_of(request.user))
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.LIST,
        object_ref="referral_inbox",
        detail={
            "referrals": [referral.reference for referral in referrals],
            "forwarded": [event.referral.reference for event in forwarded],
        },
    )
    return render(
        request,
        "referrals/inbox.html",
        {"referrals": referrals, "forwarded": forwarded, "forwarded_days": FORWARDED_SHOWN_DAYS},
    )


@login_required
@role_required(Role.VT_WORKER)
@require_GET
def monitoring(request):
    """Veilig Thuis: the monitoring moments due across every family it monitors, overdue first."""
    page = paginate(monitoring_due(request.user), request.GET.get("pagina"), MONITORING_PAGE_SIZE)
    access_listed(
        user=request.user,
        object_ref="vt_monitoring",
        case_numbers=[moment.referral.case.number for moment in page.object_list],
    )
    return render(request, "referrals/monitoring.html", {"page": page, "today": timezone.localdate()})


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
    """Write a new handover or change a draft (or a returned one); save as draft or send.

    "Persoon toevoegen" without JavaScript posts the form too: it comes back as typed, with one more
    person row, nothing checked or saved (static/js/referrals-form.js adds the row in the page).
    """
    if request.method == "POST":
        form = ReferralForm(request.POST)
        persons = PersonFormSet(request.POST, prefix="persons")
    else:
        initial = {"form_token": referral.form_token if referral else uuid.uuid4()}
        if referral is not None:
            initial |= {field: getattr(referral, field) for field in REFERRAL_FIELDS}
            initial["conditions"] = "\n".join(referral.conditions.values_list("text", flat=True))
            initial["monitoring_months"] = ", ".join(
                str(months)
                for months in referral.monitoring_moments.values_list("months_after_acceptance", flat=True)
            )
        form = ReferralForm(initial=initial)
        persons = PersonFormSet(initial=_initial_persons(referral), prefix="persons")
    if "add_person" in request.POST:
        form = ReferralForm(initial=as_typed(form))
        persons = PersonFormSet(initial=[as_typed(person) for person in persons.forms], prefix="persons")
    elif request.method == "POST" and form.is_valid() and persons.is_valid():
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
    sections = form.sections(persons)
    context = {
        "form": form,
        "persons": persons,
        "referral": referral,
        "sections": sections,
        "error_sections": [section for section in sections if section["errors"]],
        "next_person": persons.total_form_count() + 1,
    }
    return render(request, "referrals/form.html", context)


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
        "case_visible": referral.case is not None and has_case_perm(request.user, VIEW, referral.case),
        "can_decide": in_team and referral.state == Referral.State.SENT,
        # Each form its own ids: a label must name its own field, not the first "reason" on the page.
        "return_form": ReasonForm(initial={"version": referral.version}, auto_id="id_return_%s"),
        "forward_form": ForwardForm(initial={"version": referral.version}, auto_id="id_forward_%s"),
        "withdraw_form": ReasonForm(auto_id="id_withdraw_%s"),
        "warm_form": WarmHandoverForm(),
        "persons": referral.persons.all(),
        "conditions": referral.conditions.all(),
        "moments": referral.monitoring_moments.all(),
        "events": referral.events.select_related("by", "team", "from_team"),
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


def _decision(request, pk: int, form_class, action, success, landing: str | None = None):
    """Shared shape of withdraw / return / forward: a reason form posted from the detail page.

    ``success(referral)`` is the message; on success the user lands on the detail page, or on the page
    named ``landing`` (the inbox, for a team that can no longer see what it forwarded).
    """
    referral = referral_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = action(referral, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success(done))
            return redirect(landing) if landing else redirect("referrals:detail", pk=referral.pk)
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
        lambda referral: _("The handover has been withdrawn."),
    )  # fmt: skip


@login_required
@require_POST
def referral_return(request, pk: int):
    return _decision(
        request, pk, ReasonForm,
        lambda referral, data: services.referral_return(
            referral=referral, by=request.user, reason=data["reason"], expected_version=data["version"]
        ),
        lambda referral: _("The handover has been returned to Veilig Thuis."),
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
        lambda referral: _("Handover %(reference)s forwarded to %(team)s.")
        % {"reference": referral.reference, "team": referral.receiving_team.name},
        landing="referrals:inbox",
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
    posted = None  # the posted moment's form, shown again with what was typed when it was not saved
    status = 200
    if request.method == "POST":
        if not can_monitor:
            raise PermissionDenied
        moment_pk = int_param(request.POST, "moment")
        if moment_pk is None:
            messages.error(request, _("Choose the monitoring moment to record the result for."))
            status = 400
        else:
            posted = _monitoring_save(request, case, moment_pk)
            if posted is None:
                messages.success(request, _("The monitoring result has been recorded."))
                return redirect("referrals:case-monitoring", pk=case.pk)
    if can_monitor:
        for referral in referrals:
            for moment in referral.monitoring_moments.all():
                if not moment.result:
                    posted_here = posted is not None and posted.moment.pk == moment.pk
                    moment.form = posted if posted_here else MonitoringForm(moment=moment)
    access_viewed(user=request.user, case=case, object_ref=f"monitoring:{case.pk}")
    return render(
        request,
        "referrals/case_monitoring.html",
        {"case": case, "referrals": referrals, "can_monitor": can_monitor},
        status=status,
    )


def _monitoring_save(request, case, moment_pk: int) -> MonitoringForm | None:
    """Record the posted result for one of the case's monitoring moments: None when saved, else its form
    with the errors and everything typed."""
    moment = get_object_or_404(
        MonitoringMoment.objects.select_related("referral__case"), pk=moment_pk, referral__case=case
    )
    form = MonitoringForm(request.POST, moment=moment)
    if not form.is_valid():
        return form
    try:
        services.monitoring_record(
            moment=moment,
            by=request.user,
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
            early_reason=form.cleaned_data.get("early_reason", ""),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return form
    return None
