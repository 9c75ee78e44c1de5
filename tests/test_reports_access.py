"""Who may open the reports, through HTTP with the demo users: a literal matrix, written out here.

Team leads see their own teams, the municipality the teams serving it; everyone else gets a 404, and so
does a team in the query string that the user may not see.
"""

import pytest

from accounts.models import Team

pytestmark = pytest.mark.django_db

PAGE, CSV = "/rapportages/", "/rapportages/export.csv"

# username -> (page, CSV)
EXPECTED = {
    "jeugdprofessional": (404, 404),
    "teamleider": (200, 200),
    "veiligthuis": (404, 404),
    "voorzitter": (404, 404),
    "tafellid": (404, 404),  # sits at the table for the municipality: not its reports
    "jeugdbeschermer": (404, 404),
    "raadsonderzoeker": (404, 404),
    "beheerder": (404, 404),  # works for the municipality, manages people: no figures
    "privacy": (404, 404),
    "gemeente": (200, 200),
}


def test_every_demo_user_gets_the_report_or_a_404(client, demo_users, reauthenticate):
    assert set(EXPECTED) <= set(demo_users)
    found = {}
    for username, user in demo_users.items():
        client.force_login(user)
        reauthenticate()  # the CSV, a bulk export, asks for the password first (below)
        found[username] = (client.get(PAGE).status_code, client.get(CSV).status_code)
    assert {name: found[name] for name in EXPECTED} == EXPECTED


# username -> the CSV before confirming the password: asked for it, or the 404 straight away.
EXPECTED_CSV_UNCONFIRMED = {
    "jeugdprofessional": 404,
    "teamleider": 302,
    "veiligthuis": 404,
    "voorzitter": 404,
    "tafellid": 404,
    "jeugdbeschermer": 404,
    "raadsonderzoeker": 404,
    "beheerder": 404,
    "privacy": 404,
    "gemeente": 302,
}


def test_the_csv_asks_for_the_password_first_and_only_those_who_may_see_it(client, demo_users):
    found = {}
    for username in EXPECTED_CSV_UNCONFIRMED:
        client.force_login(demo_users[username])
        response = client.get(CSV)
        found[username] = response.status_code
        if response.status_code == 302:
            assert response["Location"] == "/account/bevestigen/?next=%2Frapportages%2Fexport.csv", username
    assert found == EXPECTED_CSV_UNCONFIRMED


def test_the_menu_offers_reports_exactly_to_those_who_may_open_them(client, demo_users):
    for username, (page, _csv) in EXPECTED.items():
        client.force_login(demo_users[username])
        home = client.get("/").content.decode()
        assert (f'href="{PAGE}"' in home) is (page == 200), username


def test_without_logging_in_the_report_asks_to_log_in(client, db):
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")


def test_a_team_in_the_query_string_outside_what_the_user_may_see_is_a_404(
    client, demo_users, reauthenticate
):
    oost = Team.objects.get(name="Team Zaandam-Oost")
    west = Team.objects.get(name="Team Zaandam-West")
    gi_team = Team.objects.get(name="Team Zaanstad")  # the certified institution's: serves no municipality
    queries = {
        "own team": {"team": str(oost.pk)},
        "other local team": {"team": str(west.pk)},
        "team of another organisation": {"team": str(gi_team.pk)},
        "no such team": {"team": "999999"},
        "not a number": {"team": "Oost"},
        "huge": {"team": "9" * 30},
        "all": {"team": ""},
    }
    expected = {
        "teamleider": {
            "own team": 200,
            "other local team": 404,
            "team of another organisation": 404,
            "no such team": 404,
            "not a number": 404,
            "huge": 404,
            "all": 200,
        },
        "gemeente": {
            "own team": 200,
            "other local team": 200,
            "team of another organisation": 404,
            "no such team": 404,
            "not a number": 404,
            "huge": 404,
            "all": 200,
        },
    }
    for username, rows in expected.items():
        client.force_login(demo_users[username])
        reauthenticate()
        for url in (PAGE, CSV):
            found = {name: client.get(url, query).status_code for name, query in queries.items()}
            assert found == rows, (username, url)


def test_the_team_lead_sees_only_their_team_and_the_municipality_both_teams(client, demo_users):
    client.force_login(demo_users["teamleider"])
    page = client.get(PAGE).content.decode()
    assert "Team Zaandam-Oost" in page and "Team Zaandam-West" not in page
    client.force_login(demo_users["gemeente"])
    page = client.get(PAGE).content.decode()
    assert "Team Zaandam-Oost" in page and "Team Zaandam-West" in page
    assert "Alle teams voor Zaanstad" in page


def test_a_municipality_user_whose_organisation_is_no_municipality_sees_nothing(client, demo_users):
    user = demo_users["gemeente"]
    user.organisation.__class__.objects.filter(pk=user.organisation_id).update(municipality=None)
    client.force_login(user)
    assert client.get(PAGE).status_code == 404
