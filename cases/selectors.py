"""Reads of case data that need visibility rules or careful queries."""

import datetime as dt
import re

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases import hooks
from cases.access import POLICY, TEAM_LEAD, assignment_end_passed
from cases.models import (
    Case,
    CaseAssignment,
    CaseChild,
    CaseRole,
    Person,
    Phase,
)
from cases.workflow import RESPONSIBLE_ROLES, directing_role_expression, directing_user_id
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


# The assignment of whoever directs the case now: the local director, or the GI worker under a measure.
_ACTIVE_DIRECTOR = CaseAssignment.objects.filter(
    case=OuterRef("pk"), role=OuterRef("directing_role"), ends_at__isnull=True
)

# Sort keys of the caseload lists: the columns to order by. Never-contacted and never-seen come first.
SORTS = {
    "number": ["number"],
    "family": ["family__name", "number"],
    "phase": ["phase", "number"],
    "director": ["director_name", "number"],
    "last_contact": ["last_contact_at", "number"],
    "last_seen": ["least_recently_seen", "number"],
}


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    column = hooks.COLUMNS.get(key)
    fields = [*column.sort, "number"] if column else SORTS.get(key, SORTS["number"])
    if descending:
        return [F(field).desc(nulls_last=True) for field in fields]
    return [F(field).asc(nulls_first=True) for field in fields]


def case_list(
    *,
    cases: QuerySet[Case],
    phase: str | None = None,
    director: User | None = None,
    sort: str = "number",
    include_closed: bool = False,
) -> QuerySet[Case]:
    """A caseload with family, director, children and last-seen times, filtered and sorted.

    Without a phase filter, closed cases are left out unless include_closed. ``sort`` is a key of SORTS,
    "-" first to reverse.
    """
    if phase:
        cases = cases.filter(phase=phase)
    elif not include_closed:
        cases = cases.exclude(phase=Phase.CLOSED)
    cases = cases.annotate(directing_role=directing_role_expression())
    if director is not None:
        cases = cases.filter(Exists(_ACTIVE_DIRECTOR.filter(user=director)))
    queryset = (
        # The family is read for the page's rows only (prefetched), not joined to every case the count needs.
        cases.annotate(
            director_name=Subquery(
                _ACTIVE_DIRECTOR.annotate(
                    name=Concat("user__first_name", Value(" "), "user__last_name")
                ).values("name")[:1]
            ),
            # A subquery, not an aggregate: the database works it out for the rows of one page only.
            least_recently_seen=Subquery(
                CaseChild.objects.filter(case=OuterRef("pk"))
                .order_by(F("last_seen_at").asc(nulls_first=True))
                .values("last_seen_at")[:1]
            ),
            **hooks.column_annotations(),  # the columns other apps add (signals): subqueries too
        ).prefetch_related(
            "family",
            Prefetch(
                "case_children",
                queryset=CaseChild.objects.select_related("child").order_by("child__birth_date"),
                to_attr="children_listed",
            ),
        )
    )
    return queryset.order_by(*_ordering(sort))


def worker_cases(user: User, visible: QuerySet[Case]) -> QuerySet[Case]:
    """Cases in which the user is director or co-worker now.

    Their ids are read first, as a list: as a subquery, PostgreSQL could not tell that a worker's hundred
    cases are few, and checked the permission filter on all open cases of the region to find them (ADR 14)."""
    mine = CaseAssignment.objects.filter(user=user, ends_at__isnull=True).values_list("case_id", flat=True)
    return visible.filter(pk__in=list(mine))


def team_cases(user: User, visible: QuerySet[Case]) -> QuerySet[Case]:
    """Cases of the teams the user belongs to."""
    return visible.filter(team__group__user=user)


def team_members(user: User) -> list[User]:
    """The active members of the user's teams, by first name."""
    teams = user.groups.filter(team__isnull=False).values("pk")
    return list(
        User.objects.filter(groups__in=teams, is_active=True)
        .only("pk", "username", "first_name", "last_name")
        .distinct()
        .order_by("first_name")
    )


# What a case number looks like while it is typed: "Z-2026-00042", "z2026", "2026-000".
CASE_NUMBER = re.compile(r"^(z-?\d|\d{4}-)", re.IGNORECASE)


def case_search(
    *,
    visible: QuerySet[Case],
    text: str = "",
    birth_date: dt.date | None = None,
    bsn: str = "",
) -> QuerySet[Case]:
    """Cases the user may see whose number or family members match; accent-insensitive partial names."""
    match = Q()
    if text and CASE_NUMBER.match(text.strip()):
        match &= Q(number__icontains=text.strip())
    elif text:
        match &= Q(family__search_names__contains=normalise_name(text))
    if birth_date:
        match &= Q(
            family_id__in=Person.objects.filter(birth_date=birth_date).values("memberships__family_id")
        )
    if bsn:
        match &= Q(family_id__in=Person.objects.filter(bsn=bsn).values("memberships__family_id"))
    if not (text or birth_date or bsn):
        return visible.none()
    return visible.filter(match)


def case_team(case: Case) -> dict:
    """Who has a role on the case now (director, co-workers, others): roles the policy grants something in
    this phase (the Raad investigator only during INVESTIGATION), not past their registered end. One query."""
    roles = [role for role, granted in POLICY[Phase(case.phase)].items() if granted and role != TEAM_LEAD]
    current = case.assignments.filter(ends_at__isnull=True, role__in=roles).exclude(
        assignment_end_passed(timezone.localdate())
    )
    assignments = list(current.select_related("user__organisation").order_by("role", "user__first_name"))
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
    addresses (the current one first). A fixed number of queries, however big the family or its past."""
    links = CaseChild.objects.filter(case=case).select_related("child").order_by("child__birth_date")
    links = {link.child_id: link for link in links}
    household = list(case.family.memberships.select_related("person").order_by("person__birth_date", "pk"))
    for member in household:
        member.case_link = links.get(member.person_id)  # None for adults and children not on this case
    addresses = case.family.addresses.select_related("municipality", "recorded_by")
    addresses = list(addresses.order_by(F("valid_to").desc(nulls_first=True), "-valid_from"))
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
