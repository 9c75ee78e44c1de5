"""Signal pages: the team lead's overview, and noting or snoozing a signal on the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record, access_listed
from cases.access import VIEW, get_case_for
from core.forms import errors_as_text, paginate
from flags import services
from flags.forms import FlagAcknowledgeForm, FlagListForm, FlagSnoozeForm
from flags.models import RuleSetting
from flags.registry import RULES
from flags.selectors import flag_counts_by_director, team_flag_list, team_flag_overview, team_open_flags

FLAG_LIST_PAGE_SIZE = 50


@login_required
@require_POST
def flag_action(request, pk: int, flag_pk: int):
    """Acknowledge a flag, or snooze it until a date; both with a reason, on the timeline and in the log."""
    case = get_case_for(request.user, pk, VIEW)
    flag = get_object_or_404(case.flags.filter(resolved_at__isnull=True), pk=flag_pk)
    snooze = "until" in request.POST
    form = FlagSnoozeForm(request.POST) if snooze else FlagAcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            if snooze:
                services.flag_snooze(flag=flag, by=request.user, **form.cleaned_data)
            else:
                services.flag_acknowledge(flag=flag, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The signal has been noted."))
    else:
        messages.error(request, errors_as_text(form))
    return redirect("cases:detail", pk=case.pk)


@login_required
@role_required(Role.TEAM_LEAD)
@require_GET
def flag_dashboard(request):
    """For the team lead: open signals by rule and by worker, and the children out of view."""
    overview = team_flag_overview(request.user)
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.LIST,
        object_ref="flag_dashboard",
        detail={"cases": sorted({row["case__number"] for row in overview["out_of_view"]})},
    )
    return render(request, "flags/dashboard.html", overview)


@login_required
@role_required(Role.TEAM_LEAD)
@require_GET
def flag_list(request):
    """For the team lead: the open signals behind a count on the dashboard (by rule, by director, all)."""
    form = FlagListForm(
        request.GET or None,
        rules=RULES.values(),
        directors=flag_counts_by_director(team_open_flags(request.user)),
    )
    if form.is_bound and not form.is_valid():
        flags = team_flag_list(request.user).none()  # a filter that was not understood shows nothing
    else:
        filters = form.cleaned_data if form.is_bound else {}
        flags = team_flag_list(
            request.user, rule=filters.get("rule") or None, director_id=filters.get("director")
        )
    page = paginate(flags, request.GET.get("pagina"), FLAG_LIST_PAGE_SIZE)
    access_listed(
        user=request.user,
        object_ref="flag_list",
        case_numbers=[flag.case.number for flag in page.object_list],
        query=request.GET.dict(),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "flags/flag_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_GET
def rule_detail(request, rule_id: str):
    """What a rule checks, its default and the organisation's own term, its source and assumptions."""
    rule = RULES.get(rule_id)
    if rule is None:
        raise Http404
    own = RuleSetting.objects.filter(rule=rule.id, organisation_id=request.user.organisation_id).first()
    return render(request, "flags/rule_detail.html", {"rule": rule, "own": own})
