"""Who may read what of the Beschermtafel.

The chair(s) and secretary of a table see every submission sent to it, never the case file. A table
member reads the submissions of the meetings they sit in: publishing the agenda writes permission rows
on each Submission (SubmissionUserObjectPermission), never on the case, and those rows are only honoured
until TABLE_MEMBER_ACCESS_DAYS_AFTER_MEETING days after the meeting — checked at read time as well, so
access ends on time whatever the nightly job does. Whoever may see the case sees its submissions.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from cases.access import VIEW, cases_visible_to
from tables.models import AgendaItem, Meeting, Submission, SubmissionUserObjectPermission, Table

VIEW_SUBMISSION = "view_submission"


def object_members_set(*, obj, codename: str, users: Iterable[User]) -> None:
    """Give exactly these users one permission on one object, and nobody else.

    For Beschermtafel members: rows on the table submission, never on the case. Stored in the model's
    direct foreign-key table when it has one (Submission does), else in django-guardian's generic tables.
    """
    from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

    label = f"{obj._meta.app_label}.{codename}"
    wanted = {user.pk: user for user in users}
    current = {
        user.pk: user
        for user in get_users_with_perms(obj, only_with_perms_in=[codename], with_group_users=False)
    }
    for pk, user in current.items():
        if pk not in wanted:
            remove_perm(label, user, obj)
    for pk, user in wanted.items():
        if pk not in current:
            assign_perm(label, user, obj)


def member_access_days() -> int:
    return settings.TABLE_MEMBER_ACCESS_DAYS_AFTER_MEETING


def member_access_until(meeting: Meeting) -> dt.date:
    """The last day the meeting's members may read its submissions."""
    return meeting.date + dt.timedelta(days=member_access_days())


def open_meetings(today: dt.date | None = None) -> QuerySet[Meeting]:
    """Published meetings whose members may still read their submissions."""
    today = today or timezone.localdate()
    return Meeting.objects.filter(
        state=Meeting.State.PUBLISHED, date__gte=today - dt.timedelta(days=member_access_days())
    )


def members_wanted(submission: Submission, today: dt.date | None = None) -> set[int]:
    """The users who should hold read rows on the submission now: members of its open meetings."""
    meetings = open_meetings(today).filter(items__submission=submission)
    return set(Meeting.members.through.objects.filter(meeting__in=meetings).values_list("user_id", flat=True))


def chaired_tables(user: User) -> QuerySet[Table]:
    """The tables the user chairs or is secretary of."""
    if not user.is_authenticated:
        return Table.objects.none()
    return Table.objects.filter(Q(chairs=user) | Q(secretary=user)).distinct()


def is_chair_of(user: User, table_id: int) -> bool:
    return chaired_tables(user).filter(pk=table_id).exists()


def member_submission_ids(user: User, today: dt.date | None = None) -> QuerySet:
    """Ids of the submissions the user reads as a table member: a stored row and an open meeting."""
    rows = SubmissionUserObjectPermission.objects.filter(
        user=user, permission__codename=VIEW_SUBMISSION
    ).values("content_object_id")
    in_open_meeting = AgendaItem.objects.filter(
        submission=OuterRef("pk"), meeting__in=open_meetings(today).filter(members=user)
    )
    return Submission.objects.filter(Q(pk__in=rows), Exists(in_open_meeting)).values("pk")


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """Every submission the user may read: as chair (not drafts), as member (rows, in time), via the case."""
    if not user.is_authenticated:
        return Submission.objects.none()
    as_chair = Q(table__in=chaired_tables(user)) & ~Q(state=Submission.State.DRAFT)
    as_member = Q(pk__in=member_submission_ids(user))
    via_case = Q(case__in=cases_visible_to(user, VIEW))
    return Submission.objects.filter(as_chair | as_member | via_case)


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings the user may open: those of tables they chair, and open meetings they sit in."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        Q(table__in=chaired_tables(user)) | Q(pk__in=open_meetings().filter(members=user))
    )
