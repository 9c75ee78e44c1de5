"""The caseload lists and the search: which cases a user sees in a list, filtered, sorted and with what the
rows show. Visibility always comes from cases.access (cases_visible_to, visible_match)."""

import datetime as dt
import functools
import re

from django.contrib.auth.models import Group
from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User, user_name
from cases import hooks
from cases.access import ended_assignments, visible_match
from cases.models import Case, CaseAssignment, CaseChild, Family, Person, Phase
from cases.workflow import directing_role_expression
from core.forms import counted, paginate
from core.prepared import Prepared
from core.validators import normalise_name

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


def _sort_key(sort: str) -> str:
    """The sort as the lists read it: a known key ("number" for anything else), "-" first to reverse."""
    key = sort.lstrip("-")
    if key not in SORTS and key not in hooks.COLUMNS:
        key = "number"
    return f"-{key}" if sort.startswith("-") else key


def _ordering(sort: str) -> list:
    sort = _sort_key(sort)
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    column = hooks.COLUMNS.get(key)
    fields = [*column.sort, "number"] if column else SORTS[key]
    if descending:
        return [F(field).desc(nulls_last=True) for field in fields]
    return [F(field).asc(nulls_first=True) for field in fields]


def case_list(
    *,
    cases: QuerySet[Case],
    today: dt.date,
    phase: str | None = None,
    director: int | None = None,
    sort: str = "number",
    include_closed: bool = False,
) -> QuerySet[Case]:
    """A caseload with family, director, children and last-seen times, filtered and sorted.

    Without a phase filter, closed cases are left out unless include_closed. ``sort`` is a key of SORTS,
    "-" first to reverse. It reads nothing but its arguments (the day too), so a list can be compiled once.
    """
    if phase:
        cases = cases.filter(phase=phase)
    elif not include_closed:
        cases = cases.exclude(phase=Phase.CLOSED)
    cases = cases.annotate(directing_role=directing_role_expression())
    if director is not None:
        cases = cases.filter(Exists(_ACTIVE_DIRECTOR.filter(user=director)))
    queryset = (
        # The family and the children are read for the page's rows only (with_family_and_children), not joined
        # to every case the count needs.
        cases.annotate(
            director_name=Subquery(_ACTIVE_DIRECTOR.annotate(name=user_name("user__")).values("name")[:1]),
            # A subquery, not an aggregate: the database works it out for the rows of one page only.
            least_recently_seen=Subquery(
                CaseChild.objects.filter(case=OuterRef("pk"))
                .order_by(F("last_seen_at").asc(nulls_first=True))
                .values("last_seen_at")[:1]
            ),
            **hooks.column_annotations(today),  # the columns other apps add (signals): subqueries too
        )
    )
    return queryset.order_by(*_ordering(sort))


# Of the families and the children only what a row shows: their whole rows took twice as long to read.
_FAMILIES = Prepared(lambda ids: Family.objects.filter(pk__in=ids).only("name"), ids=list)
_CHILDREN = Prepared(
    lambda ids: (
        CaseChild.objects.filter(case_id__in=ids)
        .select_related("child")
        .only("case_id", "last_seen_at", "child__given_name", "child__birth_date")
        .order_by("child__birth_date", "pk")
    ),
    ids=list,
)


def with_family_and_children(cases: list[Case]) -> list[Case]:
    """The rows of a case_list() page with their family and their children, oldest first (children_listed):
    two queries, each compiled once (core.prepared)."""
    if not cases:
        return cases
    families = {
        family.pk: family for family in _FAMILIES.list(ids=sorted({case.family_id for case in cases}))
    }
    children: dict[int, list[CaseChild]] = {}
    for link in _CHILDREN.list(ids=[case.pk for case in cases]):
        children.setdefault(link.case_id, []).append(link)
    for case in cases:
        case.family = families[case.family_id]
        case.children_listed = children.get(case.pk, [])
    return cases


# A case id no case has: the list of cases where the user's own rows no longer count stands in a compiled
# caseload query always, holding this when there are none (core.prepared takes no empty list).
NO_CASE = 0

_MY_CASE_IDS = Prepared(
    lambda user: CaseAssignment.objects.filter(user_id=user, ends_at__isnull=True).values_list(
        "case_id", flat=True
    ),
    user=int,
)


def _caseload_rows(
    *, mine: bool, sort: str, user: int, now: dt.datetime, today: dt.date, ended: list[int], **filters
) -> QuerySet[Case]:
    """The counted rows of one caseload list; filters: ids (mine), phase, director (an id)."""
    visible = Case.objects.filter(visible_match(user, now, ended))
    cases = visible.filter(pk__in=filters["ids"]) if mine else team_cases(user, visible)
    phase, director = filters.get("phase"), filters.get("director")
    return counted(case_list(cases=cases, today=today, phase=phase, director=director, sort=sort))


# Each shape of caseload query (which list, the filters given, the sort), compiled once per process.
_CASELOADS: dict[tuple, Prepared] = {}


def caseload_page(
    *, user: User, mine: bool, phase: str | None, director: int | None, sort: str, number, size: int
) -> Page:
    """A page of case_list(): the cases the user works on now ("my cases", ``mine``) or those of their teams,
    that they may see; counted in the same query, and compiled once per shape of the list (core.prepared).

    A worker's case ids are read first, as a list: as a subquery, PostgreSQL could not tell that a worker's
    hundred cases are few, and checked the permission filter on all open cases of the region (ADR 14)."""
    now = timezone.now()
    today = timezone.localdate(now)
    values = {
        "user": user.pk,
        "now": now,
        "today": today,
        "ended": ended_assignments(user, today) or [NO_CASE],
    }
    if mine:
        values["ids"] = _MY_CASE_IDS.list(user=user.pk)
        if not values["ids"]:
            return paginate(Case.objects.none(), number, size)
    if phase:
        values["phase"] = phase
    if director is not None:
        values["director"] = director
    sort = _sort_key(sort)
    shape = (mine, sort, tuple(values))
    if shape not in _CASELOADS:
        build = functools.partial(_caseload_rows, mine=mine, sort=sort)
        types = {name: list if isinstance(value, list) else type(value) for name, value in values.items()}
        _CASELOADS[shape] = Prepared(build, depends_on=lambda: tuple(hooks.COLUMNS), **types)
    prepared = _CASELOADS[shape]
    page = paginate(
        None, number, size, fetch=lambda limit, offset: prepared.list(limit=limit, offset=offset, **values)
    )
    with_family_and_children(page.object_list)
    return page


def team_cases(user: User | int, visible: QuerySet[Case]) -> QuerySet[Case]:
    """Cases of the teams the user belongs to."""
    return visible.filter(team__group__user=user)


_TEAM_MEMBERS = Prepared(
    lambda user: (
        User.objects.filter(
            groups__in=Group.objects.filter(user=user, team__isnull=False).values("pk"), is_active=True
        )
        .distinct()
        .order_by("first_name")
        .values_list("pk", "first_name", "last_name", "username")
    ),
    user=int,
)


def team_members(user: User) -> list[tuple[int, str]]:
    """The active members of the user's teams, by first name: (id, name), the username without a name."""
    return [
        (pk, f"{first} {last}".strip() or username)
        for pk, first, last, username in _TEAM_MEMBERS.list(user=user.pk)
    ]


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
