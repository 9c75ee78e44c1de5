"""Building Beschermtafel states through the services, for the tables tests."""

import datetime as dt
import uuid

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from cases.models import Case
from tables import services
from tables.models import AgendaItem, Meeting, Submission, Table
from tests import factories

REQUEST = {
    "question": "Is vrijwillige hulp nog genoeg?",
    "reason": "Opnieuw politie-inzet na ruzie",
    "worries": "De kinderen zien de ruzies",
    "strengths": "Oma is er elke dag",
    "earlier_help": "Opvoedondersteuning",
    "asked": "Advies over drang",
}


def chair(username: str = "peter") -> User:
    return factories.user(
        username,
        role=Role.TABLE_CHAIR,
        organisation=factories.organisation("Secretariaat Beschermtafel", "table_secretariat"),
    )


def member(username: str = "fatma") -> User:
    return factories.user(
        username,
        role=Role.TABLE_MEMBER,
        organisation=factories.organisation("Gemeente Zaanstad", "municipality"),
    )


def table(chair_user: User, **fields) -> Table:
    created = Table.objects.create(
        name=fields.pop("name", "Beschermtafel Zaanstad"), phone="075-1234567", **fields
    )
    created.chairs.set([chair_user])
    created.municipalities.set([factories.municipality()])
    return created


def submitted(case: Case, by: User, on_table: Table, *, plan=None, **overrides) -> Submission:
    today = timezone.localdate()
    fields = {
        "table": on_table, **REQUEST, "safety_plan": plan, "parents_informed_on": today, "parents_invited": True,
        "children_informed_on": today, "children_invited": True, **overrides,
    }  # fmt: skip
    draft = services.submission_save_draft(case=case, by=by, form_token=uuid.uuid4(), fields=fields)
    return services.submission_submit(submission=draft, by=by, expected_version=draft.version)


def meeting(
    on_table: Table,
    by: User,
    submissions: list[Submission],
    *,
    members: list[User] = (),
    publish: bool = True,
    date: dt.date | None = None,
    capacity: int = 240,
) -> Meeting:
    planned = services.meeting_save(
        table=on_table, by=by, date=date or timezone.localdate(), starts_at=dt.time(13, 0), place="Stadhuis",
        capacity_minutes=capacity, members=members,
    )  # fmt: skip
    for submission in submissions:
        services.agenda_item_add(meeting=planned, submission=submission, by=by, expected_version=None)
    if publish:
        services.meeting_publish(meeting=planned, by=by, expected_version=None)
    planned.refresh_from_db()
    return planned


def item_of(submission: Submission) -> AgendaItem:
    return AgendaItem.objects.get(submission=submission)
