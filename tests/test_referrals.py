"""The handover from Veilig Thuis to the local team, across both organisations."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import Notification, Organisation
from accounts.roles import Role
from audit.models import AccessEvent
from cases.models import Case, CaseAssignment, Phase
from referrals import services
from referrals.models import MonitoringMoment, Referral, ReferralEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def vt(db):
    organisation = factories.organisation("Veilig Thuis Zaanstreek-Waterland", Organisation.Kind.VEILIG_THUIS)
    return factories.user("ingrid", role=Role.VT_WORKER, organisation=organisation)


def _form(vt_team_municipality, **overrides):
    data = {
        "form_token": str(uuid.uuid4()),
        "reference": "VT-2026-0042",
        "urgency": "high",
        "outcome_code": "VT-01-02",
        "what_happened": "Politie-inzet na ruzie; kinderen waren erbij.",
        "since": "augustus",
        "reporter": "Buurvrouw Jansen, 06-12345678",
        "street": "Dam",
        "house_number": "3",
        "postcode": "1501 ab",
        "city": "Zaandam",
        "municipality": vt_team_municipality.pk,
        "receiving_team": "",
        "conditions": "Vader slaat niet.\n- Moeder belt 112 bij dreiging\n\n",
        "monitoring_months": "3, 6",
        "persons-TOTAL_FORMS": "4",
        "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "1",
        "persons-MAX_NUM_FORMS": "12",
        "persons-0-given_name": "Noor",
        "persons-0-surname": "Bakker",
        "persons-0-birth_date": "2016-04-01",
        "persons-0-bsn": "111222333",
        "persons-0-relation": "child",
        "persons-1-given_name": "Eva",
        "persons-1-surname": "Bakker",
        "persons-1-birth_date": "1988-02-02",
        "persons-1-relation": "parent",
        "persons-2-relation": "child",
        "persons-3-relation": "child",
        "send": "1",
    }
    data.update(overrides)
    return data


def _send(client, vt, **overrides) -> Referral:
    client.force_login(vt)
    response = client.post("/overdrachten/nieuw/", _form(factories.municipality(), **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Referral.objects.latest("pk")


def _accept(referral, by, director, family=None) -> Case:
    referral.refresh_from_db()
    return services.referral_accept(
        referral=referral, by=by, director=director, family=family, expected_version=referral.version
    )


def test_the_whole_journey_across_both_organisations(client, vt, oost, lead, worker, mailoutbox):
    referral = _send(client, vt)
    assert referral.state == "sent"
    assert referral.receiving_team == oost  # proposed from the municipality
    assert list(referral.conditions.values_list("text", flat=True)) == [
        "Vader slaat niet.",
        "Moeder belt 112 bij dreiging",
    ]
    assert [(m.months_after_acceptance, m.is_default) for m in referral.monitoring_moments.all()] == [
        (3, True),
        (6, True),
    ]

    client.force_login(lead)
    inbox = client.get("/overdrachten/inbox/").content.decode()
    assert "VT-2026-0042" in inbox
    detail = client.get(f"/overdrachten/{referral.pk}/").content.decode()
    assert "Politie-inzet" in detail
    assert "Buurvrouw Jansen" not in detail  # the reporter is Veilig Thuis's only

    response = client.post(
        f"/overdrachten/{referral.pk}/accepteren/",
        {"family": "new", "director": worker.pk, "version": referral.version},
    )
    case = Case.objects.get()
    assert response["Location"] == f"/casussen/{case.pk}/"
    assert case.phase == Phase.VOLUNTARY
    assert case.team == oost
    assert {child.full_name for child in case.children.all()} == {"Noor Bakker"}
    assert list(case.safety_conditions.values_list("text", flat=True)) == [
        "Vader slaat niet.",
        "Moeder belt 112 bij dreiging",
    ]
    referral.refresh_from_db()
    assert (referral.state, referral.accepted_by, referral.case) == ("accepted", lead, case)
    assert referral.monitoring_moments.first().due_on is not None
    assert CaseAssignment.objects.filter(case=case, user=vt, role="vt_monitor", ends_at__isnull=True).exists()
    assert CaseAssignment.objects.filter(
        case=case, user=worker, role="director", ends_at__isnull=True
    ).exists()

    client.force_login(worker)
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert "Overdracht van Veilig Thuis geaccepteerd" in page

    client.force_login(vt)
    outbox = client.get("/overdrachten/").content.decode()
    assert "Geaccepteerd" in outbox and case.number in outbox
    assert Notification.objects.filter(recipient=vt).exists()


def test_bad_input_is_explained_in_dutch_and_nothing_is_saved(client, vt, oost):
    client.force_login(vt)
    form = _form(factories.municipality(), **{"persons-0-bsn": "123456789", "conditions": " \n "})
    html = client.post("/overdrachten/nieuw/", form).content.decode()
    assert "Dit is geen geldig BSN" in html
    assert "Dit veld is verplicht." in html
    assert "Politie-inzet na ruzie" in html  # the text typed so far stays
    assert not Referral.objects.exists()


def test_sending_twice_creates_one_referral(client, vt, oost):
    client.force_login(vt)
    form = _form(factories.municipality())
    first = client.post("/overdrachten/nieuw/", form)
    second = client.post("/overdrachten/nieuw/", form)  # double click / refresh: same form token
    assert first["Location"] == second["Location"]
    assert Referral.objects.count() == 1
    referral = Referral.objects.get()
    client.post(f"/overdrachten/{referral.pk}/versturen/")
    assert ReferralEvent.objects.filter(kind="sent").count() == 1


def test_a_sent_referral_is_never_deleted_only_withdrawn_with_a_reason(client, vt, oost):
    referral = _send(client, vt)
    client.force_login(vt)
    client.post(f"/overdrachten/{referral.pk}/intrekken/", {"reason": ""})
    referral.refresh_from_db()
    assert referral.state == "sent"
    client.post(f"/overdrachten/{referral.pk}/intrekken/", {"reason": "Dubbel verstuurd"})
    referral.refresh_from_db()
    assert referral.state == "withdrawn"
    assert ReferralEvent.objects.get(kind="withdrawn").reason == "Dubbel verstuurd"


def test_returning_and_forwarding_always_carry_a_reason_veilig_thuis_can_read(client, vt, oost, west, lead):
    referral = _send(client, vt)
    client.force_login(lead)
    client.post(
        f"/overdrachten/{referral.pk}/doorsturen/",
        {"team": west.pk, "reason": "", "version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.receiving_team == oost
    client.post(
        f"/overdrachten/{referral.pk}/doorsturen/",
        {"team": west.pk, "reason": "Woont in West", "version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.receiving_team == west and referral.state == "sent"
    assert "VT-2026-0042" not in client.get("/overdrachten/inbox/").content.decode()
    assert client.get(f"/overdrachten/{referral.pk}/").status_code == 404  # no longer Oost's to see

    west_lead = factories.user("westlead", role=Role.TEAM_LEAD, teams=(west,))
    client.force_login(west_lead)
    client.post(
        f"/overdrachten/{referral.pk}/terugsturen/",
        {"reason": "Welk adres klopt?", "version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.state == "returned"
    client.force_login(vt)
    history = client.get(f"/overdrachten/{referral.pk}/").content.decode()
    assert "Woont in West" in history and "Welk adres klopt?" in history


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_at_once_make_one_case(client, vt, oost, lead, worker):
    referral = _send(client, vt)
    version = referral.version
    results = []

    def accept(user):
        try:
            services.referral_accept(
                referral=Referral.objects.get(pk=referral.pk), by=user, director=worker, family=None,
                expected_version=version,
            )  # fmt: skip
            results.append("accepted")
        except ValidationError as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (lead, worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("accepted") == 1
    refusal = next(result for result in results if result != "accepted")
    assert "heeft deze overdracht" in refusal and "al geaccepteerd" in refusal
    assert Case.objects.count() == 1


def test_matching_links_a_known_family_instead_of_duplicating_it(client, vt, oost, lead, worker):
    known = factories.case(
        team=oost, director=worker, children=1, first_child=factories.person_data(bsn="111222333")
    )
    services_close = __import__("cases.services", fromlist=["case_transition"])
    services_close.case_transition(
        case=known,
        to="closed",
        by=worker,
        reason="Klaar",
        closing_reason="safe_enough",
        expected_version=known.version,
    )
    referral = _send(client, vt)
    client.force_login(lead)
    page = client.get(f"/overdrachten/{referral.pk}/accepteren/").content.decode()
    assert "zelfde BSN" in page and known.family.name in page
    client.post(
        f"/overdrachten/{referral.pk}/accepteren/",
        {"family": str(known.family_id), "director": worker.pk, "version": referral.version},
    )
    follow_up = Case.objects.exclude(pk=known.pk).get()
    assert follow_up.family == known.family
    assert follow_up.follow_up_of == known  # closed less than three months ago: linked, not a stranger


def test_a_look_alike_in_another_teams_file_is_not_offered_nor_accepted(client, vt, oost, west, lead, worker):
    """Same name and birth date, no BSN: in a file the accepting team may not see, so not shown or linkable."""
    west_worker = factories.user("wendy", teams=(west,))
    other = factories.case(
        team=west,
        director=west_worker,
        children=1,
        first_child=factories.person_data(
            given_name="Noor", surname="Bakker", birth_date=dt.date(2016, 4, 1)
        ),
    )
    referral = _send(client, vt, **{"persons-0-bsn": ""})
    client.force_login(lead)

    page = client.get(f"/overdrachten/{referral.pk}/accepteren/").content.decode()
    assert other.family.name not in page and other.number not in page

    response = client.post(
        f"/overdrachten/{referral.pk}/accepteren/",
        {"family": str(other.family_id), "director": worker.pk, "version": referral.version},
    )
    assert response.status_code == 200  # not one of the choices: the form again
    assert not Case.objects.filter(family=other.family).exclude(pk=other.pk).exists()


def test_a_new_referral_on_an_open_case_attaches_and_alerts_the_director(client, vt, oost, west, worker):
    open_case = factories.case(team=west, director=factories.user("west1", teams=(west,)), children=1,
                               first_child=factories.person_data(bsn="111222333"))  # fmt: skip
    referral = _send(client, vt)
    assert referral.case == open_case
    assert referral.receiving_team == west  # it goes to the team that holds the case
    director = open_case.assignments.get(role="director").user
    assert Notification.objects.filter(recipient=director, text__contains=open_case.number).exists()


class TestMonitoring:
    @pytest.fixture
    def accepted(self, client, vt, oost, lead, worker):
        referral = _send(client, vt)
        return referral, _accept(referral, lead, worker)

    def test_the_monitor_sees_contacts_and_sightings_but_not_notes(self, client, accepted, vt, worker):
        _referral, case = accepted
        child = case.children.get()
        from cases.services import contact_log

        contact_log(case=case, by=worker, occurred_at=timezone.now(), kind="home_visit", children_seen=[child],
                    note="Moeder huilde; vader niet thuis.")  # fmt: skip
        client.force_login(vt)
        page = client.get(f"/casussen/{case.pk}/").content.decode()
        assert "Huisbezoek" in page and f"Gezien: {child.given_name}" in page
        assert "Moeder huilde" not in page
        monitoring = client.get(f"/overdrachten/casus/{case.pk}/").content.decode()
        assert "Vader slaat niet." in monitoring

    def test_not_met_alerts_the_director(self, client, accepted, vt, worker):
        referral, case = accepted
        moment = referral.monitoring_moments.first()
        client.force_login(vt)
        client.post(
            f"/overdrachten/casus/{case.pk}/",
            {"moment": moment.pk, "result": "not_met", "note": "Weer politie"},
        )
        moment.refresh_from_db()
        assert moment.result == MonitoringMoment.Result.NOT_MET
        assert Notification.objects.filter(recipient=worker, text__contains="NIET").exists()
        client.force_login(worker)
        assert (
            client.post(f"/overdrachten/casus/{case.pk}/", {"moment": moment.pk, "result": "met"}).status_code
            == 403
        )  # only the monitor records monitoring

    def test_access_ends_with_the_monitoring_period(self, client, accepted, vt):
        referral, case = accepted
        client.force_login(vt)
        assert client.get(f"/casussen/{case.pk}/").status_code == 200
        referral.refresh_from_db()
        assert services.monitoring_access_expire(today=referral.monitoring_ends_on) == 0
        assert (
            services.monitoring_access_expire(today=referral.monitoring_ends_on + dt.timedelta(days=1)) == 1
        )
        assert client.get(f"/casussen/{case.pk}/").status_code == 404


def test_inbox_counts_working_days_against_the_norm(client, vt, oost, lead):
    referral = _send(client, vt)
    # Sent on a Friday before Easter: Good Friday and Easter Monday do not count.
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.make_aware(dt.datetime(2026, 3, 27, 10)))
    from core.dates import working_days_between

    assert working_days_between(dt.date(2026, 3, 27), dt.date(2026, 4, 7)) == 5
    client.force_login(lead)
    assert "boven de norm" in client.get("/overdrachten/inbox/").content.decode()


def test_outsiders_get_404_on_referrals(client, vt, oost, outsider, functional_admin):
    referral = _send(client, vt)
    other_vt = factories.user(
        "vt2",
        role=Role.VT_WORKER,
        organisation=factories.organisation("Veilig Thuis Amsterdam", "veilig_thuis"),
    )
    for user in (outsider, functional_admin, other_vt):
        client.force_login(user)
        assert client.get(f"/overdrachten/{referral.pk}/").status_code == 404
    assert AccessEvent.objects.filter(object_ref=f"referral:{referral.pk}", action="view").count() == 0
