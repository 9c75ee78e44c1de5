"""The functional admin names, per municipality, the team that receives Veilig Thuis handovers (issue 15)."""

import pytest

from accounts.models import Municipality, Team

pytestmark = pytest.mark.django_db

REFUSED = "Kies een lokaal team dat deze gemeente bedient."


def _post(client, municipality: Municipality, team: Team):
    return client.post(
        f"/beheer/accounts/municipality/{municipality.pk}/change/",
        {"name": municipality.name, "code": municipality.code, "handover_team": team.pk},
    )


def test_the_admin_names_the_team_and_only_a_local_team_serving_the_municipality(client, login, demo_users):
    zaanstad = Municipality.objects.get(name="Zaanstad")
    oost = Team.objects.get(name="Team Zaandam-Oost")
    west = Team.objects.get(name="Team Zaandam-West")
    vt_team = Team.objects.get(name="Team Overdracht en Monitoring")
    assert zaanstad.handover_team == oost  # the demo's choice
    login("beheerder")

    page = client.get(f"/beheer/accounts/municipality/{zaanstad.pk}/change/").content.decode()
    assert "Team dat overdrachten ontvangt" in page
    assert vt_team.name not in page  # only local teams are offered
    response = _post(client, zaanstad, vt_team)
    assert response.status_code == 200
    assert REFUSED in response.content.decode() or "Selecteer een geldige keuze" in response.content.decode()

    assert _post(client, zaanstad, west).status_code == 302
    zaanstad.refresh_from_db()
    assert zaanstad.handover_team == west

    west.municipalities.clear()
    response = _post(client, zaanstad, west)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    zaanstad.refresh_from_db()
    assert zaanstad.handover_team == west  # unchanged by the refused post


def test_a_case_worker_cannot_reach_the_municipality_admin(client, login, demo_users):
    login("jeugdprofessional")
    zaanstad = Municipality.objects.get(name="Zaanstad")
    response = client.get(f"/beheer/accounts/municipality/{zaanstad.pk}/change/")
    assert response.status_code == 302 and "/login/" in response["Location"]
