"""Every write of the privacy app: rights requests and their deadlines, retention holds, the weekly sweep that
lists files past their term, and their destruction once two people have confirmed it (ADR 11).

Only privacy officers act here (``_require_officer``); the views check the role too, the services do not
trust them to.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.roles import Role, roles_of
from accounts.services import notify, privacy_officers
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.models import Case, Membership, Person, Phase
from core.dates import months_after, term_end
from core.locking import version_check
from privacy.models import DestructionRecord, DestructionReview, RetentionHold, RightsRequest

# AVG art. 12(3): an answer within one month of receipt, extendable once by two further months.
ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2
# Jeugdwet / AVG age lines (domain.md §6.2): from 12 a child asks itself; from 16 parents need its consent.
OWN_REQUEST_AGE = 12
CONSENT_AGE = 16
ADULT_AGE = 18


def _require_officer(user: User) -> None:
    if Role.PRIVACY_OFFICER not in roles_of(user):
        raise PermissionDenied


# Deadlines --------------------------------------------------------------------------------------------


def answer_due_on(received_on: dt.date) -> dt.date:
    """One month after receipt; a last day on a weekend or public holiday moves to the next working day."""
    return term_end(months_after(received_on, ANSWER_MONTHS))


def extended_due_on(due_on: dt.date) -> dt.date:
    return term_end(months_after(due_on, EXTENSION_MONTHS))


def retention_ends_on(closed_on: dt.date) -> dt.date:
    """The last day a closed file is kept: RETENTION_YEARS after it closed."""
    return months_after(closed_on, 12 * settings.RETENTION_YEARS)


# Rights requests --------------------------------------------------------------------------------------


def person_cases(person: Person) -> QuerySet[Case]:
    """The files a person is in: as a member of the household, or as a child the case is about."""
    return Case.objects.filter(
        Q(family__in=Membership.objects.filter(person=person).values("family"))
        | Q(case_children__child=person)
    ).distinct()


def _check_requester(*, person: Person, requester: str, consent_given: bool, on: dt.date) -> None:
    """Who may ask, from the person's age on the day the request came in (domain.md §6.2)."""
    age = person.age_on(on)
    kinds = RightsRequest.Requester
    if requester == kinds.SELF and age < OWN_REQUEST_AGE:
        raise ValidationError(
            _(
                "A child under 12 cannot make this request itself: the parents with parental authority "
                "or the guardian do."
            ),
            code="too_young",
        )
    if requester in (kinds.PARENT, kinds.GUARDIAN):
        if age >= ADULT_AGE:
            raise ValidationError(
                _("This person is an adult: only they, or their curator or mentor, can make the request."),
                code="adult",
            )
        if age >= CONSENT_AGE and not consent_given:
            raise ValidationError(
                _("The young person is 16 or older: parents and guardian need their consent."),
                code="consent",
            )
    if requester == kinds.REPRESENTATIVE and age < ADULT_AGE:
        raise ValidationError(_("A curator or mentor acts only for an adult."), code="not_adult")
    if requester == kinds.OTHER and not consent_given:
        raise ValidationError(
            _("Someone else needs the consent of the person or their parents."), code="consent"
        )


@transaction.atomic
def rights_request_record(
    *,
    by: User,
    kind: str,
    person: Person,
    case: Case | None,
    requester: str,
    requester_name: str = "",
    consent_given: bool = False,
    details: str = "",
    received_on: dt.date,
) -> RightsRequest:
    """Record a request with its legal deadline. A correction or objection names the file it is about."""
    _require_officer(by)
    if received_on > timezone.localdate():
        raise ValidationError(_("The date of receipt lies in the future."), code="future")
    if kind != RightsRequest.Kind.INZAGE and case is None:
        raise ValidationError(_("Choose the case file the request is about."), code="case")
    if case is not None and not person_cases(person).filter(pk=case.pk).exists():
        raise ValidationError(_("This person is not in that case file."), code="not_in_case")
    _check_requester(person=person, requester=requester, consent_given=consent_given, on=received_on)
    request = RightsRequest.objects.create(
        kind=kind,
        person=person,
        case=case,
        requester=requester,
        requester_name=requester_name.strip(),
        consent_given=consent_given,
        details=details.strip(),
        received_on=received_on,
        due_on=answer_due_on(received_on),
        recorded_by=by,
    )
    access_event_record(
        user=by, action=AccessEvent.Action.CREATE, case=case, object_ref=f"rights_request:{request.pk}"
    )
    return request


def _locked_request(request: RightsRequest, version: int | None) -> RightsRequest:
    locked = RightsRequest.objects.select_for_update().get(pk=request.pk)
    version_check(locked, version)
    if locked.decided_on is not None:
        raise ValidationError(_("This request has already been answered."), code="answered")
    return locked


@transaction.atomic
def rights_request_extend(
    *, by: User, request: RightsRequest, reason: str, version: int | None
) -> RightsRequest:
    """Take two more months, once, with a reason, decided within the first month (AVG art. 12(3))."""
    _require_officer(by)
    locked = _locked_request(request, version)
    if locked.extended_to is not None:
        raise ValidationError(_("The term has already been extended once."), code="extended")
    if timezone.localdate() > locked.due_on:
        raise ValidationError(
            _("The term has already passed: it can only be extended within the first month."), code="late"
        )
    if not reason.strip():
        raise ValidationError(
            _("Say why more time is needed; the person is told this reason."), code="reason"
        )
    locked.extended_to = extended_due_on(locked.due_on)
    locked.extension_reason = reason.strip()
    locked.version += 1
    locked.save(update_fields=["extended_to", "extension_reason", "version"])
    return locked


@transaction.atomic
def rights_request_decide(
    *,
    by: User,
    request: RightsRequest,
    outcome: str,
    note: str = "",
    decided_on: dt.date | None = None,
    handed_over_on: dt.date | None = None,
    handed_over_how: str = "",
    third_parties_reviewed: bool = False,
    version: int | None,
) -> RightsRequest:
    """Record the answer. A refusal or partial answer says why; a copy handed over was reviewed first."""
    _require_officer(by)
    locked = _locked_request(request, version)
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today or decided_on < locked.received_on:
        raise ValidationError(_("The date of the answer must lie between receipt and today."), code="date")
    if outcome not in RightsRequest.Outcome.values:
        raise ValidationError(_("Choose an outcome."), code="outcome")
    if outcome in (RightsRequest.Outcome.REFUSED, RightsRequest.Outcome.PARTLY) and not note.strip():
        raise ValidationError(_("Explain the refusal: the person may object to it."), code="note")
    gives_copy = locked.kind == RightsRequest.Kind.INZAGE and outcome in (
        RightsRequest.Outcome.GRANTED,
        RightsRequest.Outcome.PARTLY,
    )
    if gives_copy:
        if locked.copy_made_at is None:
            raise ValidationError(_("Make the copy of the file first."), code="no_copy")
        if not third_parties_reviewed:
            raise ValidationError(
                _("Review the information about others in the copy before it is handed over."), code="review"
            )
        if handed_over_on is None or not handed_over_how.strip():
            raise ValidationError(_("Say when and how the copy was handed over."), code="handover")
        if handed_over_on > today or handed_over_on < locked.received_on:
            raise ValidationError(
                _("The copy's hand-over date must lie between receipt and today."), code="date"
            )
        locked.handed_over_on = handed_over_on
        locked.handed_over_how = handed_over_how.strip()
        locked.third_parties_reviewed = True
    locked.outcome = outcome
    locked.outcome_note = note.strip()
    locked.decided_on, locked.decided_at = decided_on, timezone.now()
    locked.decided_by = by
    locked.version += 1
    locked.save()
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=locked.case, object_ref=f"rights_request:{locked.pk}"
    )
    return locked


@transaction.atomic
def inzage_copy_make(*, by: User, request: RightsRequest) -> bytes:
    """The copy of the person's files as one PDF; it is a read of each file, logged as an export."""
    from privacy.inzage import copy_pdf  # WeasyPrint is heavy: loaded when a copy is made

    _require_officer(by)
    if request.kind != RightsRequest.Kind.INZAGE:
        raise ValidationError(_("Only a request for inspection gets a copy of the file."), code="kind")
    if request.decided_on is not None:
        raise ValidationError(_("This request has already been answered."), code="answered")
    cases = list(person_cases(request.person).exclude(destruction__isnull=False).order_by("opened_on", "pk"))
    pdf = copy_pdf(request=request, cases=cases, made_by=by)
    for case in cases:
        access_event_record(
            user=by, action=AccessEvent.Action.EXPORT, case=case, object_ref=f"inzage:{request.pk}"
        )
    RightsRequest.objects.filter(pk=request.pk).update(copy_made_at=timezone.now())
    return pdf


# Retention --------------------------------------------------------------------------------------------


def _active_holds(today: dt.date) -> QuerySet[RetentionHold]:
    return RetentionHold.objects.filter(lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )


def due_for_destruction(today: dt.date) -> QuerySet[Case]:
    """Closed files whose term has ended, without a hold, not destroyed, and whose household has no open file
    (help still running keeps the household's history: domain.md §6.1)."""
    closed_before = months_after(today, -12 * settings.RETENTION_YEARS)
    return (
        Case.objects.filter(phase=Phase.CLOSED, closed_on__lt=closed_before)
        .exclude(Exists(_active_holds(today).filter(case=OuterRef("pk"))))
        .exclude(Exists(DestructionRecord.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(Case.objects.filter(family=OuterRef("family")).exclude(phase=Phase.CLOSED)))
    )


@transaction.atomic
def retention_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Put every file past its term on the destruction review list (once), and take off the list what is no
    longer due (a hold, a reopened household). Deletes nothing; safe to run twice."""
    today = today or timezone.localdate()
    due = due_for_destruction(today)
    withdrawn = (
        DestructionReview.objects.filter(status__in=DestructionReview.OPEN)
        .exclude(case__in=due.values("pk"))
        .update(
            status=DestructionReview.Status.WITHDRAWN, closed_note=_("No longer due at the weekly check.")
        )
    )
    new = list(
        due.exclude(
            Exists(DestructionReview.objects.filter(case=OuterRef("pk"), status__in=DestructionReview.OPEN))
        ).values_list("pk", "closed_on")
    )
    created = DestructionReview.objects.bulk_create(
        [DestructionReview(case_id=pk, due_on=retention_ends_on(closed_on)) for pk, closed_on in new],
        ignore_conflicts=True,  # a sweep running at the same moment listed it already
    )
    if created:
        text = ngettext(
            "%(count)d closed file has passed its retention term and waits for review.",
            "%(count)d closed files have passed their retention term and wait for review.",
            len(created),
        ) % {"count": len(created)}
        notify(users=privacy_officers(), text=text, link=reverse("privacy:destruction-list"))
    return {"listed": len(created), "withdrawn": withdrawn}


def _withdraw_open_reviews(case: Case, note: str) -> None:
    DestructionReview.objects.filter(case=case, status__in=DestructionReview.OPEN).update(
        status=DestructionReview.Status.KEPT, closed_note=note
    )


@transaction.atomic
def hold_place(
    *, by: User, case: Case, reason: str, note: str, until: dt.date | None = None
) -> RetentionHold:
    """Keep a closed file past its term; it leaves the destruction list at once."""
    _require_officer(by)
    if reason not in RetentionHold.Reason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    if not note.strip():
        raise ValidationError(_("Explain why the file is kept."), code="note")
    if until is not None and until <= timezone.localdate():
        raise ValidationError(_("The date to keep it until must lie in the future."), code="until")
    if case.phase != Phase.CLOSED:
        raise ValidationError(_("Only a closed file can be kept past its term."), code="open")
    if DestructionRecord.objects.filter(case=case).exists():
        raise ValidationError(_("This file has been destroyed."), code="destroyed")
    hold = RetentionHold.objects.create(
        case=case, reason=reason, note=note.strip(), until=until, placed_by=by
    )
    _withdraw_open_reviews(case, note.strip())
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"retention_hold:{hold.pk}"
    )
    return hold


@transaction.atomic
def hold_lift(*, by: User, hold: RetentionHold) -> RetentionHold:
    """End a hold; the next weekly sweep lists the file again if its term has passed."""
    _require_officer(by)
    locked = RetentionHold.objects.select_for_update().get(pk=hold.pk)
    if locked.lifted_at is not None:
        raise ValidationError(_("This hold has already been lifted."), code="lifted")
    locked.lifted_by, locked.lifted_at = by, timezone.now()
    locked.save(update_fields=["lifted_by", "lifted_at"])
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=locked.case, object_ref=f"retention_hold:{locked.pk}"
    )
    return locked


@transaction.atomic
def destruction_keep(*, by: User, review: DestructionReview, reason: str, note: str, until: dt.date | None,
                     version: int | None) -> RetentionHold:  # fmt: skip
    """Do not destroy a listed file: keep it with a hold (and its reason)."""
    _require_officer(by)
    locked = DestructionReview.objects.select_for_update().get(pk=review.pk)
    version_check(locked, version)
    if locked.status not in DestructionReview.OPEN:
        raise ValidationError(_("This file is no longer waiting for review."), code="closed")
    return hold_place(by=by, case=locked.case, reason=reason, note=note, until=until)


@transaction.atomic
def destruction_confirm(*, by: User, review: DestructionReview, version: int | None) -> DestructionReview:
    """One of the two confirmations. The first marks the file; the second, by another person, destroys it:
    the personal data goes (privacy.erasure), the counts stay, and a record without names is kept."""
    from privacy.erasure import erase_case

    _require_officer(by)
    locked = DestructionReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    version_check(locked, version)
    if locked.status not in DestructionReview.OPEN:
        raise ValidationError(_("This file is no longer waiting for review."), code="closed")
    case = Case.objects.select_for_update().get(pk=locked.case_id)
    if not due_for_destruction(timezone.localdate()).filter(pk=case.pk).exists():
        # The next sweep takes it off the list (a write here would roll back with the refusal).
        raise ValidationError(
            _("This file is no longer due for destruction (a hold, or help started again in the household)."),
            code="not_due",
        )
    now = timezone.now()
    if locked.status == DestructionReview.Status.PENDING:
        locked.status, locked.first_by, locked.first_at = DestructionReview.Status.CONFIRMED_ONCE, by, now
        locked.version += 1
        locked.save()
        others = privacy_officers().exclude(pk=by.pk)
        notify(
            users=others,
            text=_("A file waits for a second confirmation of its destruction."),
            link=reverse("privacy:destruction-list"),
        )
        return locked
    if locked.first_by_id == by.pk:
        raise ValidationError(
            _("Four eyes: a second person must confirm. You confirmed this file already."), code="same_person"
        )
    removed = erase_case(case)
    locked.status, locked.second_by, locked.second_at = DestructionReview.Status.DESTROYED, by, now
    locked.version += 1
    locked.save()
    record = DestructionRecord.objects.create(
        case=case,
        review=locked,
        closed_on=case.closed_on,
        term_ended_on=locked.due_on,
        first_by_id=locked.first_by_id,
        second_by=by,
        removed=removed,
    )
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"destruction:{record.pk}"
    )
    return locked
