"""The caseload lists and the search: which cases a user sees in a list, filtered, sorted and with what the
rows show. Visibility always comes from cases.access (cases_visible_to)."""

import datetime as dt
import re

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from accounts.models import User
from cases import hooks
from cases.models import Case, CaseAssignment, CaseChild, Person, Phase
from cases.workflow import directing_role_expression
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
