"""The caseload lists and the search. A list or a search writes one access event, naming the cases shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.roles import Role, roles_of
from audit.services import access_listed
from caseloads.forms import CaseListForm, EmergencyAccessForm, SearchForm
from caseloads.selectors import (
    case_list,
    case_search,
    caseload_page,
    team_members,
    with_family_and_children,
)
from cases import services
from cases.access import cases_visible_to
from cases.selectors import case_for_bsn
from core.forms import add_service_errors

# Who works with case files at all; the others (admin, privacy, table) never search or open cases here.
CASE_WORKERS = (Role.YOUTH_WORKER, Role.TEAM_LEAD, Role.GI_WORKER, Role.BOARD_INVESTIGATOR, Role.VT_WORKER)
# Who may break the glass: people who act for a child's safety themselves.
EMERGENCY_ROLES = (Role.YOUTH_WORKER, Role.TEAM_LEAD, Role.GI_WORKER, Role.VT_WORKER)

TEAM_PAGE_SIZE = 50
SEARCH_LIMIT = 50


def _log_listing(request, kind: str, cases, query: dict) -> None:
    """A list or search writes one event, naming what it showed."""
    access_listed(
        user=request.user,
        object_ref=kind,
        case_numbers=[case.number for case in cases],
        query=query,
        search=kind == "search",
    )


def _caseload(request, title: str, kind: str):
    form = CaseListForm(request.GET or None, directors=team_members(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "number")
    page = caseload_page(
        user=request.user, mine=kind == "mine", phase=filters.get("phase"), director=filters.get("director"),
        sort=sort, number=request.GET.get("pagina"), size=TEAM_PAGE_SIZE,
    )  # fmt: skip
    _log_listing(request, kind, page.object_list, request.GET.dict())
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("pagina", None)
    return render(
        request,
        "caseloads/case_list.html",
        {"title": title, "form": form, "page": page, "sort": sort, "query": query.urlencode()},
    )


@login_required
@require_GET
def my_cases(request):
    return _caseload(request, _("My cases"), "mine")


@login_required
@require_GET
def team_caseload(request):
    return _caseload(request, _("Team cases"), "team")


@login_required
@role_required(*CASE_WORKERS)
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = emergency_form = None
    more = False
    if form.is_valid() and any(form.cleaned_data.values()):
        data = form.cleaned_data
        found = case_search(
            visible=cases_visible_to(request.user),
            text=data["q"],
            birth_date=data["birth_date"],
            bsn=data["bsn"],
        )
        rows = case_list(cases=found, today=timezone.localdate(), sort="family", include_closed=True)
        results = with_family_and_children(list(rows[: SEARCH_LIMIT + 1]))
        more = len(results) > SEARCH_LIMIT
        results = results[:SEARCH_LIMIT]
        _log_listing(request, "search", results, {key: str(value) for key, value in data.items() if value})
        # Only an exact BSN may reveal that a file exists elsewhere; names never do.
        if (
            data["bsn"]
            and not results
            and set(EMERGENCY_ROLES).intersection(roles_of(request.user))
            and case_for_bsn(data["bsn"]) is not None
        ):
            emergency_form = EmergencyAccessForm(initial={"bsn": data["bsn"]})
    context = {"form": form, "results": results, "emergency_form": emergency_form, "more": more}
    return render(request, "caseloads/search.html", context)


@login_required
@role_required(*EMERGENCY_ROLES)
@require_POST
def emergency_access(request):
    form = EmergencyAccessForm(request.POST)
    if form.is_valid():
        try:
            access = services.emergency_access_request(
                by=request.user, bsn=form.cleaned_data["bsn"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request,
                _("Emergency access until %(until)s. Your team lead and the privacy officer have been told.")
                % {"until": timezone.localtime(access.expires_at).strftime("%d-%m-%Y %H:%M")},
            )
            return redirect("cases:detail", pk=access.case_id)
    return render(
        request, "caseloads/search.html", {"form": SearchForm(), "results": [], "emergency_form": form}
    )
