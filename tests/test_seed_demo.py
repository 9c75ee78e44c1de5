import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Organisation, Team, User

pytestmark = pytest.mark.django_db

EXPECTED_USERS = {
    "jeugdprofessional": ("youth_worker", "Jeugdteam Zaanstad"),
    "teamleider": ("team_lead", "Jeugdteam Zaanstad"),
    "veiligthuis": ("vt_worker", "Veilig Thuis Zaanstreek-Waterland"),
    "voorzitter": ("table_chair", "Secretariaat Beschermtafel Zaanstreek-Waterland"),
    "tafellid": ("table_member", "Gemeente Zaanstad"),
    "jeugdbeschermer": ("gi_worker", "Jeugdbescherming Zaanstreek"),
    "raadsonderzoeker": ("board_investigator", "Raad voor de Kinderbescherming"),
    "beheerder": ("admin", "Gemeente Zaanstad"),
    "privacy": ("privacy_officer", "Gemeente Zaanstad"),
    "gemeente": ("municipality", "Gemeente Zaanstad"),
}


def _snapshot() -> dict:
    tables = ["accounts_organisation", "accounts_team", "accounts_user", "accounts_user_groups", "auth_group"]
    snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - fixed table names
            snapshot[table] = cursor.fetchall()
    return snapshot


def test_seed_demo_creates_one_user_per_role_with_password_demo():
    call_command("seed_demo", verbosity=0)
    users = {user.username: user for user in User.objects.select_related("organisation")}
    assert set(users) == set(EXPECTED_USERS)
    for username, (role, organisation) in EXPECTED_USERS.items():
        assert [r.value for r in users[username].roles] == [role]
        assert users[username].organisation.name == organisation
        assert users[username].check_password("demo")
    assert users["beheerder"].is_staff
    assert not any(user.is_superuser for user in users.values())
    assert set(Organisation.objects.values_list("kind", flat=True)) == {
        "local_team",
        "veilig_thuis",
        "certified_institution",
        "child_protection_board",
        "municipality",
        "table_secretariat",
    }
    assert list(users["jeugdprofessional"].teams) == [Team.objects.get(name="Team Zaandam-Oost")]
    assert users["gemeente"].organisation.municipality.name == "Zaanstad"


def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    before = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == before


def test_seed_demo_is_refused_outside_dev_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="refused"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
