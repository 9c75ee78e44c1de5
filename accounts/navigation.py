"""The main navigation: one list, each entry shown to the roles it serves."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    roles: frozenset[Role] | None = None  # None: everyone who is logged in


NAVIGATION = [
    NavItem(_("Home"), "home"),
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN})),
]


def navigation_for(*, roles: list[Role], path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.roles is not None and not item.roles.intersection(roles):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items
