"""The report page and its CSV: figures only, for a team lead's teams or a municipality's (reports.access)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.reauth import reauthentication_required
from audit.csv_export import csv_text
from audit.models import AccessEvent
from audit.services import access_event_record
from reports.access import Scope, report_scope
from reports.forms import ReportForm
from reports.sections import report_sections
from reports.selectors import report_figures


def _filters(request) -> tuple[Scope, ReportForm]:
    scope = report_scope(request.user, request.GET.get("team"))
    if scope.municipality is not None:
        all_label = _("All teams serving %(municipality)s") % {"municipality": scope.municipality.name}
    else:
        all_label = _("All my teams")
    form = ReportForm(request.GET, teams=scope.choices, all_label=all_label, today=timezone.localdate())
    return scope, form


def _log(request, action: str, scope: Scope, form: ReportForm) -> None:
    access_event_record(
        user=request.user,
        action=action,
        object_ref="report",
        detail={"teams": scope.team_ids, "query": request.GET.dict(), "valid": form.is_valid()},
    )


def _scope_text(scope: Scope) -> str:
    return ", ".join(team.name for team in scope.teams)


@login_required
@require_GET
def report(request):
    """The report: each figure as a chart with the same numbers in a table; 404 for whoever may not see it."""
    scope, form = _filters(request)
    context = {"form": form, "scope": scope, "scope_text": _scope_text(scope), "sections": None}
    if form.is_valid():
        period = form.report_period()
        figures = report_figures(team_ids=scope.team_ids, period=period, days=form.cleaned_data["days"])
        context |= {
            "period": period,
            "sections": report_sections(figures, scope.teams, suppress=scope.suppressed),
            "export_query": request.GET.urlencode(),
        }
    _log(request, AccessEvent.Action.VIEW, scope, form)
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def report_export(request):
    """The same figures as CSV (;-separated, UTF-8 with a BOM for spreadsheets): small counts always "<5".

    Whoever may not see the figures gets the 404 straight away; whoever may is asked for their password
    (and code) first, as before any bulk export (accounts/reauth.py).
    """
    scope, form = _filters(request)
    return _report_csv(request, scope, form)


@reauthentication_required
def _report_csv(request, scope: Scope, form: ReportForm):
    if not form.is_valid():
        return HttpResponse(
            _("Choose a valid period and number of days."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    period = form.report_period()
    figures = report_figures(team_ids=scope.team_ids, period=period, days=form.cleaned_data["days"])
    sections = report_sections(figures, scope.teams, suppress=True, charts=False)
    scope_text = _scope_text(scope)
    rows = [
        (period.label, scope_text, section.title, label, column, cell)
        for section in sections
        for label, cells in section.rows
        for column, cell in zip(section.columns, cells, strict=True)
    ]
    _log(request, AccessEvent.Action.EXPORT, scope, form)
    header = [_("Period"), _("Teams"), _("Part"), _("Figure"), _("Column"), _("Value")]
    response = HttpResponse("\ufeff" + csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapportage-{period.slug}.csv"'
    return response
