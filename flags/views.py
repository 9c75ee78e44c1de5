"""Signal pages: the team lead's overview, and noting or snoozing a signal on the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.access import VIEW, get_case_for
from core.forms import errors_as_text
from flags import services
from flags.forms import FlagAcknowledgeForm, FlagSnoozeForm
from flags.selectors import team_flag_overview


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
