"""The roles of architecture.md: each is a Django group of the same code name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    YOUTH_WORKER = "youth_worker", _("Youth professional")
    TEAM_LEAD = "team_lead", _("Team lead")
    VT_WORKER = "vt_worker", _("Veilig Thuis worker")
    TABLE_CHAIR = "table_chair", _("Beschermtafel chair")
    TABLE_MEMBER = "table_member", _("Beschermtafel member")
    GI_WORKER = "gi_worker", _("Child protection worker")
    BOARD_INVESTIGATOR = "board_investigator", _("Board investigator")
    ADMIN = "admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    # Policy staff of a municipality: aggregate reports across the teams serving it, never a case file.
    MUNICIPALITY = "municipality", _("Municipality (reports)")


# The roles that can reach case files. The functional admin manages people and never holds one of these.
CASE_ROLES = frozenset(
    {
        Role.YOUTH_WORKER,
        Role.TEAM_LEAD,
        Role.VT_WORKER,
        Role.TABLE_CHAIR,
        Role.TABLE_MEMBER,
        Role.GI_WORKER,
        Role.BOARD_INVESTIGATOR,
    }
)

# What each role does in Zicht, as the home page tells it (translated to plain Dutch, addressed to the user).
ROLE_TASKS: dict[Role, list] = {
    Role.YOUTH_WORKER: [
        _("You direct the help for families in the voluntary phase."),
        _("You log home visits and other contacts."),
        _("You write a safety plan together with the family and print it for them."),
        _("You submit a family to the Beschermtafel when voluntary help is not enough."),
    ],
    Role.TEAM_LEAD: [
        _("You see all of your team's cases and who directs each one."),
        _("You assign the director of a case."),
        _("You see which cases have stalled and which children are falling out of view."),
        _("You co-sign safety plans."),
    ],
    Role.VT_WORKER: [
        _("You hand a family over to the local team, with the safety conditions."),
        _("You follow whether the handover has been accepted."),
        _("You monitor whether the family becomes and stays safe."),
    ],
    Role.TABLE_CHAIR: [
        _("You receive submissions to the Beschermtafel."),
        _("You build the agenda of a meeting and print the agenda pack."),
        _("You record the table's outcome: advice, agreements under pressure or a Raad investigation."),
    ],
    Role.TABLE_MEMBER: [
        _("You read the submissions of the meetings you sit in, and nothing else."),
    ],
    Role.GI_WORKER: [
        _("You direct the case once the juvenile court has ordered a measure."),
        _("You log contacts and work with the youth professional who stays beside the family."),
    ],
    Role.BOARD_INVESTIGATOR: [
        _("You read the case file while the Raad voor de Kinderbescherming investigates."),
    ],
    Role.ADMIN: [
        _("You manage organisations, teams and users."),
        _("You do not see families' case files."),
    ],
    Role.MUNICIPALITY: [
        _("You see the figures of the teams serving your municipality: numbers, never names."),
        _("You do not see families' case files."),
    ],
    Role.PRIVACY_OFFICER: [
        _("You review who has looked at which case file."),
        _("You answer a family's request to see who has looked at their file."),
    ],
}

# Model permissions the functional admin gets in the Django admin: people and organisations only.
ADMIN_PERMISSIONS = [
    ("accounts", "organisation", ("add", "change", "view")),
    ("accounts", "team", ("add", "change", "view")),
    # Which team receives Veilig Thuis handovers for a municipality.
    ("accounts", "municipality", ("add", "change", "view")),
    ("accounts", "user", ("add", "change", "view")),
    ("flags", "rulesetting", ("add", "change", "delete", "view")),
    # Login lockouts (django-axes): see them and lift them; the lockout page sends users to the admin.
    ("axes", "accessattempt", ("view", "delete")),
    ("axes", "accessfailurelog", ("view",)),
    # Beschermtafels: their members and organisations; meetings and agendas are the chair's.
    ("tables", "table", ("add", "change", "view")),
]


def roles_of(user) -> list[Role]:
    """The user's roles, read once per user object (a request's user lives for one request; the login
    backend reads them with the user)."""
    roles = getattr(user, "_roles", None)  # through the lazy wrapper of request.user, on the user itself
    if roles is None:
        roles = user._roles = user.roles if user.is_authenticated else []
    return roles


def roles_named(group_names: set[str]) -> list[Role]:
    """The roles among the names of a user's groups, in the order of Role."""
    return [role for role in Role if role.value in group_names]


def remember_roles(user, group_names: set[str]) -> None:
    """What roles_of answers for this user object, from the names of the groups the user is in."""
    user._roles = roles_named(group_names)
