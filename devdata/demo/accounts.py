"""The demo organisations and users that seed_demo creates (dev and test settings only)."""

from dataclasses import dataclass

from accounts.models import Organisation
from accounts.roles import Role

DEMO_PASSWORD = "demo"  # noqa: S105 - refused outside dev/test by seed_demo

Kind = Organisation.Kind

# (organisation, kind, teams)
ORGANISATIONS = [
    ("Jeugdteam Zaanstad", Kind.LOCAL_TEAM, ["Team Zaandam-Oost", "Team Zaandam-West"]),
    ("Veilig Thuis Zaanstreek-Waterland", Kind.VEILIG_THUIS, ["Team Overdracht en Monitoring"]),
    ("Jeugdbescherming Zaanstreek", Kind.CERTIFIED_INSTITUTION, ["Team Zaanstad"]),
    ("Raad voor de Kinderbescherming", Kind.CHILD_PROTECTION_BOARD, ["Regio Noord-Holland Noord"]),
    ("Gemeente Zaanstad", Kind.MUNICIPALITY, []),
    ("Secretariaat Beschermtafel Zaanstreek-Waterland", Kind.TABLE_SECRETARIAT, ["Beschermtafel Zaanstad"]),
]


# (CBS code, name): the municipalities of the Zaanstreek-Waterland region.
MUNICIPALITIES = [
    ("GM0479", "Zaanstad"),
    ("GM0880", "Wormerland"),
    ("GM0431", "Oostzaan"),
    ("GM0415", "Landsmeer"),
    ("GM0439", "Purmerend"),
    ("GM0385", "Edam-Volendam"),
    ("GM0852", "Waterland"),
    ("GM0363", "Amsterdam"),
]
TEAM_MUNICIPALITIES = {"Team Zaandam-Oost": ["Zaanstad"], "Team Zaandam-West": ["Zaanstad"]}
# Where a handover goes when Veilig Thuis names no team (municipality -> team).
HANDOVER_TEAMS = {"Zaanstad": "Team Zaandam-Oost"}
# Phone numbers printed on the family's plan (fictional).
TEAM_PHONES = {"Team Zaandam-Oost": "075 681 00 00", "Team Zaandam-West": "075 681 00 10"}
# The team whose caseload the demo fills, and its directors in turn.
DEMO_CASE_TEAM = "Team Zaandam-Oost"
DEMO_DIRECTORS = ["jeugdprofessional", "jeugdprofessional", "teamleider"]
# Who is named on demo cases from outside the team, per case role.
DEMO_OUTSIDE = {
    "vt_monitor": "veiligthuis",
    "gi_worker": "jeugdbeschermer",
    "board_investigator": "raadsonderzoeker",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str
    team: str | None
    phone: str = ""


USERS = [
    DemoUser(
        "jeugdprofessional",
        "Sanne",
        "de Vries",
        Role.YOUTH_WORKER,
        "Jeugdteam Zaanstad",
        "Team Zaandam-Oost",
        phone="06 1234 5678",
    ),
    DemoUser("teamleider", "Mohamed", "El Amrani", Role.TEAM_LEAD, "Jeugdteam Zaanstad", "Team Zaandam-Oost"),
    DemoUser(
        "veiligthuis",
        "Ingrid",
        "Bakker",
        Role.VT_WORKER,
        "Veilig Thuis Zaanstreek-Waterland",
        "Team Overdracht en Monitoring",
    ),
    DemoUser(
        "voorzitter",
        "Peter",
        "Jansen",
        Role.TABLE_CHAIR,
        "Secretariaat Beschermtafel Zaanstreek-Waterland",
        "Beschermtafel Zaanstad",
    ),
    DemoUser("tafellid", "Fatma", "Yılmaz", Role.TABLE_MEMBER, "Gemeente Zaanstad", None),
    DemoUser(
        "jeugdbeschermer", "Kees", "Visser", Role.GI_WORKER, "Jeugdbescherming Zaanstreek", "Team Zaanstad"
    ),
    DemoUser(
        "raadsonderzoeker",
        "Anouk",
        "Smit",
        Role.BOARD_INVESTIGATOR,
        "Raad voor de Kinderbescherming",
        "Regio Noord-Holland Noord",
    ),
    DemoUser("beheerder", "Rob", "Mulder", Role.ADMIN, "Gemeente Zaanstad", None),
    DemoUser("privacy", "Lisa", "de Boer", Role.PRIVACY_OFFICER, "Gemeente Zaanstad", None),
    # Destroying a file takes two people (four eyes): a second privacy officer.
    DemoUser("privacy2", "Mark", "Bakker", Role.PRIVACY_OFFICER, "Gemeente Zaanstad", None),
    DemoUser("gemeente", "Jeroen", "de Wit", Role.MUNICIPALITY, "Gemeente Zaanstad", None),
]
# A municipality's own organisation and the municipality it is.
ORGANISATION_MUNICIPALITIES = {"Gemeente Zaanstad": "Zaanstad"}
