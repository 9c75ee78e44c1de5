"""Reads of case data that need visibility rules or careful queries."""

import datetime as dt
import re

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessEvent, User
from cases.models import (
    Case,
    CaseAssignment,
    CaseChild,
    CaseRole,
    Flag,
    Measure,
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
    "flags": ["worst_severity", "flag_count", "number"],
}


def _visible_flags() -> QuerySet[Flag]:
    """The open, not snoozed flags of the outer case."""
    today = timezone.localdate()
    return Flag.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True).filter(
        Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today)
    )


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["number"])
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
        cases.select_related("family")
        .annotate(
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
            flag_count=Subquery(
                _visible_flags().values("case").annotate(count=Count("pk")).values("count")[:1]
            ),
            worst_severity=Subquery(_visible_flags().order_by("-severity").values("severity")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "case_children",
                queryset=CaseChild.objects.select_related("child").order_by("child__birth_date"),
            )
        )
    )
    return queryset.order_by(*_ordering(sort))


def worker_cases(user: User, visible: QuerySet[Case]) -> QuerySet[Case]:
    """Cases in which the user is director or co-worker now."""
    mine = CaseAssignment.objects.filter(user=user, ends_at__isnull=True).values("case_id")
    return visible.filter(pk__in=mine)


def team_cases(user: User, visible: QuerySet[Case]) -> QuerySet[Case]:
    """Cases of the teams the user belongs to."""
    return visible.filter(team__group__user=user)


def team_members(user: User) -> list[User]:
    """The active members of the user's teams, by first name."""
    teams = user.groups.filter(team__isnull=False).values("pk")
    return list(User.objects.filter(groups__in=teams, is_active=True).distinct().order_by("first_name"))


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
        people = Person.objects.filter(search_name__contains=normalise_name(text)).values(
            "memberships__family_id"
        )
        match &= Q(family_id__in=people)
    if birth_date:
        match &= Q(
            family_id__in=Person.objects.filter(birth_date=birth_date).values("memberships__family_id")
        )
    if bsn:
        match &= Q(family_id__in=Person.objects.filter(bsn=bsn).values("memberships__family_id"))
    if not (text or birth_date or bsn):
        return visible.none()
    return visible.filter(match)


def case_team_and_children(case: Case) -> dict:
    """For the case header: the children with their last-seen times, and who works on the case."""
    children = list(CaseChild.objects.filter(case=case).select_related("child").order_by("child__birth_date"))
    assignments = list(
        case.assignments.filter(ends_at__isnull=True)
        .select_related("user__organisation")
        .order_by("role", "user__first_name")
    )
    director_id = directing_user_id(case, assignments)
    # get_case_for() knows whether there are any: most cases spend no query on their signals.
    flags = (
        list(
            case.flags.filter(resolved_at__isnull=True)
            .select_related("acknowledged_by")
            .order_by("-severity")
        )
        if getattr(case, "has_open_flags", True)
        else []
    )
    # Only a case under a measure has measures in force: other cases spend no query on them.
    measures = list(case.measures.filter(ended_on__isnull=True)) if case.phase == Phase.MANDATED else []
    return {
        "active_measures": measures,
        "flags": flags,
        "case_children": children,
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


def cases_mandated_without_measure() -> QuerySet[Case]:
    """Cases in the court-mandated phase that no active court measure holds there (an integrity error)."""
    return Case.objects.filter(phase=Phase.MANDATED).exclude(
        Exists(Measure.objects.filter(case=OuterRef("pk"), ended_on__isnull=True))
    )


def case_for_bsn(bsn: str) -> Case | None:
    """The file of the person with this BSN: their open case if there is one, else the latest closed one."""
    cases = Case.objects.filter(family__memberships__person__bsn=bsn).select_related("team")
    return (
        cases.exclude(phase=Phase.CLOSED).order_by("-opened_on").first()
        or cases.order_by("-closed_on").first()
    )


def case_access_events(*, case: Case) -> QuerySet[AccessEvent]:
    """Who looked at or changed this file, newest first."""
    return AccessEvent.objects.filter(case=case).select_related("user", "organisation").order_by("-at", "-pk")


def access_events_search(
    *,
    case_number: str = "",
    bsn: str = "",
    worker: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessEvent]:
    """Access events, newest first: on a case (by number), on every file of a person (by BSN), by a
    worker (username, or part of the name), within a period (local dates, both ends included).

    Without any of these, none.
    """
    if not (case_number or bsn or worker or date_from or date_to):
        return AccessEvent.objects.none()
    events = AccessEvent.objects.select_related("user", "organisation", "case").order_by("-at", "-pk")
    if case_number:
        events = events.filter(case__number__iexact=case_number.strip())
    if bsn:
        events = events.filter(case__family__memberships__person__bsn=bsn)
    if worker:
        name = " ".join(worker.split())
        users = User.objects.annotate(full_name=Concat("first_name", Value(" "), "last_name")).filter(
            Q(username__iexact=name) | Q(full_name__icontains=name)
        )
        events = events.filter(user__in=users.values("pk"))
    if date_from:
        events = events.filter(at__gte=_start_of_day(date_from))
    if date_to and date_to < dt.date.max:
        events = events.filter(at__lt=_start_of_day(date_to + dt.timedelta(days=1)))
    return events


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


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


def team_flag_overview(user: User) -> dict:
    """Open signals on the team's cases by rule and by director, and the children out of view."""
    from cases.rules import RULES, Context
    from cases.rules.ov01_out_of_view import out_of_view_children

    team = team_cases(user, Case.objects.all())
    open_flags = Flag.objects.filter(case__in=team, resolved_at__isnull=True)
    by_rule = [
        {"rule": RULES[row["rule"]], "count": row["count"]}
        for row in open_flags.values("rule").annotate(count=Count("pk")).order_by("-count", "rule")
    ]
    by_worker = list(
        open_flags.filter(
            case__assignments__ends_at__isnull=True, case__assignments__role__in=RESPONSIBLE_ROLES
        )
        .values("case__assignments__user__first_name", "case__assignments__user__last_name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count")
    )
    rule = RULES["OV-01"]
    out_of_view = list(
        out_of_view_children(Context.load(), rule)
        .filter(case__in=team)
        .values(
            "case_id", "case__number", "case__family__name", "child__given_name", "child__surname", "seen"
        )
        .order_by("seen")
    )
    return {"by_rule": by_rule, "by_worker": by_worker, "out_of_view": out_of_view, "rule": rule}


def case_directors(case: Case) -> QuerySet[User]:
    """The case's local director and GI worker: the people told at once about news on the case."""
    return User.objects.filter(
        case_assignments__case=case,
        case_assignments__ends_at__isnull=True,
        case_assignments__role__in=RESPONSIBLE_ROLES,
    )
