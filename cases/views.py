"""Case pages. Every page that shows case data fetches its case through get_case_for() and writes
exactly one access event: a service writes it for a successful change, _render_case() for a read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from audit.describe import describe as describe_events
from audit.selectors import case_access_events
from audit.services import access_viewed
from cases import hooks, services
from cases.access import (
    ACCESS_LOG,
    DIRECT,
    PERMISSION_LABELS,
    POLICY,
    REOPEN,
    VIEW,
    WORK,
    case_permissions,
    families_visible_to,
    get_case_for,
)
from cases.forms import (
    AssignForm,
    BoardRequestForm,
    CaseStartForm,
    ContactEditForm,
    ContactForm,
    InvolveForm,
    MoveForm,
    PersonAddForm,
    TransitionForm,
)
from cases.models import CaseRole, Phase
from cases.selectors import case_header, case_team
from cases.timeline import case_timeline
from core.forms import add_service_errors
from core.locking import StaleEdit
from core.params import int_param

ACCESS_LOG_PAGE_SIZE = 50
# Further back than any case's history reaches (2.5 million entries), and an offset the database can hold.
TIMELINE_PAGE_MAX = 100_000

PERSON_FIELDS = ("given_name", "surname_prefix", "surname", "birth_date", "gender", "bsn")
ADDRESS_FIELDS = ("street", "house_number", "postcode", "city", "municipality")


def _render_case(request, template: str, context: dict, *, case, ref: str = "", status: int = 200):
    """Render a page showing case data, and log that it was read."""
    access_viewed(user=request.user, case=case, object_ref=ref or f"case:{case.pk}")
    return render(request, template, {"case": case, **context}, status=status)


def _case_page(request, case, *, header: dict, contact_form=None, status=200):
    perms = case_permissions(request.user, case)
    page_number = int_param(request.GET, "pagina", maximum=TIMELINE_PAGE_MAX)
    if page_number is None and request.GET.get("pagina"):
        messages.warning(request, _("That timeline page does not exist; the newest entries are shown."))
    context = {
        "timeline": case_timeline(case, page_number or 1),
        "perms": perms,
        "can_work": not case.is_closed and WORK in perms,
        **header,
        **hooks.panels_context(case=case, perms=perms),
    }
    if context["can_work"]:
        context["contact_form"] = contact_form or ContactForm(children=header["children"])
    return _render_case(request, "cases/case_detail.html", context, case=case, status=status)


@login_required
@require_GET
def case_detail(request, pk: int):
    case = get_case_for(request.user, pk, VIEW)
    return _case_page(request, case, header=case_header(case))


@login_required
@require_POST
def contact_create(request, pk: int):
    case = get_case_for(request.user, pk, WORK)
    form = ContactForm(request.POST, children=list(case.children.order_by("birth_date")))
    if form.is_valid():
        try:
            contact = services.contact_log(
                case=case,
                by=request.user,
                occurred_at=form.occurred_at,
                kind=form.cleaned_data["kind"],
                present=form.cleaned_data["present"],
                children_seen=form.cleaned_data["children_seen"],
                children_spoken_alone=form.cleaned_data["children_spoken_alone"],
                safety_scale=form.cleaned_data["safety_scale"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("The contact has been saved."))
                return redirect("cases:detail", pk=case.pk)
            # A fresh form, the timeline and the header. htmx focuses the [autofocus] it swaps in: the saved
            # contact, or the form's first field when the contact is not on the timeline's first page.
            header, timeline = case_header(case), case_timeline(case, 1)
            form = ContactForm(children=header["children"])
            if not any(entry.kind == "contact" and entry.item == contact for entry in timeline.object_list):
                form.fields["occurred_on"].widget.attrs["autofocus"] = True
            context = dict(header, case=case, perms=case_permissions(request.user, case), timeline=timeline)
            context.update(contact_form=form, saved=True, saved_contact=contact)
            return render(request, "cases/_contact_saved.html", context)
    if request.htmx:
        return _render_case(request, "cases/_contact_form.html", {"contact_form": form}, case=case)
    return _case_page(request, case, header=case_header(case), contact_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int, contact_pk: int):
    case = get_case_for(request.user, pk, WORK)
    contact = get_object_or_404(case.contacts.select_related("author"), pk=contact_pk)
    if not services.contact_is_editable_by(contact, request.user):
        messages.error(
            request, _("This note can no longer be changed: only its author can, within 24 hours.")
        )
        return redirect("cases:detail", pk=case.pk)
    form = ContactEditForm(
        request.POST or None,
        initial={"note": contact.note, "safety_scale": contact.safety_scale, "version": contact.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                contact=contact,
                by=request.user,
                note=form.cleaned_data["note"],
                safety_scale=form.cleaned_data["safety_scale"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            form.add_error(None, error)
            contact.refresh_from_db()
            conflict = contact
            # Their text stays; the form now carries the latest version, so saving again overwrites knowingly.
            form.data = form.data.copy()
            form.data["version"] = contact.version
        else:
            messages.success(request, _("The note has been changed; the earlier version is kept."))
            return redirect("cases:detail", pk=case.pk)
    return _render_case(
        request,
        "cases/contact_edit.html",
        {"contact": contact, "form": form, "conflict": conflict},
        case=case,
        ref=f"contact:{contact.pk}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request, pk: int):
    case = get_case_for(request.user, pk, VIEW)
    perms = case_permissions(request.user, case)
    if (REOPEN if case.is_closed else DIRECT) not in perms:
        raise PermissionDenied
    form = TransitionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transition(
                case=case,
                to=form.cleaned_data["to"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                closing_reason=form.cleaned_data["closing_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The phase has been changed to %(phase)s.") % {"phase": case.get_phase_display()}
            )
            return redirect("cases:detail", pk=case.pk)
    return _render_case(request, "cases/transition.html", {"form": form}, case=case)


@login_required
@require_http_methods(["GET", "POST"])
def case_board_request(request, pk: int):
    """Record a direct request to the Raad (without the table): the case moves to INVESTIGATION."""
    case = get_case_for(request.user, pk, DIRECT)
    form = BoardRequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_board_request_record(
                case=case,
                by=request.user,
                investigator=form.cleaned_data["investigator"],
                requested_on=form.cleaned_data["requested_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The request to the Raad has been recorded; the investigator can now see the case."),
            )
            return redirect("cases:detail", pk=case.pk)
    return _render_case(request, "cases/board_request.html", {"form": form}, case=case)


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request, pk: int):
    case = get_case_for(request.user, pk, DIRECT)
    current = case_team(case)
    data = request.POST or None
    form = AssignForm(
        data if data and "team" in data else None,
        case=case,
        initial={"director": current["director"], "co_workers": current["co_workers"]},
    )
    # Whom the director named, even when the phase gives them nothing now (the header leaves them out).
    named = case.assignments.filter(ends_at__isnull=True, role__in=list(services.OUTSIDE_ROLES))
    outside = dict(named.values_list("role", "user_id"))
    involve_forms = [
        InvolveForm(
            data if data and data.get(f"{role.value}-role") == role.value else None,
            case=case,
            role=role,
            org_role=org_role.value,
            current=outside.get(role),
        )
        for role, org_role in services.OUTSIDE_ROLES.items()
    ]
    try:
        if form.is_bound and form.is_valid():
            services.case_assign(
                case=case,
                by=request.user,
                director=form.cleaned_data["director"],
                co_workers=form.cleaned_data["co_workers"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Who works on this case has been saved."))
            return redirect("cases:detail", pk=case.pk)
        for involve in involve_forms:
            if involve.is_bound and involve.is_valid():
                services.case_involve(
                    case=case,
                    by=request.user,
                    role=involve.cleaned_data["role"],
                    user=involve.cleaned_data["user"],
                    expected_version=involve.cleaned_data["version"],
                )
                messages.success(request, _("Who works on this case has been saved."))
                return redirect("cases:detail", pk=case.pk)
    except ValidationError as error:
        add_service_errors(next(f for f in [form, *involve_forms] if f.is_bound), error)
    return _render_case(
        request, "cases/assign.html", {"form": form, "involve_forms": involve_forms}, case=case
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request, pk: int):
    case = get_case_for(request.user, pk, WORK)
    form = PersonAddForm(request.POST or None, user=request.user)
    candidates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_add_to_family(
                case=case,
                by=request.user,
                relation=data["relation"],
                parental_authority=data["parental_authority"],
                existing=data["existing_person"],
                person={field: data[field] for field in PERSON_FIELDS},
                confirmed_new=data["confirmed_new"],
            )
        except services.DuplicateSuspected as error:
            form.add_error(None, error)
            candidates = error.candidates
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added to the household.") % {"name": person.full_name}
            )
            return redirect("cases:detail", pk=case.pk)
    return _render_case(request, "cases/person_add.html", {"form": form, "candidates": candidates}, case=case)


@login_required
@require_http_methods(["GET", "POST"])
def move_record(request, pk: int):
    case = get_case_for(request.user, pk, WORK)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            address = services.address_record_move(
                case=case,
                by=request.user,
                moved_on=form.cleaned_data["moved_on"],
                **{field: form.cleaned_data[field] for field in ADDRESS_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if address.left_team_area:
                messages.warning(
                    request, _("The family has moved out of the team's area. Arrange a warm handover.")
                )
            else:
                messages.success(request, _("The move has been recorded."))
            return redirect("cases:detail", pk=case.pk)
    return _render_case(request, "cases/move.html", {"form": form}, case=case)


@login_required
@require_GET
def access_log(request, pk: int):
    case = get_case_for(request.user, pk, ACCESS_LOG)
    page = Paginator(case_access_events(case=case), ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = describe_events(page.object_list)
    return _render_case(
        request, "cases/access_log.html", {"page": page}, case=case, ref=f"access_log:{case.pk}"
    )


@login_required
@require_GET
def who_may_what(request):
    """The policy table in Dutch, so a worker can tell a family who can see their file."""
    roles = ["director", "co_worker", "team_lead", "vt_monitor", "gi_worker", "board_investigator"]
    labels = {**dict(CaseRole.choices), "team_lead": _("Team lead")}
    rows = [
        {
            "role": labels[role],
            "cells": [
                [PERMISSION_LABELS[perm] for perm in PERMISSION_LABELS if perm in POLICY[phase].get(role, ())]
                for phase in Phase
            ],
        }
        for role in roles
    ]
    return render(request, "cases/who_may_what.html", {"phases": list(Phase), "rows": rows})


@login_required
@role_required(Role.YOUTH_WORKER, Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def case_start(request):
    form = CaseStartForm(request.POST or None, user=request.user)
    candidates = recent = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = _start(request, data)
        except services.DuplicateSuspected as error:
            form.add_error(None, error)
            visible = families_visible_to(request.user)
            candidates = [
                {"person": person, "families": visible.filter(memberships__person=person)}
                for person in error.candidates
            ]
        except ValidationError as error:
            add_service_errors(form, error)
            if getattr(error, "code", None) == "recently_closed":
                recent = True
        else:
            messages.success(request, _("Case %(number)s has been opened.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/case_start.html", {"form": form, "candidates": candidates, "recent": recent}
    )


def _start(request, data):
    if data["existing_family"]:
        family = get_object_or_404(families_visible_to(request.user), pk=data["existing_family"])
        follow_up_of = services.recent_closed_case(family) if data["follow_up"] else None
        return services.case_open(
            family=family,
            team=data["team"],
            director=data["director"],
            by=request.user,
            reason=data["reason"],
            opened_on=data["opened_on"],
            follow_up_of=follow_up_of,
        )
    return services.case_start(
        by=request.user,
        team=data["team"],
        director=data["director"],
        reason=data["reason"],
        opened_on=data["opened_on"],
        household_name=data["household_name"],
        address={"living_since": data["living_since"], **{field: data[field] for field in ADDRESS_FIELDS}},
        person={field: data[field] for field in PERSON_FIELDS},
        relation=data["relation"],
        parental_authority=data["parental_authority"],
        confirmed_new=data["confirmed_new"],
    )
