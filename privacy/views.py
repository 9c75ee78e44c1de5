"""The privacy officer's pages: the family's requests and their deadlines, the copy for an inzage, the
destruction list with its four-eyes review, retention holds, and the record of destroyed files.

Every view is for privacy officers only; the services check the role again. A page that shows case data
logs the read (audit.services), as the access-log pages do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.reauth import reauthentication_required
from accounts.roles import Role
from audit.services import access_listed, access_viewed
from core.forms import paginate
from core.locking import StaleEdit
from privacy import selectors, services
from privacy.erasure import LABELS as DATA_LABELS
from privacy.forms import (
    DECIDE_ERROR_FIELDS,
    EXTEND_ERROR_FIELDS,
    HOLD_ERROR_FIELDS,
    REQUEST_ERROR_FIELDS,
    DecideForm,
    DestructionKeepForm,
    ExtendForm,
    HoldForm,
    PersonLookupForm,
    RightsRequestForm,
    VersionForm,
    service_errors,
)
from privacy.models import DestructionReview, RetentionHold, RightsRequest

HOME_LIMIT = 200
DESTROYED_PAGE_SIZE = 50


def _data_kinds(counts) -> list[tuple[str, int]]:
    """Counts per kind of data in words (privacy.erasure.LABELS); a kind without words shows its key."""
    items = counts.items() if isinstance(counts, dict) else counts
    return [(str(DATA_LABELS.get(key, key.replace("_", " "))), number) for key, number in items]


def _one(queryset_get, pk: int):
    try:
        return queryset_get(pk)
    except (RightsRequest.DoesNotExist, DestructionReview.DoesNotExist, RetentionHold.DoesNotExist):
        raise Http404 from None


def _bad_request() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(render_to_string("bad_input.html"))


def _stale(form, error, version: int) -> None:
    """Refused as out of date: say so on top of the form, keep the text, carry the latest version."""
    form.add_error(None, error)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = version


# Home -------------------------------------------------------------------------------------------------


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_GET
def home(request):
    today = timezone.localdate()
    requests = list(selectors.open_requests()[: HOME_LIMIT + 1])
    more = len(requests) > HOME_LIMIT
    requests = requests[:HOME_LIMIT]
    for rights_request in requests:
        rights_request.late = rights_request.is_late(today)
    if requests:
        access_listed(
            user=request.user,
            object_ref="privacy_requests",
            case_numbers=selectors.case_numbers_of_persons({r.person_id for r in requests}),
        )
    return render(
        request,
        "privacy/home.html",
        {
            "requests": requests,
            "more": more,
            "late_count": sum(r.late for r in requests),
            "waiting": selectors.destruction_waiting_counts(),
            "hold_count": selectors.active_holds(today).count(),
        },
    )


# Rights requests --------------------------------------------------------------------------------------


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_http_methods(["GET", "POST"])
def request_create(request):
    lookup = PersonLookupForm(request.POST if request.method == "POST" else None)
    form = None
    status = 200
    if request.method == "POST":
        if not lookup.is_valid():
            status = 400
        else:
            # Only the people the BSN or case number found can be chosen: a posted id of anyone else
            # is not among the choices.
            persons = lookup.persons
            cases = selectors.living_cases_of(persons)
            recording = request.POST.get("step") == "record"
            form = RightsRequestForm(request.POST if recording else None, persons=persons, cases=cases)
            if recording:
                if form.is_valid():
                    data = form.cleaned_data
                    try:
                        recorded = services.rights_request_record(
                            by=request.user,
                            kind=data["kind"],
                            person=data["person"],
                            case=data["case"],
                            requester=data["requester"],
                            requester_name=data["requester_name"],
                            consent_given=data["consent_given"],
                            details=data["details"],
                            received_on=data["received_on"],
                        )
                    except ValidationError as error:
                        service_errors(form, error, REQUEST_ERROR_FIELDS)
                    else:
                        messages.success(
                            request,
                            _("The request has been recorded. The answer is due on %(date)s.")
                            % {"date": date_format(recorded.due_on, "j b Y")},
                        )
                        return redirect("privacy:request-detail", pk=recorded.pk)
                status = 400
            access_listed(
                user=request.user,
                object_ref="privacy_person_search",
                case_numbers=[case.number for case in cases],
                query={key: value for key, value in lookup.cleaned_data.items() if value},
                search=True,
            )
    return render(request, "privacy/request_create.html", {"lookup": lookup, "form": form}, status=status)


def _can_extend(rights_request: RightsRequest, today) -> bool:
    return rights_request.is_open and rights_request.extended_to is None and today <= rights_request.due_on


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    rights_request = _one(selectors.request_for_officer, pk)
    initial = {"version": rights_request.version}
    extend_form = ExtendForm(initial=initial, prefix="extend")
    decide_form = DecideForm(initial=initial, prefix="decide", request=rights_request)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "extend":
            extend_form = ExtendForm(request.POST, prefix="extend")
            form, fields = extend_form, EXTEND_ERROR_FIELDS
        elif action == "decide":
            decide_form = DecideForm(request.POST, prefix="decide", request=rights_request)
            form, fields = decide_form, DECIDE_ERROR_FIELDS
        else:
            return _bad_request()
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "extend":
                    services.rights_request_extend(
                        by=request.user,
                        request=rights_request,
                        reason=data["reason"],
                        version=data["version"],
                    )
                else:
                    services.rights_request_decide(
                        by=request.user,
                        request=rights_request,
                        outcome=data["outcome"],
                        note=data["note"],
                        decided_on=data["decided_on"],
                        handed_over_on=data.get("handed_over_on"),
                        handed_over_how=data.get("handed_over_how", ""),
                        third_parties_reviewed=data.get("third_parties_reviewed", False),
                        version=data["version"],
                    )
            except StaleEdit as error:
                rights_request = selectors.request_for_officer(pk)
                _stale(form, error, rights_request.version)
            except ValidationError as error:
                service_errors(form, error, fields)
            else:
                messages.success(
                    request,
                    _("The term has been extended.")
                    if action == "extend"
                    else _("The answer has been recorded."),
                )
                return redirect("privacy:request-detail", pk=pk)
        status = 400
    access_viewed(
        user=request.user, case=rights_request.case, object_ref=f"rights_request:{rights_request.pk}"
    )
    today = timezone.localdate()
    return render(
        request,
        "privacy/request_detail.html",
        {
            "rights_request": rights_request,
            "late": rights_request.is_late(today),
            "can_extend": _can_extend(rights_request, today),
            "is_inzage": rights_request.kind == RightsRequest.Kind.INZAGE,
            "extend_form": extend_form,
            "decide_form": decide_form,
        },
        status=status,
    )


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_POST
@reauthentication_required
def request_copy(request, pk: int):
    """The inzage copy as one PDF, after the officer confirmed who they are (accounts.reauth)."""
    rights_request = _one(selectors.request_for_officer, pk)
    try:
        pdf = services.inzage_copy_make(by=request.user, request=rights_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:request-detail", pk=pk)
    name = rights_request.case.number if rights_request.case else rights_request.pk
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{name}.pdf"'
    return response


# Destruction ------------------------------------------------------------------------------------------


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_GET
def destruction_list(request):
    reviews = list(selectors.destruction_waiting())
    if reviews:
        access_listed(
            user=request.user,
            object_ref="destruction_list",
            case_numbers=[review.case.number for review in reviews],
        )
    return render(request, "privacy/destruction_list.html", {"reviews": reviews})


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_http_methods(["GET", "POST"])
def destruction_review(request, pk: int):
    review = _one(selectors.review_for_officer, pk)
    confirm_form = VersionForm(initial={"version": review.version}, prefix="confirm")
    keep_form = DestructionKeepForm(initial={"version": review.version}, prefix="keep")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            confirm_form = VersionForm(request.POST, prefix="confirm")
            form = confirm_form
        elif action == "keep":
            keep_form = DestructionKeepForm(request.POST, prefix="keep")
            form = keep_form
        else:
            return _bad_request()
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "confirm":
                    done = services.destruction_confirm(
                        by=request.user, review=review, version=data["version"]
                    )
                else:
                    services.destruction_keep(
                        by=request.user,
                        review=review,
                        reason=data["reason"],
                        note=data["note"],
                        until=data["until"],
                        version=data["version"],
                    )
            except StaleEdit as error:
                review = selectors.review_for_officer(pk)
                _stale(form, error, review.version)
            except ValidationError as error:
                service_errors(form, error, HOLD_ERROR_FIELDS if action == "keep" else {})
                review = selectors.review_for_officer(pk)
            else:
                number = review.case.number
                if action == "keep":
                    messages.success(
                        request, _("File %(number)s is kept and has left the list.") % {"number": number}
                    )
                elif done.status == DestructionReview.Status.DESTROYED:
                    messages.success(request, _("File %(number)s has been destroyed.") % {"number": number})
                    return redirect("privacy:destroyed")
                else:
                    messages.success(
                        request,
                        _(
                            "Your confirmation of %(number)s is recorded. "
                            "A second privacy officer must confirm."
                        )
                        % {"number": number},
                    )
                return redirect("privacy:destruction-list")
        status = 400
    is_open = review.status in DestructionReview.OPEN
    access_viewed(user=request.user, case=review.case, object_ref=f"destruction_review:{review.pk}")
    return render(
        request,
        "privacy/destruction_review.html",
        {
            "review": review,
            "is_open": is_open,
            "confirmed_by_me": review.first_by_id == request.user.pk,
            "counts": _data_kinds(selectors.case_data_counts(review.case)) if is_open else [],
            "confirm_form": confirm_form,
            "keep_form": keep_form,
        },
        status=status,
    )


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_GET
def destroyed(request):
    page = paginate(selectors.destruction_records(), request.GET.get("pagina"), DESTROYED_PAGE_SIZE)
    for record in page.object_list:
        record.removed_kinds = _data_kinds(record.removed)
    if page.object_list:
        access_listed(
            user=request.user,
            object_ref="destruction_records",
            case_numbers=[record.case.number for record in page.object_list],
        )
    return render(request, "privacy/destroyed.html", {"page": page})


# Holds ------------------------------------------------------------------------------------------------


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_http_methods(["GET", "POST"])
def holds(request):
    form = HoldForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.hold_place(
                    by=request.user,
                    case=form.case,
                    reason=data["reason"],
                    note=data["note"],
                    until=data["until"],
                )
            except ValidationError as error:
                service_errors(form, error, HOLD_ERROR_FIELDS)
            else:
                messages.success(
                    request, _("File %(number)s is kept past its term.") % {"number": form.case.number}
                )
                return redirect("privacy:holds")
        status = 400
    active = list(selectors.active_holds(timezone.localdate()))
    if active:
        access_listed(
            user=request.user,
            object_ref="retention_holds",
            case_numbers=[hold.case.number for hold in active],
        )
    return render(request, "privacy/holds.html", {"form": form, "holds": active}, status=status)


@login_required
@role_required(Role.PRIVACY_OFFICER)
@require_POST
def hold_lift(request, pk: int):
    hold = _one(lambda key: RetentionHold.objects.select_related("case").get(pk=key), pk)
    try:
        services.hold_lift(by=request.user, hold=hold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The hold on %(number)s has been lifted; the weekly check lists the file again "
                "if its term has passed."
            )
            % {"number": hold.case.number},
        )
    return redirect("privacy:holds")
