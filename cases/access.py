"""Who may do what with a case. Every view gets its case through get_case_for().

For now the rule is membership of the case's team; the access issue replaces the inside of this
module (a per-phase policy stored with django-guardian), not its callers.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from cases.models import Case

PERMISSIONS = ("view_case", "work_case", "direct_case")


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case the user may see (a queryset, to filter and paginate further)."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(team__group__user=user)


def case_permissions(user: User, case: Case) -> frozenset[str]:
    """Everything the user may do with the case; worked out once per user and case object."""
    cache = case.__dict__.setdefault("_permissions", {})
    if user.pk not in cache:
        member = user.is_authenticated and user.groups.filter(pk=case.team.group_id).exists()
        cache[user.pk] = frozenset(PERMISSIONS) if member else frozenset()
    return cache[user.pk]


def has_case_perm(user: User, perm: str, case: Case) -> bool:
    if perm not in PERMISSIONS:
        raise ValueError(f"Unknown case permission {perm!r}")
    return perm in case_permissions(user, case)


def require(user: User, perm: str, case: Case) -> None:
    """Raise PermissionDenied unless the user holds perm on the case."""
    if not has_case_perm(user, perm, case):
        raise PermissionDenied


def get_case_for(user: User, pk: int, perm: str = "view_case") -> Case:
    """The case, or 404 — the same answer whether it does not exist or the user may not use it."""
    case = Case.objects.select_related("family", "team__organisation").filter(pk=pk).first()
    if case is None or not has_case_perm(user, perm, case):
        raise Http404
    return case
