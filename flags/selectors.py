"""Reads of signals: per case, per caseload row, and the team lead's overview."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.selectors import team_cases
from cases.workflow import RESPONSIBLE_ROLES
from core.names import full_name
from flags.models import Flag
from flags.registry import RULES, Context
from flags.rules.ov01_out_of_view import out_of_view_children


def has_open_flags() -> Exists:
    """Whether the outer case has open signals: get_case_for() reads it with the case, so the case page
    spends no query on signals for a case without any."""
    return Exists(Flag.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True))


def _visible_flags() -> QuerySet[Flag]:
    """The open, not snoozed flags of the outer case."""
    today = timezone.localdate()
    return Flag.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True).filter(
        Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today)
    )


def caseload_annotations() -> dict:
    """Per caseload row: how many signals are open and in sight, and the worst of them (subqueries)."""
    return {
        "flag_count": Subquery(
            _visible_flags().values("case").annotate(count=Count("pk")).values("count")[:1]
        ),
        "worst_severity": Subquery(_visible_flags().order_by("-severity").values("severity")[:1]),
    }


def case_open_flags(case: Case) -> list[Flag]:
    """The case's open signals, worst first; no query when get_case_for() found none."""
    if not getattr(case, "has_open_flags", True):
        return []
    return list(
        case.flags.filter(resolved_at__isnull=True).select_related("acknowledged_by").order_by("-severity")
    )


def team_flag_overview(user: User) -> dict:
    """Open signals on the team's cases by rule and by director, and the children out of view."""
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
            "case_id",
            "case__number",
            "case__family__name",
            "child__given_name",
            "child__surname_prefix",
            "child__surname",
            "seen",
        )
        .order_by("seen")
    )
    for row in out_of_view:
        row["child_name"] = full_name(
            row["child__given_name"], row["child__surname_prefix"], row["child__surname"]
        )
    return {"by_rule": by_rule, "by_worker": by_worker, "out_of_view": out_of_view, "rule": rule}
