"""Reads of case data that need visibility rules or careful queries."""

import datetime as dt
import re

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import ASSIGNMENT_ENDS, POLICY, TEAM_LEAD, assignment_end_passed
from cases.models import (
    Address,
    Case,
    CaseAssignment,
    CaseChild,
    CaseRole,
    Membership,
    Person,
    Phase,
)
from cases.workflow import RESPONSIBLE_ROLES, directing_user_id
from core.prepared import Prepared
from core.validators import normalise_name


def person_duplicates(
    *, bsn: str | None, given_name: str, surname: str, birth_date: dt.date | None
) -> list[Person]:
    """People already in Zicht who are probably the same: same BSN, or same names and date of birth."""
    match = Q(pk__in=[])
    if bsn:
        match |= Q(bsn=bsn)
    if birth_date and given_name and surname:
        match |= (
            Q(birth_date=birth_date)
            & Q(search_name__contains=normalise_name(given_name))
            & Q(search_name__contains=normalise_name(surname))
        )
    return list(Person.objects.filter(match).order_by("surname", "given_name")[:10])


# The case's assignments in force today: not ended, not past a registered end (the roles of every phase).
_CURRENT_ASSIGNMENTS = Prepared(
    lambda case, today: (
        CaseAssignment.objects.filter(case_id=case, ends_at__isnull=True)
        .exclude(assignment_end_passed(today))
        .select_related("user__organisation")
        .order_by("role", "user__first_name")
    ),
    depends_on=lambda: tuple(ASSIGNMENT_ENDS),
    case=int,
    today=dt.date,
)
_CHILD_LINKS = Prepared(
    lambda case: CaseChild.objects.filter(case_id=case).select_related("child").order_by("child__birth_date"),
    case=int,
)
_HOUSEHOLD = Prepared(
    lambda family: (
        Membership.objects.filter(family_id=family)
        .select_related("person")
        .order_by("person__birth_date", "pk")
    ),
    family=int,
)
_ADDRESSES = Prepared(
    lambda family: (
        Address.objects.filter(family_id=family)
        .select_related("municipality", "recorded_by")
        .order_by(F("valid_to").desc(nulls_first=True), "-valid_from")
    ),
    family=int,
)


def case_team(case: Case) -> dict:
    """Who has a role on the case now (director, co-workers, others): roles the policy grants something in
    this phase (the Raad investigator only during INVESTIGATION), not past their registered end. One query."""
    roles = {role for role, granted in POLICY[Phase(case.phase)].items() if granted and role != TEAM_LEAD}
    current = _CURRENT_ASSIGNMENTS.list(case=case.pk, today=timezone.localdate())
    assignments = [assignment for assignment in current if assignment.role in roles]
    director_id = directing_user_id(case, assignments)
    return {
        "director": next((a.user for a in assignments if a.user_id == director_id), None),
        "co_workers": [a.user for a in assignments if a.role == CaseRole.CO_WORKER],
        # Under a measure the local director stays beside the family, no longer directing.
        "others": [
            {
                "label": _("Youth professional (stays with the family)")
                if a.role == CaseRole.DIRECTOR
                else a.get_role_display(),
                "user": a.user,
                "role": a.role,
            }
            for a in assignments
            if a.user_id != director_id and a.role != CaseRole.CO_WORKER
        ],
    }


def case_header(case: Case) -> dict:
    """For the case header: who works on it now, the household with the children's last-seen times, the
    addresses (the current one first). A fixed number of queries, however big the family or its past, each
    compiled once per process (core.prepared)."""
    links = {link.child_id: link for link in _CHILD_LINKS.list(case=case.pk)}
    household = _HOUSEHOLD.list(family=case.family_id)
    for member in household:
        member.family = case.family
        member.case_link = links.get(member.person_id)  # None for adults and children not on this case
    addresses = _ADDRESSES.list(family=case.family_id)
    # Only a case under a measure has measures in force: other cases spend no query on them.
    measures = list(case.measures.filter(ended_on__isnull=True)) if case.phase == Phase.MANDATED else []
    return {
        **case_team(case),
        "active_measures": measures,
        "children": [link.child for link in links.values()],  # the case's children, oldest first
        "household": household,
        "addresses": addresses,
        "address": addresses[0] if addresses and addresses[0].valid_to is None else None,
    }


def case_for_bsn(bsn: str) -> Case | None:
    """The file of the person with this BSN: their open case if there is one, else the latest closed one."""
    cases = Case.objects.filter(family__memberships__person__bsn=bsn).select_related("team")
    return (
        cases.exclude(phase=Phase.CLOSED).order_by("-opened_on").first()
        or cases.order_by("-closed_on").first()
    )


# A case number in a message ("Z-2026-00042"), and a link to a case's pages ("/casussen/42/...").
_CASE_NUMBER_IN_TEXT = re.compile(r"\bZ-\d{4}-\d+\b")
_CASE_LINK = re.compile(r"^/casussen/(\d{1,18})/")


def case_numbers_shown(notifications) -> list[str]:
    """The cases a list of notifications shows: numbers in their text, and the cases they link to."""
    numbers = {
        number for notification in notifications for number in _CASE_NUMBER_IN_TEXT.findall(notification.text)
    }
    linked = {
        int(match[1])
        for notification in notifications
        if (match := _CASE_LINK.match(notification.link or ""))
    }
    if linked:
        numbers |= set(Case.objects.filter(pk__in=linked).values_list("number", flat=True))
    return sorted(numbers)


def case_directors(case: Case) -> QuerySet[User]:
    """The case's local director and GI worker: the people told at once about news on the case."""
    return User.objects.filter(
        case_assignments__case=case,
        case_assignments__ends_at__isnull=True,
        case_assignments__role__in=RESPONSIBLE_ROLES,
    )
