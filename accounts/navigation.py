"""The main navigation: one list, each entry shown to the roles it serves."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.urls import url_of


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    roles: frozenset[Role] | None = None  # None: everyone who is logged in


_CASE_WORKERS = frozenset({Role.YOUTH_WORKER, Role.TEAM_LEAD})
_ASSIGNED = frozenset({Role.YOUTH_WORKER, Role.TEAM_LEAD, Role.GI_WORKER, Role.BOARD_INVESTIGATOR})

NAVIGATION = [
    NavItem(_("Home"), "home"),
    NavItem(_("My cases"), "caseloads:mine", _ASSIGNED),
    NavItem(_("Team"), "caseloads:team", frozenset({Role.TEAM_LEAD})),
    NavItem(_("Signals"), "flags:dashboard", frozenset({Role.TEAM_LEAD})),
    NavItem(_("Search"), "caseloads:search", _ASSIGNED | {Role.VT_WORKER}),
    NavItem(_("New case"), "cases:start", _CASE_WORKERS),
    NavItem(_("Handovers"), "referrals:inbox", _CASE_WORKERS),
    NavItem(_("Handovers"), "referrals:outbox", frozenset({Role.VT_WORKER})),
    NavItem(_("New handover"), "referrals:new", frozenset({Role.VT_WORKER})),
    NavItem(_("Monitoring"), "referrals:monitoring", frozenset({Role.VT_WORKER})),
    NavItem(_("Beschermtafel"), "tables:inbox", frozenset({Role.TABLE_CHAIR})),
    NavItem(_("Meetings"), "tables:meetings", frozenset({Role.TABLE_CHAIR, Role.TABLE_MEMBER})),
    NavItem(_("Beschermtafel"), "tables:mine", _CASE_WORKERS),
    NavItem(_("Reports"), "reports:report", frozenset({Role.TEAM_LEAD, Role.MUNICIPALITY})),
    NavItem(_("Privacy"), "privacy:home", frozenset({Role.PRIVACY_OFFICER})),
    NavItem(_("Access log"), "audit:privacy-access-log", frozenset({Role.PRIVACY_OFFICER})),
    NavItem(_("Who may see what"), "cases:who-may-what"),
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN})),
]


def navigation_for(*, roles: list[Role], path: str) -> list[dict]:
    items = [
        {"label": item.label, "url": url_of(item.url_name)}
        for item in NAVIGATION
        if item.roles is None or item.roles.intersection(roles)
    ]
    # The current page is the entry with the longest URL that the path starts with ("/" only for itself).
    matches = [
        item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return items
