"""How a case moves: the phase transitions a person may make, and the ONE definition of who directs.

Phases move by the event that legally moves them (architecture.md): a court measure moves a case into
MANDATED and the last measure ending moves it out (measures.services); a Beschermtafel outcome moves it to
PRESSURE or INVESTIGATION (tables.services, through case_table_outcome_apply). TRANSITIONS lists only what
a person may do by hand, always with a reason.
"""

from django.db.models import Case as Conditional
from django.db.models import Value, When

from cases.models import CaseRole, Phase

# Days without a face-to-face sighting after which a child's last-seen date is marked (OV-01 looks at 28).
SEEN_LONG_AGO_DAYS = 28

# The phase changes a person may make by hand. Anything not listed is refused. MANDATED is not among
# them (only the court), nor is INVESTIGATION (only a table outcome, or a direct request of the Raad
# recorded with its reason: case_board_request_record).
TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.INTAKE: frozenset({Phase.VOLUNTARY, Phase.CLOSED}),
    Phase.VOLUNTARY: frozenset({Phase.PRESSURE, Phase.CLOSED}),
    Phase.PRESSURE: frozenset({Phase.VOLUNTARY, Phase.CLOSED}),
    Phase.INVESTIGATION: frozenset({Phase.VOLUNTARY, Phase.CLOSED}),
    Phase.MANDATED: frozenset(),
    Phase.CLOSED: frozenset({Phase.INTAKE}),  # reopening, only within RECENTLY_CLOSED_MONTHS
}

# Where each Beschermtafel outcome takes a case, from the open phases it can come from.
TABLE_OUTCOME_FROM: dict[Phase, frozenset[Phase]] = {
    Phase.PRESSURE: frozenset({Phase.INTAKE, Phase.VOLUNTARY, Phase.PRESSURE}),
    Phase.INVESTIGATION: frozenset({Phase.INTAKE, Phase.VOLUNTARY, Phase.PRESSURE, Phase.INVESTIGATION}),
    Phase.VOLUNTARY: frozenset({Phase.INTAKE, Phase.VOLUNTARY, Phase.PRESSURE}),
}

# A direct request of the Raad (without the table) starts an investigation from these phases.
BOARD_REQUEST_FROM = frozenset({Phase.VOLUNTARY, Phase.PRESSURE})

# Who directs the case in each phase: the local team's director, or the GI worker once a court has spoken.
DIRECTING_ROLE: dict[Phase, str] = {
    phase: CaseRole.GI_WORKER if phase == Phase.MANDATED else CaseRole.DIRECTOR for phase in Phase
}

# Who is told at once about news on a case: whoever directs it now or did before the measure (the
# local director stays beside the family under a measure).
RESPONSIBLE_ROLES: tuple[str, ...] = (CaseRole.DIRECTOR, CaseRole.GI_WORKER)


def _phases_directed_by(role: str) -> list[str]:
    return [phase.value for phase, directing in DIRECTING_ROLE.items() if directing == role]


def directing_role_expression(phase_field: str = "phase"):
    """DIRECTING_ROLE as SQL: the role that directs, from the case's phase column."""
    whens = [
        When(**{f"{phase_field}__in": _phases_directed_by(role)}, then=Value(str(role)))
        for role in set(DIRECTING_ROLE.values())
    ]
    return Conditional(*whens, default=Value(str(CaseRole.DIRECTOR)))


def directing_user_id(case, assignments) -> int | None:
    """Who directs the case now, from its (active) assignments."""
    role = DIRECTING_ROLE[Phase(case.phase)]
    return next((a.user_id for a in assignments if a.role == role), None)
