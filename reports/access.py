"""Who sees which report: a team lead their own teams, a municipality the teams serving it; nobody else.

A team lead's organisation-wide figures are left out on purpose: a lead answers for their own teams, and
the other teams' figures are their leads' (and, across teams, the municipality's). Everything else is a
404, so nobody learns which teams exist.
"""

from dataclasses import dataclass

from django.http import Http404

from accounts.models import Municipality, Team, User
from accounts.roles import Role, roles_of
from core.params import parse_int


@dataclass(frozen=True)
class Scope:
    """The teams a report is about, out of the teams the user may choose from."""

    teams: list[Team]
    choices: list[Team]
    # Set when the user sees the figures as the municipality: small counts are then suppressed on the page.
    municipality: Municipality | None

    @property
    def suppressed(self) -> bool:
        return self.municipality is not None

    @property
    def team_ids(self) -> list[int]:
        return [team.pk for team in self.teams]


def report_teams(user: User) -> tuple[list[Team], Municipality | None]:
    """The teams the user may see figures of (by name), and the municipality when they see it as one."""
    roles = roles_of(user)
    led = Team.objects.filter(lead_group__user=user) if Role.TEAM_LEAD in roles else Team.objects.none()
    municipality = None
    if Role.MUNICIPALITY in roles and user.organisation_id:
        municipality = user.organisation.municipality
    served = Team.objects.filter(municipalities=municipality) if municipality else Team.objects.none()
    teams = list((led | served).distinct().select_related("organisation").order_by("name", "pk"))
    return teams, municipality


def report_scope(user: User, team: str | None) -> Scope:
    """The scope asked for in the query string (one team, or all of the user's): 404 for anything else."""
    choices, municipality = report_teams(user)
    if not choices:
        raise Http404
    if not team:
        return Scope(teams=choices, choices=choices, municipality=municipality)
    pk = parse_int(team)
    chosen = [candidate for candidate in choices if candidate.pk == pk]
    if not chosen:
        raise Http404
    return Scope(teams=chosen, choices=choices, municipality=municipality)
