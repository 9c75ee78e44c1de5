import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import Organisation, Team, User
from cases.models import Case, CaseChild, Contact
from core.dates import working_days_between
from flags.models import Flag
from measures.models import Measure
from referrals.models import MonitoringMoment, Referral, ReferralEvent
from safetyplans.models import SafetyPlan
from tables.models import Outcome, Submission

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
    "privacy2": ("privacy_officer", "Gemeente Zaanstad"),
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
    users = {
        user.username: user for user in User.objects.select_related("organisation").filter(api_client=None)
    }
    # Veilig Thuis's registration system, for trying the API: its account cannot log in.
    technical = User.objects.get(api_client__organisation__name="Veilig Thuis Zaanstreek-Waterland")
    assert not technical.has_usable_password() and not technical.email
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


# -- the past year for the report (devdata/demo/reports.py) ---------------------------------------------


def _history() -> dict:
    """What seed_demo wrote for the past year: the historical handovers and the cases they became."""
    referrals = Referral.objects.filter(reference__startswith="VT-H-")
    cases = Case.objects.filter(referrals__in=referrals)
    return {
        "referrals": referrals.count(),
        "events": ReferralEvent.objects.filter(referral__in=referrals).count(),
        "cases": cases.count(),
        "contacts": Contact.objects.filter(case__in=cases).count(),
        "plans": SafetyPlan.objects.filter(case__in=cases).count(),
        "submissions": Submission.objects.filter(case__in=cases).count(),
        "measures": Measure.objects.filter(case__in=cases).count(),
        "flags": Flag.objects.filter(case__in=cases).count(),
        "all cases": Case.objects.count(),
    }


def test_seed_demo_gives_a_past_year_shaped_like_zaanstads_funnel():
    call_command("seed_demo", verbosity=0)
    now, today = timezone.now(), timezone.localdate()
    year_ago = now - dt.timedelta(days=365)
    referrals = Referral.objects.filter(reference__startswith="VT-H-")
    assert referrals.count() == 66
    assert not referrals.filter(sent_at__lt=year_ago).exists()
    # spread over the year, so months and quarters differ
    assert len({timezone.localtime(r.sent_at).month for r in referrals}) >= 10

    events = ReferralEvent.objects.filter(referral__in=referrals)
    oost, west = Team.objects.get(name="Team Zaandam-Oost"), Team.objects.get(name="Team Zaandam-West")
    assert events.filter(kind="sent", team=oost).count() == 60
    assert events.filter(kind="accepted", team=oost).count() == 51
    assert events.filter(kind="returned", team=oost).count() == 5
    assert events.filter(kind="forwarded", from_team=oost, team=west).count() == 4
    assert events.filter(kind="accepted", team=west).count() == 10

    # Veilig Thuis monitored them all, and has no moment of the past year left on its list
    moments = MonitoringMoment.objects.filter(referral__in=referrals)
    assert moments.count() >= 51 + 10
    assert not moments.filter(result="").exists()

    cases = Case.objects.filter(referrals__in=referrals)
    assert cases.count() == 61
    assert not cases.exclude(phase="closed").exists()
    assert not cases.filter(closed_on__lt=today - dt.timedelta(days=365)).exists()
    assert Counter(cases.values_list("team__name", "closing_reason")) == {
        ("Team Zaandam-Oost", "safe_enough"): 41,
        ("Team Zaandam-Oost", "moved_away"): 5,
        ("Team Zaandam-Oost", "other"): 3,
        ("Team Zaandam-Oost", "measure_ended"): 2,
        ("Team Zaandam-West", "safe_enough"): 7,
        ("Team Zaandam-West", "other"): 2,
        ("Team Zaandam-West", "moved_away"): 1,
    }
    assert len({case.closed_on.month for case in cases}) >= 8

    submissions = Submission.objects.filter(case__in=cases)
    assert submissions.count() == 9
    assert not submissions.filter(submitted_at__lt=year_ago).exists()
    assert Counter(Outcome.objects.filter(case__in=cases).values_list("kind", "board_decision")) == {
        ("voluntary_sufficient", ""): 3,
        ("pressure", ""): 3,
        ("board_investigation", "started"): 2,
        ("board_investigation", "not_started"): 1,
    }
    measures = Measure.objects.filter(case__in=cases)
    assert Counter(measures.values_list("kind", flat=True)) == {
        "interim_supervision": 1,
        "supervision": 2,
        "placement": 1,
    }
    assert not measures.filter(starts_on__lt=today - dt.timedelta(days=365)).exists()
    assert not measures.filter(ended_on=None).exists()  # the cases closed when the court lifted them

    # every child seen face to face within a few working days of acceptance, and last seen by closing
    for link in CaseChild.objects.filter(case__in=cases).select_related("case"):
        first = Contact.objects.filter(case=link.case, children_seen=link.child_id).order_by("occurred_at")[0]
        assert 1 <= working_days_between(link.case.opened_on, first.occurred_at.date()) <= 8
        assert link.last_seen_at is not None
        assert timezone.localtime(link.last_seen_at).date() <= link.case.closed_on
    assert SafetyPlan.objects.filter(case__in=cases, state="agreed").count() == 42
    flags = Flag.objects.filter(case__in=cases)
    assert flags.count() == 21
    assert not flags.filter(resolved_at=None).exists()


def test_seed_demo_past_year_is_written_once_and_leaves_the_demo_cases_alone():
    call_command("seed_demo", verbosity=0)
    before = _history()
    call_command("seed_demo", verbosity=0)
    assert _history() == before
    demo_cases = Case.objects.exclude(referrals__reference__startswith="VT-H-")
    # cases.py, the two handovers referrals.py accepts, and privacy.py's three files closed long ago
    assert demo_cases.count() == 35
    # the demo cases were numbered first; the past year's cases come after them in each year
    numbers = sorted(demo_cases.values_list("number", flat=True))
    per_year = Counter(number.split("-")[1] for number in numbers)
    assert numbers == sorted(
        f"Z-{year}-{n:05d}" for year, count in per_year.items() for n in range(1, count + 1)
    )
