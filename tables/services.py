"""Every write to the Beschermtafel: submissions, meetings and their agendas, the agenda pack, outcomes."""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from accounts.models import User
from accounts.roles import Role
from accounts.services import notify
from audit.models import AccessEvent
from audit.services import access_event_record
from cases import hooks
from cases import services as case_services
from cases.access import SUBMIT, require
from cases.models import Case, Person, Phase
from cases.selectors import case_directors
from core.dates import months_before
from core.locking import StaleEdit, version_check
from tables.access import VIEW_SUBMISSION, is_chair_of, members_wanted, object_members_set
from tables.models import (
    DEFAULT_INVITEES,
    AgendaItem,
    AgendaPack,
    Invitee,
    Meeting,
    Outcome,
    OutcomeAgreement,
    Submission,
    SubmissionEvent,
    SubmissionUserObjectPermission,
    Table,
)

logger = logging.getLogger(__name__)

# The age from which a child is invited to the table (domain.md §3.2).
CHILD_INVITED_FROM_AGE = 12
# Drang: the result is reported back to the table after this many months by default (domain.md §3.4).
REPORT_BACK_MONTHS = 3
MIN_ITEM_MINUTES, MAX_ITEM_MINUTES = 10, 240
# A request this old that no worker has taken is built by the periodic pick-up (the worker was away).
PACK_PICK_UP_AFTER = dt.timedelta(seconds=30)

SUBMISSION_FIELDS = (
    "table", "question", "reason", "worries", "strengths", "earlier_help", "asked", "safety_plan",
    "parents_informed_on", "parents_invited", "parents_not_informed_reason",
    "children_informed_on", "children_invited", "children_not_informed_reason", "preferred_date",
)  # fmt: skip
# Sections that must be written before a submission goes to the table.
REQUIRED_SECTIONS = ("question", "reason", "worries", "strengths", "asked")

OUTCOME_PHASE = {
    Outcome.Kind.VOLUNTARY_SUFFICIENT: Phase.VOLUNTARY,
    Outcome.Kind.PRESSURE: Phase.PRESSURE,
    Outcome.Kind.BOARD_INVESTIGATION: Phase.INVESTIGATION,
}


def _require_chair(user: User, table: Table | int) -> None:
    if not is_chair_of(user, table if isinstance(table, int) else table.pk):
        raise PermissionDenied


def _event(
    submission: Submission, kind: str, by: User, reason: str = "", meeting: Meeting | None = None
) -> SubmissionEvent:
    event = SubmissionEvent.objects.create(
        submission=submission, kind=kind, by=by, reason=reason.strip(), meeting=meeting
    )
    access_event_record(
        user=by,
        action=AccessEvent.Action.UPDATE,
        case=submission.case,
        object_ref=f"submission:{submission.pk}",
        reason=reason.strip(),
    )
    return event


def children_from_12(case: Case, on: dt.date) -> list[Person]:
    """The case's children who are 12 or older on that day: they are invited to the table too."""
    return [
        child for child in case.children.order_by("birth_date") if child.age_on(on) >= CHILD_INVITED_FROM_AGE
    ]


def _check_plan(case: Case, plan) -> None:
    if plan is not None and (plan.case_id != case.pk or plan.state == plan.State.DRAFT):
        raise ValidationError({"safety_plan": _("Attach an agreed safety plan of this family.")})


# --- Submissions ---


@transaction.atomic
def submission_save_draft(
    *,
    case: Case,
    by: User,
    form_token: uuid.UUID,
    fields: dict,
    submission: Submission | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Create or change a draft (or a returned submission). The same form posted twice saves once."""
    require(by, SUBMIT, case)
    case_services.case_ensure_open(case)
    if submission is None:
        submission = Submission.objects.filter(form_token=form_token).first()
        if submission is not None and submission.case_id != case.pk:
            raise PermissionDenied
    if submission is not None:
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if not submission.is_editable:
            return submission  # sent already: a repeated post changes nothing
        version_check(submission, expected_version)
    _check_plan(case, fields.get("safety_plan"))
    today = timezone.localdate()
    errors = {}
    for name in ("parents_informed_on", "children_informed_on"):
        if fields.get(name) and fields[name] > today:
            errors[name] = _("This date lies in the future: write down when it happened.")
    if fields.get("preferred_date") and fields["preferred_date"] < today:
        errors["preferred_date"] = _("Choose a date from today on.")
    if errors:
        raise ValidationError(errors)
    creating = submission is None
    if creating:
        submission = Submission(form_token=form_token, case=case, created_by=by)
    for name in SUBMISSION_FIELDS:
        if name in fields:
            setattr(submission, name, fields[name].strip() if isinstance(fields[name], str) else fields[name])
    if not creating:
        submission.version += 1
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise ValidationError(
            _(
                "This family already has a submission to the Beschermtafel that is not finished. "
                "Open that one from the case page."
            ),
            code="open_submission_exists",
        ) from None
    access_event_record(
        user=by,
        action=AccessEvent.Action.CREATE if creating else AccessEvent.Action.UPDATE,
        case=case,
        object_ref=f"submission:{submission.pk}",
    )
    return submission


def submission_missing(submission: Submission, on: dt.date | None = None) -> dict[str, str]:
    """What still has to be filled in before the submission can go to the table, by field."""
    missing = {}
    for name in REQUIRED_SECTIONS:
        if not getattr(submission, name).strip():
            missing[name] = _("Fill in this part before you submit.")
    if submission.parents_informed_on is None and not submission.parents_not_informed_reason.strip():
        missing["parents_informed_on"] = _(
            "Say when you told the parents about this submission, or why you did not."
        )
    on = on or submission.preferred_date or timezone.localdate()
    if (
        children_from_12(submission.case, on)
        and submission.children_informed_on is None
        and not submission.children_not_informed_reason.strip()
    ):
        missing["children_informed_on"] = _(
            "A child of 12 or older is invited too: say when you told them, or why you did not."
        )
    return missing


@transaction.atomic
def submission_submit(*, submission: Submission, by: User, expected_version: int) -> Submission:
    """Send a draft (or a returned submission, answered) to the table. Submitting twice submits once."""
    locked = Submission.objects.select_for_update().select_related("case", "table").get(pk=submission.pk)
    require(by, SUBMIT, locked.case)
    if locked.state in (Submission.State.SUBMITTED, Submission.State.SCHEDULED):
        return locked
    if not locked.is_editable:
        raise ValidationError(_("This submission can no longer be sent."), code="not_editable")
    version_check(locked, expected_version)
    missing = submission_missing(locked)
    if missing:
        raise ValidationError(missing)
    locked.state = Submission.State.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    locked.version += 1
    locked.save(update_fields=["state", "submitted_at", "submitted_by", "version"])
    _event(locked, SubmissionEvent.Kind.SUBMITTED, by)
    notify(
        users=list(locked.table.chairs.all()) + ([locked.table.secretary] if locked.table.secretary else []),
        text=_("New submission for %(table)s: case %(number)s (%(family)s).")
        % {"table": locked.table.name, "number": locked.case.number, "family": locked.case.family.name},
        link=reverse("tables:submission", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def submission_return(
    *, submission: Submission, by: User, question: str, expected_version: int
) -> Submission:
    """The chair sends a submission back to its submitter with a question."""
    locked = Submission.objects.select_for_update().select_related("case", "table").get(pk=submission.pk)
    _require_chair(by, locked.table_id)
    if not question.strip():
        raise ValidationError({"reason": _("Write down the question for the submitter.")})
    if locked.state != Submission.State.SUBMITTED:
        raise StaleEdit(
            _("Only a submission that is waiting for a date can be returned; take it off the agenda first.")
        )
    version_check(locked, expected_version)
    locked.state = Submission.State.RETURNED
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    _event(locked, SubmissionEvent.Kind.RETURNED, by, question)
    notify(
        users=[locked.submitted_by or locked.created_by],
        text=_("The Beschermtafel returned the submission of case %(number)s with a question: %(question)s")
        % {"number": locked.case.number, "question": question.strip()},
        link=reverse("tables:submission", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def submission_withdraw(*, submission: Submission, by: User, reason: str) -> Submission:
    """The submitter's side takes a submission back, with a reason; it is kept, never deleted."""
    locked = Submission.objects.select_for_update().select_related("case", "table").get(pk=submission.pk)
    require(by, SUBMIT, locked.case)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if locked.state in (Submission.State.DISCUSSED, Submission.State.WITHDRAWN):
        raise StaleEdit(_("This submission has been dealt with and can no longer be withdrawn."))
    item = locked.agenda_items.filter(outcome__isnull=True).select_related("meeting").first()
    if item is not None:
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        item.delete()
        _renumber(meeting)
        _touch(meeting)
    locked.state = Submission.State.WITHDRAWN
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    submission_members_sync(submission=locked)
    _event(locked, SubmissionEvent.Kind.WITHDRAWN, by, reason)
    if locked.submitted_at is not None:
        notify(
            users=locked.table.chairs.all(),
            text=_("The submission of case %(number)s was withdrawn: %(reason)s")
            % {"number": locked.case.number, "reason": reason.strip()},
            link=reverse("tables:submission", args=[locked.pk]),
        )
    return locked


# --- Meetings and their agenda ---


def _lock_meeting(meeting: Meeting, by: User, expected_version: int | None) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    _require_chair(by, locked.table_id)
    version_check(locked, expected_version)
    return locked


def _touch(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    meeting.version += 1


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.items.order_by("position", "pk"))
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


def _check_members(members: list[User]) -> None:
    wrong = [user for user in members if Role.TABLE_MEMBER not in user.roles]
    if wrong:
        raise ValidationError(
            {
                "members": _("%(name)s is not a member of a Beschermtafel.")
                % {"name": wrong[0].get_full_name()}
            }
        )


@transaction.atomic
def meeting_save(
    *,
    table: Table,
    by: User,
    date: dt.date,
    starts_at: dt.time,
    place: str,
    capacity_minutes: int,
    members: Iterable[User],
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Plan a meeting of the table, or change its date, place, time available or members."""
    members = list(members)
    _check_members(members)
    if not place.strip():
        raise ValidationError({"place": _("Say where the table meets.")})
    if meeting is None:
        _require_chair(by, table)
        meeting = Meeting.objects.create(
            table=table, date=date, starts_at=starts_at, place=place.strip(),
            capacity_minutes=capacity_minutes, created_by=by,
        )  # fmt: skip
    else:
        meeting = _lock_meeting(meeting, by, expected_version)
        meeting.date, meeting.starts_at, meeting.place = date, starts_at, place.strip()
        meeting.capacity_minutes = capacity_minutes
        meeting.version += 1
        meeting.save(update_fields=["date", "starts_at", "place", "capacity_minutes", "version"])
    meeting.members.set(members)
    if meeting.state == Meeting.State.PUBLISHED:
        _meeting_members_sync(meeting)
    return meeting


def _default_invitees(submission: Submission, on: dt.date) -> list[str]:
    invitees = [str(invitee) for invitee in DEFAULT_INVITEES]
    if children_from_12(submission.case, on):
        invitees.insert(1, str(Invitee.CHILD))
    if submission.case.assignments.filter(ends_at__isnull=True, role="vt_monitor").exists():
        invitees.append(str(Invitee.VEILIG_THUIS))
    if submission.case.assignments.filter(ends_at__isnull=True, role="gi_worker").exists():
        invitees.append(str(Invitee.GI))
    return invitees


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, submission: Submission, by: User, expected_version: int | None
) -> AgendaItem:
    """Put a waiting submission on the agenda, at the end, with the default length and invitees."""
    locked = _lock_meeting(meeting, by, expected_version)
    if locked.date < timezone.localdate():
        raise ValidationError(_("This meeting has taken place; put the submission on a later one."))
    waiting = Submission.objects.select_for_update().select_related("case").get(pk=submission.pk)
    if waiting.table_id != locked.table_id:
        raise ValidationError({"submission": _("This submission is for another table.")})
    if waiting.state != Submission.State.SUBMITTED:
        raise StaleEdit(_("This submission is no longer waiting for a date."))
    last = locked.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=locked,
        submission=waiting,
        position=last + 1,
        invitees=_default_invitees(waiting, locked.date),
    )
    waiting.state = Submission.State.SCHEDULED
    waiting.version += 1
    waiting.save(update_fields=["state", "version"])
    _event(waiting, SubmissionEvent.Kind.SCHEDULED, by, meeting=locked)
    _touch(locked)
    if locked.state == Meeting.State.PUBLISHED:
        submission_members_sync(submission=waiting)
    return item


def _lock_item(item: AgendaItem, by: User, expected_version: int | None) -> tuple[AgendaItem, Meeting]:
    meeting = _lock_meeting(item.meeting, by, expected_version)
    locked = AgendaItem.objects.select_related("submission__case").filter(pk=item.pk, meeting=meeting).first()
    if locked is None:
        raise StaleEdit
    return locked, meeting


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User, expected_version: int | None) -> Submission:
    """Take a submission off the agenda: it waits for a date again."""
    locked, meeting = _lock_item(item, by, expected_version)
    if Outcome.objects.filter(item=locked).exists():
        raise ValidationError(_("The table has discussed this family; the item stays on the agenda."))
    submission = Submission.objects.select_for_update().get(pk=locked.submission_id)
    locked.delete()
    _renumber(meeting)
    submission.state = Submission.State.SUBMITTED
    submission.version += 1
    submission.save(update_fields=["state", "version"])
    _event(submission, SubmissionEvent.Kind.UNSCHEDULED, by, meeting=meeting)
    _touch(meeting)
    submission_members_sync(submission=submission)
    return submission


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: User, offset: int, expected_version: int | None) -> None:
    """Move an item one place up (offset -1) or down (+1)."""
    locked, meeting = _lock_item(item, by, expected_version)
    _renumber(meeting)
    items = list(meeting.items.order_by("position"))
    index = next(index for index, other in enumerate(items) if other.pk == locked.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    _touch(meeting)


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, by: User, order: list[int], expected_version: int | None) -> None:
    """Put the items in this order (drag and drop sends the whole order at once)."""
    locked = _lock_meeting(meeting, by, expected_version)
    items = {item.pk: item for item in locked.items.all()}
    if sorted(order) != sorted(items):
        raise StaleEdit
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    _touch(locked)


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, by: User, duration_minutes: int, invitees: list[str], expected_version: int | None
) -> AgendaItem:
    """Change how long an item takes and who is invited to it."""
    locked, meeting = _lock_item(item, by, expected_version)
    if not MIN_ITEM_MINUTES <= duration_minutes <= MAX_ITEM_MINUTES:
        raise ValidationError(
            {
                "duration_minutes": _("An item takes between %(low)s and %(high)s minutes.")
                % {"low": MIN_ITEM_MINUTES, "high": MAX_ITEM_MINUTES}
            }
        )
    unknown = set(invitees) - set(Invitee.values)
    if unknown:
        raise ValidationError({"invitees": _("Choose who is invited from the list.")})
    locked.duration_minutes = duration_minutes
    locked.invitees = [value for value in Invitee.values if value in invitees]
    locked.save(update_fields=["duration_minutes", "invitees"])
    _touch(meeting)
    return locked


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by: User, expected_version: int | None) -> Meeting:
    """Publish the agenda: its members may now read its submissions (rows on the submissions only)."""
    locked = _lock_meeting(meeting, by, expected_version)
    if not locked.items.exists():
        raise ValidationError(_("Put at least one family on the agenda before publishing it."))
    first_time = locked.state != Meeting.State.PUBLISHED
    locked.state = Meeting.State.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = by
    locked.version += 1
    locked.save(update_fields=["state", "published_at", "published_by", "version"])
    _meeting_members_sync(locked)
    if first_time:
        when = locked.date.strftime("%d-%m-%Y")
        notify(
            users=locked.members.all(),
            text=_("The agenda of %(table)s on %(date)s has been published.")
            % {"table": locked.table.name, "date": when},
            link=reverse("tables:meeting", args=[locked.pk]),
        )
        for item in locked.items.select_related("submission__case", "submission__submitted_by"):
            submitter = item.submission.submitted_by or item.submission.created_by
            notify(
                users=[submitter],
                text=_("Case %(number)s is on the agenda of %(table)s on %(date)s.")
                % {"number": item.submission.case.number, "table": locked.table.name, "date": when},
                link=reverse("tables:submission", args=[item.submission_id]),
            )
    return locked


def submission_members_sync(*, submission: Submission, today: dt.date | None = None) -> None:
    """Give the members of the submission's open, published meetings read rows on it, and nobody else."""
    wanted = members_wanted(submission, today)
    object_members_set(obj=submission, codename=VIEW_SUBMISSION, users=User.objects.filter(pk__in=wanted))


def _meeting_members_sync(meeting: Meeting) -> None:
    for submission in Submission.objects.filter(agenda_items__meeting=meeting):
        submission_members_sync(submission=submission)


@transaction.atomic
def table_access_expire(*, today: dt.date | None = None) -> int:
    """Remove the read rows of members whose meetings are over; returns how many submissions changed."""
    held = SubmissionUserObjectPermission.objects.values("content_object_id").distinct()
    changed = 0
    for submission in Submission.objects.filter(pk__in=held):
        before = SubmissionUserObjectPermission.objects.filter(content_object=submission).count()
        submission_members_sync(submission=submission, today=today)
        changed += SubmissionUserObjectPermission.objects.filter(content_object=submission).count() != before
    return changed


# --- The agenda pack ---


def _pack_enqueue(pack: AgendaPack) -> None:
    """Send the build after commit; with the broker away the pack is marked, and the pick-up builds it."""
    from tables.tasks import agenda_pack_build

    def send():
        try:
            agenda_pack_build.apply_async(args=[pack.pk], retry=False)
        except (OperationalError, OSError) as error:
            logger.warning(
                "Broker unavailable, agenda pack %s left for the periodic pick-up: %s", pack.pk, error
            )
            AgendaPack.objects.filter(pk=pack.pk, state=AgendaPack.State.REQUESTED).update(
                queue_failed_at=timezone.now()
            )

    transaction.on_commit(send)


def _pack_stalled(pack: AgendaPack, now: dt.datetime) -> bool:
    """A build that has run longer than any task may: its worker died, another may take over."""
    limit = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return (
        pack.state == AgendaPack.State.BUILDING
        and pack.started_at is not None
        and pack.started_at < now - limit
    )


@transaction.atomic
def pack_request(*, meeting: Meeting, by: User) -> AgendaPack:
    """Ask for the meeting's agenda pack. While one is being made, asking again changes nothing."""
    _require_chair(by, meeting.table_id)
    count = meeting.items.count()
    if not count:
        raise ValidationError(_("The agenda is empty: there is no pack to make."))
    AgendaPack.objects.get_or_create(
        meeting=meeting, defaults={"requested_by": by, "state": AgendaPack.State.READY}
    )
    pack = AgendaPack.objects.select_for_update().get(meeting=meeting)
    now = timezone.now()
    under_way = pack.state in (AgendaPack.State.REQUESTED, AgendaPack.State.BUILDING) and not _pack_stalled(
        pack, now
    )
    if under_way:
        if pack.state == AgendaPack.State.REQUESTED and pack.queue_failed_at is not None:
            pack.queue_failed_at = None
            pack.save(update_fields=["queue_failed_at"])
            _pack_enqueue(pack)  # the broker may be back: try again, the build itself is single-flight
        return pack
    pack.state = AgendaPack.State.REQUESTED
    pack.requested_at, pack.requested_by, pack.queue_failed_at = now, by, None
    pack.items_done, pack.items_total, pack.error = 0, count, ""
    pack.save()
    _pack_enqueue(pack)
    return pack


def pack_build(*, pack_id: int) -> bool:
    """Build a requested pack; False when there is nothing to do (built already, or another build holds it).

    Single-flight: the claim is taken under a row lock, and every later write names the claim, so two
    deliveries of the task, or the task and the periodic pick-up, never build one pack twice at once.
    """
    from tables.pdf import pack_pdf  # WeasyPrint is heavy: only the worker loads it

    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        pack = AgendaPack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or (pack.state != AgendaPack.State.REQUESTED and not _pack_stalled(pack, now)):
            return False
        meeting = Meeting.objects.select_related("table").get(pk=pack.meeting_id)
        items = list(
            meeting.items.select_related(
                "submission__case__family", "submission__case__team", "submission__safety_plan"
            )
            .order_by("position", "pk")
        )  # fmt: skip
        pack.state, pack.build_token, pack.started_at = AgendaPack.State.BUILDING, token, now
        pack.items_done, pack.items_total, pack.meeting_version = 0, len(items), meeting.version
        pack.case_ids = [item.submission.case_id for item in items]
        pack.save()
    mine = AgendaPack.objects.filter(pk=pack_id, build_token=token)
    try:
        pdf, pages = pack_pdf(meeting, items, progress=lambda done: mine.update(items_done=done))
    except Exception as error:
        logger.exception("Agenda pack %s failed", pack_id)
        mine.update(state=AgendaPack.State.FAILED, error=str(error)[:1000], finished_at=timezone.now())
        return False
    return bool(
        mine.update(
            state=AgendaPack.State.READY,
            pdf=pdf,
            pages=pages,
            items_done=len(items),
            finished_at=timezone.now(),
        )
    )


def packs_pick_up(*, now: dt.datetime | None = None) -> int:
    """Build the packs left waiting (the broker or the worker was away when they were asked for)."""
    now = now or timezone.now()
    waiting = AgendaPack.objects.filter(
        state__in=[AgendaPack.State.REQUESTED, AgendaPack.State.BUILDING],
        requested_at__lt=now - PACK_PICK_UP_AFTER,
    ).order_by("requested_at")
    return sum(pack_build(pack_id=pk) for pk in waiting.values_list("pk", flat=True))


# --- Outcomes ---


@transaction.atomic
def outcome_record(
    *,
    item: AgendaItem,
    by: User,
    kind: str,
    decision: str,
    minutes: str = "",
    agreements: list[dict] = (),
    report_back_on: dt.date | None = None,
    investigator: User | None = None,
    parents_informed: bool = False,
    parents_informed_note: str = "",
) -> Outcome:
    """Record what the table decided for one family; the case moves with it and access follows at once."""
    locked = (
        AgendaItem.objects.select_for_update()
        .select_related("meeting__table", "submission__case__family")
        .get(pk=item.pk)
    )
    meeting, submission = locked.meeting, locked.submission
    _require_chair(by, meeting.table_id)
    kind = Outcome.Kind(kind)
    if Outcome.objects.filter(item=locked).exists():
        raise StaleEdit(_("The outcome of this item has been recorded already."))
    errors = {}
    if meeting.date > timezone.localdate():
        errors["kind"] = _("An outcome is recorded in or after the meeting, not before it.")
    if not decision.strip():
        errors["decision"] = _("Write down what the table decided or advises.")
    agreements = [
        agreement for agreement in agreements if any(str(value).strip() for value in agreement.values())
    ]
    if kind == Outcome.Kind.PRESSURE:
        if not agreements:
            errors["agreements"] = _("Write down the agreements: who does what, by when.")
        if report_back_on is None or report_back_on <= meeting.date:
            errors["report_back_on"] = _("Choose the date of the report back, after the meeting.")
    if kind == Outcome.Kind.BOARD_INVESTIGATION and (
        investigator is None or Role.BOARD_INVESTIGATOR not in investigator.roles
    ):
        errors["investigator"] = _("Name the investigator of the Raad voor de Kinderbescherming.")
    if not parents_informed and not parents_informed_note.strip():
        errors["parents_informed_note"] = _("Say how the parents hear the outcome, or why they do not.")
    if errors:
        raise ValidationError(errors)
    outcome = Outcome.objects.create(
        item=locked,
        case=submission.case,
        kind=kind,
        decision=decision.strip(),
        report_back_on=report_back_on if kind == Outcome.Kind.PRESSURE else None,
        investigator=investigator if kind == Outcome.Kind.BOARD_INVESTIGATION else None,
        parents_informed=parents_informed,
        parents_informed_note=parents_informed_note.strip(),
        recorded_by=by,
    )
    if kind == Outcome.Kind.PRESSURE:
        OutcomeAgreement.objects.bulk_create(
            OutcomeAgreement(
                outcome=outcome, position=position, who=row["who"].strip(), what=row["what"].strip(),
                when=row["when"].strip(),
            )
            for position, row in enumerate(agreements)
        )  # fmt: skip
    locked.minutes = minutes.strip()
    locked.save(update_fields=["minutes"])
    Submission.objects.filter(pk=submission.pk).update(
        state=Submission.State.DISCUSSED, version=F("version") + 1
    )
    _event(submission, SubmissionEvent.Kind.DISCUSSED, by, meeting=meeting)
    reason = _("Outcome of %(table)s on %(date)s: %(outcome)s.") % {
        "table": meeting.table.name,
        "date": meeting.date.strftime("%d-%m-%Y"),
        "outcome": kind.label,
    }
    outcome.phase_change = case_services.case_table_outcome_apply(
        case=submission.case, to=OUTCOME_PHASE[kind], by=by, reason=reason, investigator=investigator
    )
    outcome.save(update_fields=["phase_change"])
    access_event_record(
        user=by,
        action=AccessEvent.Action.CREATE,
        case=submission.case,
        object_ref=f"table_outcome:{outcome.pk}",
    )
    # The chain hears of it in this transaction (the api app's outbox): recorded and queued, or neither.
    hooks.emit("table_outcome_recorded", outcome=outcome)
    told = list(case_directors(submission.case)) + ([investigator] if outcome.investigator_id else [])
    notify(
        users=told,
        text=_("%(table)s decided about case %(number)s: %(outcome)s.")
        % {"table": meeting.table.name, "number": submission.case.number, "outcome": kind.label},
        link=reverse("tables:outcome", args=[outcome.pk]),
    )
    return outcome


@transaction.atomic
def outcome_report_back(*, outcome: Outcome, by: User, on: dt.date, note: str) -> Outcome:
    """Drang: record that the result of the agreements was reported back to the table."""
    locked = Outcome.objects.select_for_update().select_related("item__meeting").get(pk=outcome.pk)
    _require_chair(by, locked.item.meeting.table_id)
    errors = {}
    if locked.kind != Outcome.Kind.PRESSURE:
        errors["on"] = _("Only agreements under pressure are reported back.")
    elif on > timezone.localdate() or on < locked.item.meeting.date:
        errors["on"] = _("Choose a date between the meeting and today.")
    if not note.strip():
        errors["note"] = _("Write down what was reported back.")
    if errors:
        raise ValidationError(errors)
    locked.reported_back_on, locked.report_back_note = on, note.strip()
    locked.save(update_fields=["reported_back_on", "report_back_note"])
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=locked.case, object_ref=f"table_outcome:{locked.pk}"
    )
    return locked


@transaction.atomic
def outcome_board_decision(
    *, outcome: Outcome, by: User, decision: str, decided_on: dt.date, note: str
) -> Outcome:
    """The Raad's decision whether to start an investigation, recorded by its investigator or the chair."""
    locked = Outcome.objects.select_for_update().select_related("item__meeting", "case").get(pk=outcome.pk)
    if by.pk != locked.investigator_id and not is_chair_of(by, locked.item.meeting.table_id):
        raise PermissionDenied
    errors = {}
    if locked.kind != Outcome.Kind.BOARD_INVESTIGATION:
        errors["decision"] = _("Only an outcome that asks the Raad to investigate has a Raad decision.")
    elif decision not in Outcome.BoardDecision.values:
        errors["decision"] = _("Choose the decision of the Raad.")
    if decided_on > timezone.localdate() or decided_on < locked.item.meeting.date:
        errors["decided_on"] = _("Choose a date between the meeting and today.")
    if errors:
        raise ValidationError(errors)
    locked.board_decision, locked.board_decided_on = decision, decided_on
    locked.board_decision_note, locked.board_decision_by = note.strip(), by
    locked.save(
        update_fields=["board_decision", "board_decided_on", "board_decision_note", "board_decision_by"]
    )
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=locked.case, object_ref=f"table_outcome:{locked.pk}"
    )
    notify(
        users=case_directors(locked.case),
        text=_("The Raad voor de Kinderbescherming decided about case %(number)s: %(decision)s.")
        % {"number": locked.case.number, "decision": Outcome.BoardDecision(decision).label},
        link=reverse("tables:outcome", args=[locked.pk]),
    )
    return locked


def report_back_default(meeting_date: dt.date) -> dt.date:
    return months_before(meeting_date, -REPORT_BACK_MONTHS)
