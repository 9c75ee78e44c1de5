"""Reads of the Beschermtafel, with who may see them: 404 for anyone who may not."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from cases.access import VIEW, cases_visible_to, has_case_perm
from cases.models import Case
from core.dates import working_days_between
from tables.access import chaired_tables, is_chair_of, meetings_visible_to, member_submission_ids
from tables.models import AgendaItem, Invitee, Meeting, Outcome, Submission, Table

SUBMISSION_RELATED = ("case__family", "case__team", "table", "safety_plan", "submitted_by", "created_by")


def submission_for(user: User, pk: int) -> Submission:
    """The submission, or 404: for the table's chair (once sent), members (in time), whoever sees the case."""
    submission = Submission.objects.select_related(*SUBMISSION_RELATED).filter(pk=pk).first()
    if submission is None or not user.is_authenticated:
        raise Http404
    if submission.state != Submission.State.DRAFT and is_chair_of(user, submission.table_id):
        return submission
    if has_case_perm(user, VIEW, submission.case):
        return submission
    if member_submission_ids(user).filter(pk=pk).exists():
        return submission
    raise Http404


def meeting_for(user: User, pk: int) -> Meeting:
    """A meeting for its chair, or for its members while they may read its submissions; 404 otherwise."""
    meeting = meetings_visible_to(user).select_related("table").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_for_chair(user: User, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("table").filter(pk=pk, table__in=chaired_tables(user)).first()
    if meeting is None:
        raise Http404
    return meeting


def item_for_chair(user: User, pk: int) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("meeting__table", "submission__case__family", "submission__table")
        .filter(pk=pk, meeting__table__in=chaired_tables(user))
        .first()
    )
    if item is None:
        raise Http404
    return item


def item_for_letters(user: User, pk: int) -> AgendaItem:
    """An agenda item for whoever writes to the family: the table's chair, or someone who may see the case."""
    item = (
        AgendaItem.objects.select_related(
            "meeting__table", "submission__case__family", "submission__case__team"
        )
        .filter(pk=pk)
        .first()
    )
    if item is None or not user.is_authenticated:
        raise Http404
    if not (is_chair_of(user, item.meeting.table_id) or has_case_perm(user, VIEW, item.submission.case)):
        raise Http404
    return item


def _outcome_visible(user: User, outcome: Outcome) -> bool:
    return (
        is_chair_of(user, outcome.item.meeting.table_id)
        or has_case_perm(user, VIEW, outcome.case)
        or member_submission_ids(user).filter(pk=outcome.item.submission_id).exists()
    )


def outcome_for(user: User, pk: int) -> Outcome:
    """An outcome: for the chair, whoever sees the case, the meeting's members."""
    found = (
        Outcome.objects.select_related(
            "item__meeting__table", "item__submission__table", "case__family", "case__team", "investigator",
            "recorded_by",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip
    if found is None or not user.is_authenticated or not _outcome_visible(user, found):
        raise Http404
    return found


def open_submission_of(case: Case) -> Submission | None:
    return case.table_submissions.exclude(
        state__in=[Submission.State.DISCUSSED, Submission.State.WITHDRAWN]
    ).first()


def default_table_for(case: Case) -> Table | None:
    """The table serving the municipality the family lives in, else the one serving the case's team."""
    address = case.family.addresses.filter(valid_to__isnull=True).first()
    if address is not None:
        table = Table.objects.filter(municipalities=address.municipality_id).first()
        if table is not None:
            return table
    return Table.objects.filter(municipalities__teams=case.team_id).first()


def chair_inbox(user: User, today: dt.date | None = None) -> list[Submission]:
    """Submissions waiting for a date at the user's tables, oldest first, with their age in working days."""
    today = today or timezone.localdate()
    waiting = list(
        Submission.objects.filter(table__in=chaired_tables(user), state=Submission.State.SUBMITTED)
        .select_related("case__family", "case__team", "table", "submitted_by")
        .order_by("submitted_at")
    )
    for submission in waiting:
        submission.age = working_days_between(timezone.localdate(submission.submitted_at), today)
        submission.overdue = submission.age > submission.table.norm_working_days
    return waiting


def returned_to_submitters(user: User) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(table__in=chaired_tables(user), state=Submission.State.RETURNED)
        .select_related("case__family", "table")
        .order_by("-submitted_at")
    )


def meetings_of_chair(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.filter(table__in=chaired_tables(user)).select_related("table")


def meetings_of_member(user: User) -> QuerySet[Meeting]:
    return meetings_visible_to(user).filter(members=user).select_related("table").order_by("date")


@dataclass
class AgendaRow:
    item: AgendaItem
    starts_at: dt.time
    ends_at: dt.time

    @property
    def invitee_labels(self) -> list[str]:
        return [str(Invitee(value).label) for value in self.item.invitees if value in Invitee.values]


@dataclass
class Agenda:
    rows: list[AgendaRow]
    total_minutes: int
    capacity_minutes: int

    @property
    def over_capacity(self) -> bool:
        return self.total_minutes > self.capacity_minutes

    @property
    def ends_at(self) -> dt.time | None:
        return self.rows[-1].ends_at if self.rows else None


def agenda(meeting: Meeting, items: list[AgendaItem] | None = None) -> Agenda:
    """The meeting's items in order, each with its start and end time computed from the lengths before it."""
    if items is None:
        items = list(
            meeting.items.select_related(
                "submission__case__family", "submission__submitted_by", "outcome"
            ).order_by("position", "pk")
        )
    start = dt.datetime.combine(meeting.date, meeting.starts_at)
    rows = []
    for item in items:
        end = start + dt.timedelta(minutes=item.duration_minutes)
        rows.append(AgendaRow(item=item, starts_at=start.time(), ends_at=end.time()))
        start = end
    total = sum(item.duration_minutes for item in items)
    return Agenda(rows=rows, total_minutes=total, capacity_minutes=meeting.capacity_minutes)


def item_start(item: AgendaItem) -> dt.time:
    """When this item starts: the meeting's start plus the items before it."""
    before = AgendaItem.objects.filter(meeting_id=item.meeting_id).filter(
        Q(position__lt=item.position) | Q(position=item.position, pk__lt=item.pk)
    )
    minutes = sum(before.values_list("duration_minutes", flat=True))
    return (
        dt.datetime.combine(item.meeting.date, item.meeting.starts_at) + dt.timedelta(minutes=minutes)
    ).time()


def member_candidates(table: Table) -> QuerySet[User]:
    """Who can sit in a meeting: table members, of the table's standing organisations when it names them."""
    users = User.objects.filter(groups__name=Role.TABLE_MEMBER.value, is_active=True)
    if table.member_organisations.exists():
        users = users.filter(organisation__in=table.member_organisations.all())
    return users.select_related("organisation").order_by("first_name", "last_name")


def board_investigators() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.BOARD_INVESTIGATOR.value, is_active=True).order_by(
        "first_name", "last_name"
    )


def submissions_of_cases_for(user: User) -> QuerySet[Submission]:
    """The submissions of the cases the user works on, newest first (for the youth worker's list)."""
    return (
        Submission.objects.filter(case__in=cases_visible_to(user, VIEW))
        .select_related("case__family", "table")
        .order_by("-created_at")
    )
