"""The privacy officer's pages: search the access log (to answer a family's request) and export it as CSV."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.reauth import reauthentication_required
from accounts.roles import Role
from audit import describe as access_log
from audit.csv_export import csv_text
from audit.forms import AccessLogSearchForm
from audit.models import AccessEvent
from audit.selectors import access_events_search
from audit.services import access_event_record

PRIVACY_PAGE_SIZE = 100


def _search(request):
    form = AccessLogSearchForm(request.GET or None)
    events = None
    if form.is_valid():
        data = form.cleaned_data
        events = access_events_search(
            case_number=data["case_number"],
            bsn=data["bsn"],
            worker=data["worker"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, events


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_GET
def privacy_access_log(request):
    """The privacy officer's search through the access log, to answer a family's request."""
    form, events = _search(request)
    page = (
        Paginator(events, PRIVACY_PAGE_SIZE).get_page(request.GET.get("pagina"))
        if events is not None
        else None
    )
    if page is not None:
        page.object_list = access_log.describe(page.object_list)
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.SEARCH,
            object_ref="access_log",
            detail={"query": form.query(), "events": len(page.object_list)},
        )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request, "audit/privacy_access_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_GET
@reauthentication_required  # a bulk export: the password (and code) again first (accounts/reauth.py)
def privacy_access_log_export(request):
    form, events = _search(request)
    if events is None:
        return HttpResponse(
            _("Fill in a case number, a BSN, a worker or a valid period."),
            status=400,
            content_type="text/plain",
        )
    rows = [
        (
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.user.get_full_name() or event.user.username,
            event.user.username,
            event.organisation.name if event.organisation else "",
            event.get_action_display(),
            event.description,
            event.case.number if event.case else access_log.case_numbers_text(event),
            event.reason,
            event.object_ref,
        )
        for event in access_log.describe_in_chunks(events.iterator(chunk_size=1000))
    ]
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.EXPORT,
        object_ref="access_log",
        detail={"query": form.query(), "events": len(rows)},
    )
    header = [
        _("When"),
        _("Who"),
        _("Username"),
        _("On behalf of"),
        _("Action"),
        _("What"),
        _("Case"),
        _("Reason"),
        _("Reference"),
    ]
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inzagelog.csv"'
    return response
