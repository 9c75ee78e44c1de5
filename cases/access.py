"""Who may do what with a case: one policy table, stored per case with django-guardian.

POLICY[phase][case_role] is plain data. case_permissions_sync() turns it into rows on the direct
foreign-key tables (CaseUserObjectPermission for assigned users, CaseGroupObjectPermission for the
team's lead group) whenever a case's phase or assignments change, in the same transaction. Reads
never consult the policy again: they look at the rows, in one query per request or as a subquery
for lists. Every view gets its case through get_case_for(), which answers 404 for outsiders.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, roles_of
from cases import hooks
from cases.models import (
    Case,
    CaseAssignment,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    EmergencyAccess,
    Family,
    Membership,
    Person,
    Phase,
)
from core.prepared import Prepared

VIEW = "view_case"
NOTES = "view_notes"
WORK = "work_case"
MONITOR = "monitor_case"
EDIT_PLAN = "edit_plan"
AGREE_PLAN = "agree_plan"
SUBMIT = "submit_to_table"
MEASURE = "record_measure"
DIRECT = "direct_case"
REOPEN = "reopen_case"
ACCESS_LOG = "view_access_log"

PERMISSIONS = (VIEW, NOTES, WORK, MONITOR, EDIT_PLAN, AGREE_PLAN, SUBMIT, MEASURE, DIRECT, REOPEN, ACCESS_LOG)

# The team lead is not a CaseAssignment: team leads hold these through the team's lead group.
TEAM_LEAD = "team_lead"

PERMISSION_LABELS = {
    VIEW: _("see the case: family, children, phase, plan status"),
    NOTES: _("read the contact notes"),
    WORK: _("log contacts and correct their own notes"),
    MONITOR: _("add monitoring notes"),
    EDIT_PLAN: _("write the safety plan"),
    AGREE_PLAN: _("agree and co-sign the safety plan"),
    SUBMIT: _("submit the family to the Beschermtafel"),
    MEASURE: _("record a court measure"),
    DIRECT: _("change the phase and who works on the case"),
    REOPEN: _("reopen the case within three months"),
    ACCESS_LOG: _("see who looked at the file"),
}

_LOCAL_DIRECTOR = frozenset({VIEW, NOTES, WORK, EDIT_PLAN, AGREE_PLAN, SUBMIT, MEASURE, DIRECT, ACCESS_LOG})
_LOCAL_TEAM = {
    "director": _LOCAL_DIRECTOR,
    "co_worker": frozenset({VIEW, NOTES, WORK, EDIT_PLAN}),
    TEAM_LEAD: frozenset({VIEW, NOTES, AGREE_PLAN, DIRECT, ACCESS_LOG}),
    # Veilig Thuis may bring the family it monitors to the Beschermtafel (domain.md §3.1).
    "vt_monitor": frozenset({VIEW, MONITOR, SUBMIT}),
}

POLICY: dict[Phase, dict[str, frozenset[str]]] = {
    Phase.INTAKE: _LOCAL_TEAM,
    Phase.VOLUNTARY: _LOCAL_TEAM,
    Phase.PRESSURE: _LOCAL_TEAM,
    Phase.INVESTIGATION: {**_LOCAL_TEAM, "board_investigator": frozenset({VIEW, NOTES})},
    Phase.MANDATED: {
        "gi_worker": _LOCAL_DIRECTOR,
        # The youth worker stays beside the family: the familiar face keeps view and logs contacts.
        "director": frozenset({VIEW, NOTES, WORK}),
        "co_worker": frozenset({VIEW, NOTES, WORK}),
        TEAM_LEAD: frozenset({VIEW, NOTES, ACCESS_LOG}),
        "vt_monitor": frozenset({VIEW, MONITOR}),
    },
    Phase.CLOSED: {
        "director": frozenset({VIEW, NOTES, REOPEN}),
        TEAM_LEAD: frozenset({VIEW, NOTES, REOPEN, ACCESS_LOG}),
    },
}


# Not tied to any case: the privacy officer reads every access log, and nothing else.
GLOBAL_GRANTS = {Role.PRIVACY_OFFICER: frozenset({ACCESS_LOG})}

EMERGENCY_GRANT = frozenset({VIEW, NOTES})
_EMERGENCY = "emergency"
_ENDED = "ended"  # in case_permissions' rows: the user's own rows on the case no longer count
EMERGENCY_DURATION = dt.timedelta(hours=24)


def policy_rows(case: Case, assignments: Iterable[CaseAssignment]) -> set[tuple[str, int, str]]:
    """The rows the policy asks for: ("user", user_id, codename) and ("group", group_id, codename)."""
    table = POLICY[Phase(case.phase)]
    rows = set()
    for assignment in assignments:
        for codename in table.get(assignment.role, ()):
            rows.add(("user", assignment.user_id, codename))
    for codename in table.get(TEAM_LEAD, ()):
        rows.add(("group", case.team.lead_group_id, codename))
    return rows


def stored_rows(case: Case) -> set[tuple[str, int, str]]:
    users = CaseUserObjectPermission.objects.filter(content_object=case).values_list(
        "user_id", "permission__codename"
    )
    groups = CaseGroupObjectPermission.objects.filter(content_object=case).values_list(
        "group_id", "permission__codename"
    )
    return {("user", pk, code) for pk, code in users} | {("group", pk, code) for pk, code in groups}


# Roles whose access ends on a date another app knows (the Veilig Thuis monitor: when monitoring ends).
# role -> condition(today) on CaseAssignment rows that holds once that assignment is over. Registered from
# the app's ready(); reads ignore the rows from that day on, whether or not a nightly job has ended them.
ASSIGNMENT_ENDS: dict[str, Callable[[dt.date], Q]] = {}


def assignment_end_register(role: str, over: Callable[[dt.date], Q]) -> None:
    ASSIGNMENT_ENDS[role] = over


def assignment_end_passed(today: dt.date) -> Q:
    """On CaseAssignment rows: the row's role has a registered end, and it has passed."""
    ended = Q(pk__in=[])
    for role, over in ASSIGNMENT_ENDS.items():
        ended |= Q(role=role) & over(today)
    return ended


_HOLDS_ENDING_ROLE = Prepared(
    lambda user: CaseAssignment.objects.filter(
        user_id=user, ends_at__isnull=True, role__in=list(ASSIGNMENT_ENDS)
    ).values_list("pk")[:1],
    depends_on=lambda: tuple(ASSIGNMENT_ENDS),
    user=int,
)


def ended_assignments(user: User, today: dt.date) -> list[int]:
    """The cases on which the user holds only roles whose registered end has passed.

    Their rows stay until the nightly job ends the assignment, so check_case_permissions sees no drift.
    Read as a list of ids, and only for a user who holds such a role at all (most do not: one query that
    is cheap to build). As a subquery nested in every permission filter, it cost more to build than the
    rest of the filter (ADR 14).
    """
    if not ASSIGNMENT_ENDS or not _HOLDS_ENDING_ROLE.list(user=user.pk):
        return []
    return list(_ended(user.pk, today).values_list("case_id", flat=True))


def _ended(user: int, today: dt.date) -> QuerySet[CaseAssignment]:
    """The user's assignments in force whose role's registered end has passed, on cases where they hold no
    other role."""
    other_roles = CaseAssignment.objects.filter(
        case=OuterRef("case_id"), user_id=user, ends_at__isnull=True
    ).exclude(role__in=list(ASSIGNMENT_ENDS))
    return (
        CaseAssignment.objects.filter(user_id=user, ends_at__isnull=True)
        .filter(assignment_end_passed(today))
        .exclude(Exists(other_roles))
    )


def _global_grants(user: User) -> frozenset[str]:
    roles = roles_of(user)
    return frozenset().union(*(grant for role, grant in GLOBAL_GRANTS.items() if role in roles))


def _case_grants(user: int, case: int, now: dt.datetime, today: dt.date) -> QuerySet:
    """The codenames the user holds on the case: (codename, whether from their own rows), and _ENDED when
    their own rows no longer count (ended_assignments)."""
    own = CaseUserObjectPermission.objects.filter(user_id=user, content_object_id=case)
    team = CaseGroupObjectPermission.objects.filter(group__user=user, content_object_id=case)
    emergency = EmergencyAccess.objects.filter(
        user_id=user, case_id=case, expires_at__gt=now, revoked_at__isnull=True
    )
    return own.values_list("permission__codename", Value(True)).union(
        team.values_list("permission__codename", Value(False)),
        emergency.values_list(Value(_EMERGENCY), Value(False)),
        _ended(user, today).filter(case_id=case).values_list(Value(_ENDED), Value(False)),
        all=True,
    )


_CASE_GRANTS = Prepared(
    _case_grants,
    depends_on=lambda: tuple(ASSIGNMENT_ENDS),
    user=int,
    case=int,
    now=dt.datetime,
    today=dt.date,
)


def case_permissions(user: User, case: Case) -> frozenset[str]:
    """Everything the user may do with the case, from the stored rows in one query; cached on the case."""
    cache = case.__dict__.setdefault("_permissions", {})
    if user.pk in cache:
        return cache[user.pk]
    if not user.is_authenticated:
        return frozenset()
    now = timezone.now()
    rows = _CASE_GRANTS.list(user=user.pk, case=case.pk, now=now, today=timezone.localdate(now))
    ended = any(code == _ENDED for code, _own in rows)  # their own rows no longer count
    codenames = {code for code, own in rows if not (own and ended)} - {_ENDED}
    granted = (codenames - {_EMERGENCY}) | _global_grants(user)
    if _EMERGENCY in codenames:
        granted |= EMERGENCY_GRANT
    cache[user.pk] = frozenset(granted)
    return cache[user.pk]


def has_case_perm(user: User, perm: str, case: Case) -> bool:
    if perm not in PERMISSIONS:
        raise ValueError(f"Unknown case permission {perm!r}")
    return perm in case_permissions(user, case)


def require(user: User, perm: str, case: Case) -> None:
    """Raise PermissionDenied unless the user holds perm on the case."""
    if not has_case_perm(user, perm, case):
        raise PermissionDenied


def require_any(user: User, perms: Iterable[str], case: Case) -> None:
    """Raise PermissionDenied unless the user holds at least one of perms on the case."""
    if not case_permissions(user, case) & set(perms):
        raise PermissionDenied


# Who may note or snooze a signal: those who work or direct the case, never a read-only role.
HANDLE_FLAGS = frozenset({WORK, DIRECT})


def _permission_id(perm: str) -> Subquery:
    """The permission's id as a subquery the database works out once (an InitPlan): the rows are then read
    from the (holder, permission, case) unique index alone, not joined to auth_permission row by row."""
    return Subquery(
        Permission.objects.filter(
            codename=perm, content_type__app_label="cases", content_type__model="case"
        ).values("pk")[:1]
    )


def visible_match(user: int, now: dt.datetime, ended: list[int], perm: str = VIEW) -> Q:
    """A filter on cases: those on which the user (an id) holds perm at that moment. ``ended`` lists the cases
    where the user's own rows no longer count (ended_assignments). Subqueries on the indexed permission
    tables; it reads nothing but its arguments, so a caseload list can compile it once (core.prepared)."""
    permission = _permission_id(perm)
    own = CaseUserObjectPermission.objects.filter(user_id=user, permission=permission)
    if ended:
        own = own.exclude(content_object_id__in=ended)
    team = CaseGroupObjectPermission.objects.filter(group__user=user, permission=permission)
    match = Q(pk__in=own.values("content_object_id")) | Q(pk__in=team.values("content_object_id"))
    if perm in EMERGENCY_GRANT:
        emergency = EmergencyAccess.objects.filter(user_id=user, expires_at__gt=now, revoked_at__isnull=True)
        match |= Q(pk__in=emergency.values("case_id"))
    return match


def cases_visible_to(user: User, perm: str = VIEW) -> QuerySet[Case]:
    """Every case on which the user holds perm."""
    if not user.is_authenticated:
        return Case.objects.none()
    now = timezone.now()
    ended = ended_assignments(user, timezone.localdate(now))
    return Case.objects.filter(visible_match(user.pk, now, ended, perm))


def families_visible_to(user: User) -> QuerySet[Family]:
    """Households the user may see: those with at least one case the user may view (emergency access too)."""
    return Family.objects.filter(Exists(cases_visible_to(user).filter(family=OuterRef("pk"))))


def persons_visible_to(user: User) -> QuerySet[Person]:
    """People the user may see: members of a household the user may see. Any person id a form takes is one."""
    return Person.objects.filter(
        Exists(Membership.objects.filter(person=OuterRef("pk"), family__in=families_visible_to(user)))
    )


_CASE = Prepared(
    lambda pk: (
        Case.objects.select_related("family", "team__organisation")
        .annotate(**hooks.case_annotations())  # e.g. whether it has open signals (flags.apps), same query
        .filter(pk=pk)
    ),
    depends_on=lambda: tuple(hooks.CASE_ANNOTATIONS),
    pk=int,
)


def get_case_for(user: User, pk: int, perm: str = VIEW) -> Case:
    """The case, or 404 — the same answer whether it does not exist or the user may not use it."""
    case = next(iter(_CASE.list(pk=pk)), None)
    if case is None or not has_case_perm(user, perm, case):
        raise Http404
    return case


def permission_drift() -> dict[int, tuple[set, set]]:
    """For every case whose stored rows differ from the policy: (missing rows, extra rows), by case id.

    Reads each table once, whatever the number of cases.
    """
    wanted: dict[int, set] = {}
    cases = {pk: (phase, lead_group_id) for pk, phase, lead_group_id in
             Case.objects.values_list("pk", "phase", "team__lead_group_id")}  # fmt: skip
    for pk, (phase, lead_group_id) in cases.items():
        wanted[pk] = {("group", lead_group_id, code) for code in POLICY[Phase(phase)].get(TEAM_LEAD, ())}
    active = CaseAssignment.objects.filter(ends_at__isnull=True).values_list("case_id", "user_id", "role")
    for case_id, user_id, role in active:
        table = POLICY[Phase(cases[case_id][0])]
        wanted[case_id] |= {("user", user_id, code) for code in table.get(role, ())}
    stored: dict[int, set] = {pk: set() for pk in cases}
    for case_id, pk, code in CaseUserObjectPermission.objects.values_list(
        "content_object_id", "user_id", "permission__codename"
    ):
        stored[case_id].add(("user", pk, code))
    for case_id, pk, code in CaseGroupObjectPermission.objects.values_list(
        "content_object_id", "group_id", "permission__codename"
    ):
        stored[case_id].add(("group", pk, code))
    return {
        pk: (wanted[pk] - stored[pk], stored[pk] - wanted[pk]) for pk in cases if wanted[pk] != stored[pk]
    }
