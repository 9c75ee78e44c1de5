"""Beschermtafel pages: the submission from a case, the chair's inbox and agenda builder, the pack, outcomes.

Everything with an id answers 404 to whoever may not see it (the selectors decide); the chair never reaches
the case file, a table member only their meeting's submissions.
"""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record, access_listed, access_viewed
from cases.access import SUBMIT, VIEW, case_permissions, get_case_for, has_case_perm
from cases.models import Case
from core.forms import add_service_errors, errors_as_text
from tables import jzv, services
from tables.access import chaired_tables, is_chair_of, member_access_until
from tables.forms import (
    AgendaAddForm,
    BoardDecisionForm,
    ItemForm,
    MeetingForm,
    OrderForm,
    OutcomeForm,
    ReasonForm,
    ReportBackForm,
    SubmissionForm,
    VersionForm,
)
from tables.models import AgendaPack, Meeting, Outcome, Submission
from tables.pdf import invitation_pdf, outcome_letter_pdf
from tables.selectors import (
    agenda,
    board_investigators,
    chair_inbox,
    default_table_for,
    item_for_chair,
    item_for_letters,
    item_start,
    meeting_for,
    meeting_for_chair,
    meetings_of_chair,
    meetings_of_member,
    member_candidates,
    open_submission_of,
    outcome_for,
    returned_to_submitters,
    submission_for,
    submissions_of_cases_for,
)

# Seconds after which a pack nobody has started building is reported as waiting for the worker.
PACK_WAIT_WARNING = 15


def _listed(request, object_ref: str, submissions) -> None:
    access_listed(
        user=request.user,
        object_ref=object_ref,
        case_numbers=[submission.case.number for submission in submissions],
    )


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Submissions ---


@login_required
@require_GET
def my_submissions(request):
    submissions = list(submissions_of_cases_for(request.user)[:200])
    _listed(request, "table_submissions", submissions)
    return render(request, "tables/my_submissions.html", {"submissions": submissions})


@login_required
@require_http_methods(["GET", "POST"])
def submission_new(request, pk: int):
    case = get_case_for(request.user, pk, SUBMIT)
    existing = open_submission_of(case)
    if existing is not None:
        messages.info(request, _("This family already has a submission to the Beschermtafel; here it is."))
        return redirect("tables:submission", pk=existing.pk)
    plan = case.safety_plans.filter(state="agreed").first()
    initial = {"form_token": uuid.uuid4(), "table": default_table_for(case), "safety_plan": plan}
    return _submission_form(request, case, None, initial)


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request, pk: int):
    submission = submission_for(request.user, pk)
    case = submission.case
    if SUBMIT not in case_permissions(request.user, case):
        raise Http404
    if not submission.is_editable:
        messages.error(request, _("This submission has been sent and can no longer be changed."))
        return redirect("tables:submission", pk=submission.pk)
    initial = {name: getattr(submission, name) for name in services.SUBMISSION_FIELDS}
    initial |= {"form_token": submission.form_token, "version": submission.version}
    return _submission_form(request, case, submission, initial)


def _submission_form(request, case, submission: Submission | None, initial: dict):
    form = SubmissionForm(request.POST or None, initial=initial, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.submission_save_draft(
                case=case,
                by=request.user,
                form_token=data["form_token"],
                submission=submission,
                expected_version=data["version"],
                fields={name: data[name] for name in services.SUBMISSION_FIELDS},
            )
            if "submit" in request.POST:
                saved = services.submission_submit(
                    submission=saved, by=request.user, expected_version=saved.version
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.state == Submission.State.SUBMITTED:
                messages.success(
                    request, _("The family has been submitted to %(table)s.") % {"table": saved.table.name}
                )
            else:
                messages.success(request, _("The submission has been saved as a draft."))
            return redirect("tables:submission", pk=saved.pk)
    access_viewed(user=request.user, case=case, object_ref=f"table_submission_form:{case.pk}")
    children = services.children_from_12(case, timezone.localdate())
    return render(
        request,
        "tables/submission_form.html",
        {"form": form, "case": case, "submission": submission, "children_from_12": children},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def submission_detail(request, pk: int):
    submission = submission_for(request.user, pk)
    case = submission.case
    perms = case_permissions(request.user, case)
    chair = is_chair_of(request.user, submission.table_id)
    access_viewed(user=request.user, case=case, object_ref=f"submission:{submission.pk}")
    item = submission.agenda_items.select_related("meeting").order_by("-meeting__date").first()
    context = {
        "submission": submission,
        "case": case,
        "sees_case": VIEW in perms,
        "can_submit": SUBMIT in perms and not case.is_closed,
        "is_chair": chair,
        "item": item,
        "events": submission.events.select_related("by", "meeting"),
        "missing": services.submission_missing(submission) if submission.is_editable else {},
        "reason_form": ReasonForm(initial={"version": submission.version}),
        "children": case.children.order_by("birth_date"),
    }
    return render(request, "tables/submission_detail.html", context)


def _submission_action(request, pk: int, action, success: str, form_class=ReasonForm):
    submission = submission_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(submission, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
    else:
        messages.error(request, errors_as_text(form))
    return redirect("tables:submission", pk=submission.pk)


@login_required
@require_POST
def submission_submit(request, pk: int):
    return _submission_action(
        request, pk,
        lambda submission, data: services.submission_submit(
            submission=submission, by=request.user, expected_version=data["version"] or submission.version
        ),
        _("The family has been submitted to the Beschermtafel."),
        form_class=VersionForm,
    )  # fmt: skip


@login_required
@require_POST
def submission_return(request, pk: int):
    return _submission_action(
        request, pk,
        lambda submission, data: services.submission_return(
            submission=submission, by=request.user, question=data["reason"],
            expected_version=data["version"] or submission.version,
        ),
        _("The submission has been returned with your question."),
    )  # fmt: skip


@login_required
@require_POST
def submission_withdraw(request, pk: int):
    return _submission_action(
        request, pk,
        lambda submission, data: services.submission_withdraw(
            submission=submission, by=request.user, reason=data["reason"]
        ),
        _("The submission has been withdrawn."),
    )  # fmt: skip


# --- The chair: inbox, meetings, the agenda builder ---


@login_required
@role_required(Role.TABLE_CHAIR)
@require_GET
def inbox(request):
    waiting = chair_inbox(request.user)
    returned = list(returned_to_submitters(request.user)[:50])
    upcoming = list(
        meetings_of_chair(request.user).filter(date__gte=timezone.localdate()).order_by("date")[:10]
    )
    _listed(request, "table_inbox", waiting + returned)
    return render(
        request, "tables/inbox.html", {"waiting": waiting, "returned": returned, "upcoming": upcoming}
    )


@login_required
@role_required(Role.TABLE_CHAIR, Role.TABLE_MEMBER)
@require_GET
def meetings(request):
    chaired = list(meetings_of_chair(request.user)[:100])
    sitting = list(meetings_of_member(request.user))
    return render(request, "tables/meetings.html", {"chaired": chaired, "sitting": sitting})


@login_required
@role_required(Role.TABLE_CHAIR)
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    tables = list(chaired_tables(request.user))
    if not tables:
        raise PermissionDenied
    chosen = request.POST.get("table") or request.GET.get("tafel")
    table = next((table for table in tables if str(table.pk) == chosen), tables[0])
    form = MeetingForm(
        request.POST or None,
        members=member_candidates(table),
        initial={"place": table.default_place, "starts_at": "13:00"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_save(
                table=table, by=request.user, date=data["date"], starts_at=data["starts_at"],
                place=data["place"],
                capacity_minutes=data["capacity_minutes"], members=data["members"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been planned. Now put families on its agenda."))
            return redirect("tables:meeting", pk=meeting.pk)
    return render(request, "tables/meeting_form.html", {"form": form, "table": table, "tables": tables})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = meeting_for_chair(request.user, pk)
    form = MeetingForm(
        request.POST or None,
        members=member_candidates(meeting.table),
        initial={
            "version": meeting.version, "date": meeting.date, "starts_at": meeting.starts_at,
            "place": meeting.place, "capacity_minutes": meeting.capacity_minutes,
            "members": list(meeting.members.all()),
        },
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_save(
                table=meeting.table, by=request.user, meeting=meeting, expected_version=data["version"],
                date=data["date"], starts_at=data["starts_at"], place=data["place"],
                capacity_minutes=data["capacity_minutes"], members=data["members"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been changed."))
            return redirect("tables:meeting", pk=meeting.pk)
    return render(
        request, "tables/meeting_form.html", {"form": form, "table": meeting.table, "meeting": meeting}
    )


def _pack_context(meeting: Meeting) -> dict:
    pack = AgendaPack.objects.filter(meeting=meeting).defer("pdf").first()
    waiting_long = False
    if pack is not None and pack.state == AgendaPack.State.REQUESTED:
        waited = (timezone.now() - pack.requested_at).total_seconds()
        waiting_long = pack.queue_failed_at is not None or waited > PACK_WAIT_WARNING
    return {
        "meeting": meeting,
        "pack": pack,
        "waiting_long": waiting_long,
        "outdated": pack is not None
        and pack.state == AgendaPack.State.READY
        and pack.meeting_version != meeting.version,
    }


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = meeting_for(request.user, pk)
    chair = is_chair_of(request.user, meeting.table_id)
    rows = agenda(meeting)
    _listed(request, f"meeting:{meeting.pk}", [row.item.submission for row in rows.rows])
    context = {
        "meeting": meeting,
        "agenda": rows,
        "is_chair": chair,
        "members": list(meeting.members.all()),
        "access_until": member_access_until(meeting),
        "today": timezone.localdate(),
        **_pack_context(meeting),
    }
    if chair:
        waiting = meeting.table.submissions.filter(state=Submission.State.SUBMITTED).select_related(
            "case__family"
        )
        context["add_form"] = AgendaAddForm(initial={"version": meeting.version}, waiting=waiting)
        context["item_forms"] = {
            row.item.pk: ItemForm(
                initial={
                    "version": meeting.version,
                    "duration_minutes": row.item.duration_minutes,
                    "invitees": row.item.invitees,
                },
                prefix=f"item{row.item.pk}",
            )
            for row in rows.rows
        }
        for row in rows.rows:
            row.form = context["item_forms"][row.item.pk]
    return render(request, "tables/meeting.html", context)


def _meeting_action(request, meeting: Meeting, action, success: str, form=None):
    form = form or VersionForm(request.POST)
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if success:
                messages.success(request, success)
    else:
        messages.error(request, errors_as_text(form))
    return redirect("tables:meeting", pk=meeting.pk)


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = meeting_for_chair(request.user, pk)
    waiting = meeting.table.submissions.filter(state=Submission.State.SUBMITTED)
    form = AgendaAddForm(request.POST, waiting=waiting)
    return _meeting_action(
        request, meeting,
        lambda data: services.agenda_item_add(
            meeting=meeting, submission=data["submission"], by=request.user, expected_version=data["version"]
        ),
        _("The family has been put on the agenda."), form,
    )  # fmt: skip


@login_required
@require_POST
def item_move(request, pk: int, offset: int):
    item = item_for_chair(request.user, pk)
    return _meeting_action(
        request, item.meeting,
        lambda data: services.agenda_item_move(
            item=item, by=request.user, offset=offset, expected_version=data["version"]
        ),
        "",
    )  # fmt: skip


def item_up(request, pk: int):
    return item_move(request, pk, -1)


def item_down(request, pk: int):
    return item_move(request, pk, 1)


@login_required
@require_POST
def item_remove(request, pk: int):
    item = item_for_chair(request.user, pk)
    return _meeting_action(
        request, item.meeting,
        lambda data: services.agenda_item_remove(
            item=item, by=request.user, expected_version=data["version"]
        ),
        _("The family has been taken off the agenda and waits for a date again."),
    )  # fmt: skip


@login_required
@require_POST
def item_update(request, pk: int):
    item = item_for_chair(request.user, pk)
    form = ItemForm(request.POST, prefix=f"item{item.pk}")
    return _meeting_action(
        request, item.meeting,
        lambda data: services.agenda_item_update(
            item=item, by=request.user, duration_minutes=data["duration_minutes"], invitees=data["invitees"],
            expected_version=data["version"],
        ),
        _("The item has been changed."), form,
    )  # fmt: skip


@login_required
@require_POST
def agenda_order(request, pk: int):
    """The whole order at once, as the optional drag and drop sends it."""
    meeting = meeting_for_chair(request.user, pk)
    form = OrderForm(request.POST)
    return _meeting_action(
        request, meeting,
        lambda data: services.agenda_reorder(
            meeting=meeting, by=request.user, order=data["order"], expected_version=data["version"]
        ),
        _("The order of the agenda has been changed."), form,
    )  # fmt: skip


@login_required
@require_POST
def meeting_publish(request, pk: int):
    meeting = meeting_for_chair(request.user, pk)
    return _meeting_action(
        request, meeting,
        lambda data: services.meeting_publish(
            meeting=meeting, by=request.user, expected_version=data["version"]
        ),
        _("The agenda has been published: the members of this meeting can now read its submissions."),
    )  # fmt: skip


# --- The agenda pack ---


@login_required
@require_POST
def pack_request(request, pk: int):
    meeting = meeting_for_chair(request.user, pk)
    try:
        services.pack_request(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("tables:meeting", kwargs={"pk": meeting.pk}) + "#agendapakket")


@login_required
@never_cache
@require_GET
def pack_status(request, pk: int):
    """The pack's state, polled by the meeting page while it is being made (htmx)."""
    meeting = meeting_for(request.user, pk)
    context = {**_pack_context(meeting), "is_chair": is_chair_of(request.user, meeting.table_id)}
    return render(request, "tables/_pack_status.html", context)


@login_required
@never_cache
@require_GET
def pack_download(request, pk: int):
    meeting = meeting_for(request.user, pk)
    pack = AgendaPack.objects.filter(meeting=meeting, state=AgendaPack.State.READY).first()
    if pack is None or not pack.pdf:
        raise Http404
    for case in Case.objects.filter(pk__in=pack.case_ids).order_by("pk"):
        access_event_record(
            user=request.user, action=AccessEvent.Action.PRINT, case=case, object_ref=f"agenda_pack:{pack.pk}"
        )
    return _pdf(bytes(pack.pdf), f"agendapakket-{meeting.date:%Y-%m-%d}.pdf")


# --- Letters ---


@login_required
@never_cache
@require_GET
def invitation(request, pk: int):
    """The invitation for the parents, or (?voor=kinderen) for each child of 12 and older, as a PDF."""
    submission_item = item_for_letters(request.user, pk)
    case = submission_item.submission.case
    starts_at = item_start(submission_item)
    children = services.children_from_12(case, submission_item.meeting.date)
    for_children = request.GET.get("voor") == "kinderen"
    if for_children and not children:
        messages.error(request, _("No child of this family is 12 or older on the day of the meeting."))
        return redirect("tables:submission", pk=submission_item.submission_id)
    submitter = submission_item.submission.submitted_by or submission_item.submission.created_by
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.PRINT,
        case=case,
        object_ref=f"invitation:{submission_item.pk}",
    )
    pdf = invitation_pdf(
        submission_item,
        for_children=for_children,
        children=children,
        starts_at=starts_at,
        submitter=submitter,
    )
    return _pdf(pdf, f"uitnodiging-beschermtafel-{case.number}{'-kinderen' if for_children else ''}.pdf")


# --- Outcomes ---


@login_required
@require_http_methods(["GET", "POST"])
def item_outcome(request, pk: int):
    item = item_for_chair(request.user, pk)
    if Outcome.objects.filter(item=item).exists():
        return redirect("tables:outcome", pk=item.outcome.pk)
    meeting = item.meeting
    form = OutcomeForm(
        request.POST or None,
        investigators=board_investigators(),
        initial={"report_back_on": services.report_back_default(meeting.date), "minutes": item.minutes},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.outcome_record(
                item=item, by=request.user, kind=data["kind"], decision=data["decision"],
                minutes=data["minutes"],
                agreements=data["agreements"], report_back_on=data["report_back_on"],
                investigator=data["investigator"], parents_informed=data["parents_informed"],
                parents_informed_note=data["parents_informed_note"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome has been recorded and the case has moved with it."))
            return redirect("tables:outcome", pk=outcome.pk)
    access_viewed(user=request.user, case=item.submission.case, object_ref=f"submission:{item.submission_id}")
    return render(
        request,
        "tables/outcome_form.html",
        {"form": form, "item": item, "meeting": meeting, "submission": item.submission},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def outcome_detail(request, pk: int):
    outcome = outcome_for(request.user, pk)
    access_viewed(user=request.user, case=outcome.case, object_ref=f"table_outcome:{outcome.pk}")
    chair = is_chair_of(request.user, outcome.item.meeting.table_id)
    context = {
        "outcome": outcome,
        "meeting": outcome.item.meeting,
        "item": outcome.item,
        "agreements": outcome.agreements.all(),
        "is_chair": chair,
        "sees_case": has_case_perm(request.user, VIEW, outcome.case),
        "may_record_decision": chair or request.user.pk == outcome.investigator_id,
        "cloudevent": json.dumps(jzv.outcome_cloudevent(outcome), indent=2, ensure_ascii=False),
        "inzage_url": jzv.inzage_url(outcome),
        "report_back_form": ReportBackForm(initial={"on": timezone.localdate()}),
        "decision_form": BoardDecisionForm(initial={"decided_on": timezone.localdate()}),
    }
    return render(request, "tables/outcome_detail.html", context)


@login_required
@never_cache
@require_GET
def outcome_letter(request, pk: int):
    outcome = outcome_for(request.user, pk)
    if not (
        is_chair_of(request.user, outcome.item.meeting.table_id)
        or has_case_perm(request.user, VIEW, outcome.case)
    ):
        raise Http404
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.PRINT,
        case=outcome.case,
        object_ref=f"outcome_letter:{outcome.pk}",
    )
    return _pdf(outcome_letter_pdf(outcome), f"besluit-beschermtafel-{outcome.case.number}.pdf")


@login_required
@require_POST
def outcome_report_back(request, pk: int):
    outcome = outcome_for(request.user, pk)
    form = ReportBackForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_report_back(
                outcome=outcome, by=request.user, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report back has been recorded."))
    else:
        messages.error(request, errors_as_text(form))
    return redirect("tables:outcome", pk=outcome.pk)


@login_required
@require_POST
def outcome_board_decision(request, pk: int):
    outcome = outcome_for(request.user, pk)
    form = BoardDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_board_decision(
                outcome=outcome, by=request.user, decision=form.cleaned_data["decision"],
                decided_on=form.cleaned_data["decided_on"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision of the Raad has been recorded."))
    else:
        messages.error(request, errors_as_text(form))
    return redirect("tables:outcome", pk=outcome.pk)
