"""Insider holes (issue 12): ids in form bodies are scoped to what the user may see; errors name no other file."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, Membership, Person
from flags.models import Flag
from flags.services import flags_evaluate
from tests import factories

pytestmark = pytest.mark.django_db

BSN = "111222333"  # passes the elfproef


def _closed_west_case(west_worker, west, **child):
    case = factories.case(
        team=west, director=west_worker, children=1, first_child=factories.person_data(**child)
    )
    services.case_transition(
        case=case, to="closed", by=west_worker, reason="Klaar", closing_reason="safe_enough",
        expected_version=case.version,
    )  # fmt: skip
    return case


@pytest.fixture
def west_worker(west):
    return factories.user("wendy", teams=(west,))


def _start_form(team, director, child: Person | None = None, **overrides) -> dict:
    form = {
        "household_name": "Gezin Nieuw",
        "street": "Dam",
        "house_number": "1",
        "postcode": "1501 ab",
        "city": "Zaandam",
        "municipality": factories.municipality().pk,
        "living_since": "2020-01-01",
        "given_name": child.given_name if child else "Noor",
        "surname_prefix": "",
        "surname": child.surname if child else "Visser",
        "birth_date": child.birth_date.isoformat() if child else "2015-03-03",
        "gender": "",
        "bsn": "",
        "relation": "child",
        "team": team.pk,
        "director": director.pk,
        "opened_on": timezone.localdate().isoformat(),
        "reason": "Nieuwe melding van school",
    }
    return form | overrides


def test_a_hidden_family_id_cannot_open_a_case_on_another_teams_family(
    client, oost, worker, west, west_worker
):
    other = _closed_west_case(west_worker, west)
    client.force_login(worker)
    cases_before = Case.objects.count()

    for extra in ({"follow_up": "on"}, {}):
        response = client.post(
            "/casussen/nieuw/", _start_form(oost, worker, existing_family=other.family_id, **extra)
        )
        assert response.status_code == 404
        html = response.content.decode()
        assert other.number not in html and west.name not in html and other.family.name not in html

    assert Case.objects.count() == cases_before


def test_the_duplicate_check_shows_no_family_of_another_team(client, oost, worker, west, west_worker):
    other = _closed_west_case(west_worker, west)
    child = factories.children_of(other)[0]
    client.force_login(worker)

    html = client.post("/casussen/nieuw/", _start_form(oost, worker, child=child)).content.decode()

    assert other.family.name not in html
    assert f'value="{other.family_id}"' not in html
    assert "misschien al bekend" not in html
    # Not shown means not linked either: a person of their own is made in a new household.
    new = Case.objects.exclude(pk=other.pk).get()
    assert new.team == oost
    assert not Membership.objects.filter(family=new.family, person=child).exists()


def test_a_bsn_known_in_another_teams_file_is_refused_without_saying_whose(
    client, oost, worker, west, west_worker
):
    other = _closed_west_case(west_worker, west, bsn=BSN)
    client.force_login(worker)

    response = client.post("/casussen/nieuw/", _start_form(oost, worker, bsn=BSN))

    html = response.content.decode()
    assert response.status_code == 200
    assert "in een dossier dat u niet mag inzien" in html
    assert "noodtoegang" in html
    for secret in (other.number, other.family.name, west.name, factories.children_of(other)[0].given_name):
        assert secret not in html
    assert Case.objects.count() == 1


def test_any_person_cannot_be_pulled_into_your_household(client, a_case, worker, west, west_worker):
    other = _closed_west_case(west_worker, west)
    stranger = factories.children_of(other)[0]
    client.force_login(worker)

    response = client.post(
        f"/casussen/{a_case.pk}/gezinslid/",
        {"existing_person": stranger.pk, "relation": "child", "parental_authority": ""},
    )

    assert response.status_code == 200  # the form again, with an error; nothing about the stranger
    assert stranger.given_name not in response.content.decode()
    assert not Membership.objects.filter(family=a_case.family, person=stranger).exists()
    assert stranger not in a_case.children.all()


def test_a_person_you_may_see_can_still_be_linked(client, a_case, worker, oost):
    sibling_case = factories.case(team=oost, director=worker, children=1)
    half_sister = factories.children_of(sibling_case)[0]
    client.force_login(worker)

    response = client.post(
        f"/casussen/{a_case.pk}/gezinslid/",
        {"existing_person": half_sister.pk, "relation": "child", "parental_authority": ""},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(family=a_case.family, person=half_sister).exists()


# Who may note or snooze a signal on an INVESTIGATION case, through HTTP: read-only roles may not.
FLAG_MATRIX = {
    "director": True,
    "co_worker": True,
    "team_lead": True,
    "vt_monitor": False,
    "board_investigator": False,
}


@pytest.mark.parametrize(("who", "allowed"), FLAG_MATRIX.items())
def test_only_who_works_or_directs_the_case_can_note_or_snooze_a_signal(
    client, oost, worker, colleague, lead, vt_worker, investigator, who, allowed
):
    case = factories.case(team=oost, director=worker, children=1)
    services.case_assign(
        case=case, by=worker, director=worker, co_workers=[colleague], expected_version=case.version
    )
    for role, user in (("vt_monitor", vt_worker), ("board_investigator", investigator)):
        services.case_involve(case=case, by=worker, role=role, user=user, expected_version=case.version)
    factories.walk(case, worker, "voluntary", "pressure", "investigation", investigator=investigator)
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    flags_evaluate(rules=["OV-01"])
    flag = Flag.objects.get(case=case, rule="OV-01")
    user = {"director": worker, "co_worker": colleague, "team_lead": lead, "vt_monitor": vt_worker,
            "board_investigator": investigator}[who]  # fmt: skip
    client.force_login(user)

    page = client.get(f"/casussen/{case.pk}/").content.decode()
    note = client.post(f"/casussen/{case.pk}/signalen/{flag.pk}/", {"note": "Gezien"})
    until = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    snooze = client.post(f"/casussen/{case.pk}/signalen/{flag.pk}/", {"until": until, "reason": "Vakantie"})

    flag.refresh_from_db()
    assert ("Noteren of uitstellen" in page) is allowed
    assert (note.status_code, snooze.status_code) == ((302, 302) if allowed else (403, 403))
    assert (flag.acknowledged_at is not None, flag.snoozed_until is not None) == (allowed, allowed)
