"""Reads of signals: per case, per caseload row, and the team lead's overview."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from accounts.models import User, user_name
from caseloads.selectors import team_cases
from cases.access import cases_visible_to
from cases.models import Case, CaseAssignment
from cases.workflow import RESPONSIBLE_ROLES
from core.names import full_name
from flags.models import Flag
from flags.registry import RULES, Context
from flags.rules.ov01_out_of_view import out_of_view_children


def has_open_flags() -> Exists:
    """Whether the outer case has open signals: get_case_for() reads it with the case, so the case page
    spends no query on signals for a case without any."""
    return Exists(Flag.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True))


def _visible_flags(today: dt.date) -> QuerySet[Flag]:
    """The open, not snoozed flags of the outer case."""
    return Flag.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True).filter(
        Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today)
    )


def caseload_annotations(today: dt.date) -> dict:
    """Per caseload row: how many signals are open and in sight today, and the worst of them (subqueries)."""
    return {
        "flag_count": Subquery(
            _visible_flags(today).values("case").annotate(count=Count("pk")).values("count")[:1]
        ),
        "worst_severity": Subquery(_visible_flags(today).order_by("-severity").values("severity")[:1]),
    }


def case_open_flags(case: Case) -> list[Flag]:
    """The case's open signals, worst first; no query when get_case_for() found none."""
    if not getattr(case, "has_open_flags", True):
        return []
    return list(
        case.flags.filter(resolved_at__isnull=True).select_related("acknowledged_by").order_by("-severity")
    )


def team_open_flags(user: User) -> QuerySet[Flag]:
    """The open signals (snoozed ones too) on the cases of the lead's teams that the lead may see.

    Every count on the dashboard and every list a count leads to starts here, so they cannot disagree,
    and no filter from a query string reaches beyond it.
    """
    team = team_cases(user, cases_visible_to(user))
    return Flag.objects.filter(case__in=team, resolved_at__isnull=True)


def _directing(flags: QuerySet[Flag], **assignment) -> QuerySet[Flag]:
    """The flags joined to who directs their case now (one row per flag and director); ``assignment``
    narrows that same join (e.g. user=...), so it names one assignment, not any of the case's."""
    return flags.filter(
        case__assignments__ends_at__isnull=True,
        case__assignments__role__in=RESPONSIBLE_ROLES,
        **{f"case__assignments__{name}": value for name, value in assignment.items()},
    )


def flag_counts_by_director(flags: QuerySet[Flag]) -> list[dict]:
    """How many of the flags each director's cases have, most first: user id, name and count."""
    return list(
        _directing(flags)
        .values(user_id=F("case__assignments__user"))
        .annotate(
            name=user_name("case__assignments__user__"),
            count=Count("pk", distinct=True),
        )
        .order_by("-count", "name", "user_id")
    )


def team_flag_list(user: User, *, rule: str | None = None, director_id: int | None = None) -> QuerySet[Flag]:
    """The lead's open signals, of one rule and/or on the cases one person directs, worst and oldest first.

    Each row carries its case, family and the name(s) of who directs the case now.
    """
    flags = team_open_flags(user)
    if rule:
        flags = flags.filter(rule=rule)
    if director_id is not None:
        flags = flags.filter(pk__in=_directing(flags, user=director_id).values("pk"))
    directors = (
        CaseAssignment.objects.filter(case=OuterRef("case"), ends_at__isnull=True, role__in=RESPONSIBLE_ROLES)
        .order_by("role")
        .annotate(name=user_name("user__"))
    )
    return (
        flags.select_related("case__family")
        .annotate(director_name=Subquery(directors.values("name")[:1]))
        .order_by("-severity", "opened_at", "pk")
    )


def team_flag_overview(user: User) -> dict:
    """Open signals on the team's cases by rule and by director, and the children out of view."""
    team = team_cases(user, cases_visible_to(user))
    open_flags = team_open_flags(user)
    by_rule = [
        {"rule": RULES[row["rule"]], "count": row["count"]}
        for row in open_flags.values("rule").annotate(count=Count("pk")).order_by("-count", "rule")
    ]
    rule = RULES["OV-01"]
    out_of_view = list(
        out_of_view_children(Context.load(), rule)
        .filter(case__in=team)
        .values(
            "case_id",
            "case__number",
            "case__family__name",
            "child__given_name",
            "child__surname_prefix",
            "child__surname",
            "last_seen_at",
            "seen",
        )
        .order_by("seen")
    )
    for row in out_of_view:
        row["child_name"] = full_name(
            row["child__given_name"], row["child__surname_prefix"], row["child__surname"]
        )
    return {
        "by_rule": by_rule,
        "by_director": flag_counts_by_director(open_flags),
        "total": sum(row["count"] for row in by_rule),
        "out_of_view": out_of_view,
        "rule": rule,
    }
