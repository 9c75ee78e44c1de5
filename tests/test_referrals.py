"""The handover from Veilig Thuis to the local team, across both organisations."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import formats, timezone

from accounts.models import Municipality, Notification, Organisation, Team
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


def _zaanstad() -> Municipality:
    """Zaanstad, naming Team Zaandam-Oost for handovers (as in the demo)."""
    municipality = factories.municipality()
    Municipality.objects.filter(pk=municipality.pk, handover_team=None).update(
        handover_team=Team.objects.get(name="Team Zaandam-Oost")
    )
    return municipality


def _send(client, vt, **overrides) -> Referral:
    """Veilig Thuis sends the handover, naming no team: it goes to the team Zaanstad names."""
    client.force_login(vt)
    response = client.post("/overdrachten/nieuw/", _form(_zaanstad(), **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Referral.objects.latest("pk")


def _waiting(inbox: str) -> str:
    """The inbox's table of handovers waiting for the team (not what the team forwarded, below it)."""
    return inbox.split('id="inbox-caption"')[1].split("</table>")[0]


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
    assert "Dam 3, 1501 AB Zaandam" in detail  # typed "1501 ab", stored "1501AB", shown as people write it
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
    form = _form(_zaanstad(), **{"persons-0-bsn": "123456789", "conditions": " \n "})
    html = client.post("/overdrachten/nieuw/", form).content.decode()
    assert "Dit is geen geldig BSN" in html
    assert "Dit veld is verplicht." in html
    assert "Politie-inzet na ruzie" in html  # the text typed so far stays
    assert not Referral.objects.exists()


def test_sending_twice_creates_one_referral(client, vt, oost):
    client.force_login(vt)
    form = _form(_zaanstad())
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
    response = client.post(
        f"/overdrachten/{referral.pk}/doorsturen/",
        {"team": west.pk, "reason": "Woont in West", "version": referral.version},
        follow=True,
    )
    referral.refresh_from_db()
    assert referral.receiving_team == west and referral.state == "sent"
    # Oost can no longer see it: it lands on its inbox (not a 404), told where the handover went.
    assert response.redirect_chain == [("/overdrachten/inbox/", 302)]
    assert "Overdracht VT-2026-0042 doorgestuurd naar Team Zaandam-West." in response.content.decode()
    assert "VT-2026-0042" not in _waiting(client.get("/overdrachten/inbox/").content.decode())
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
            {
                "moment": moment.pk,
                "result": "not_met",
                "note": "Weer politie",
                "early_reason": "Nieuwe melding",
            },
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


# Veilig Thuis's findings (issue 15): the receiving team, forwarding, the case link, the form ------------


def test_a_handover_without_a_team_goes_to_the_team_the_municipality_names(client, vt, oost, west):
    """Both teams serve Zaanstad; it names West, so West gets it, not the first team that serves it."""
    municipality = factories.municipality()
    Municipality.objects.filter(pk=municipality.pk).update(handover_team=west)
    client.force_login(vt)
    assert client.post("/overdrachten/nieuw/", _form(municipality)).status_code == 302
    assert Referral.objects.get().receiving_team == west


def test_without_a_named_team_veilig_thuis_is_asked_to_choose_and_keeps_its_text(client, vt, oost, west):
    client.force_login(vt)
    response = client.post("/overdrachten/nieuw/", _form(factories.municipality()))  # Zaanstad names none
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "De gemeente Zaanstad heeft geen team voor overdrachten aangewezen; kies het ontvangende team."
        in html
    )
    assert "Politie-inzet na ruzie" in html and 'value="Noor"' in html  # nothing typed is lost
    assert not Referral.objects.exists()
    chosen = client.post("/overdrachten/nieuw/", _form(factories.municipality(), receiving_team=west.pk))
    assert chosen.status_code == 302
    assert Referral.objects.get().receiving_team == west


def _forward(client, referral, team, reason="Het gezin woont in Zaandam-West."):
    referral.refresh_from_db()
    return client.post(
        f"/overdrachten/{referral.pk}/doorsturen/",
        {"team": team.pk, "reason": reason, "version": referral.version},
        follow=True,
    )


def test_a_forwarded_handover_keeps_its_trace_for_both_teams_and_veilig_thuis(client, vt, oost, west, lead):
    referral = _send(client, vt)
    client.force_login(lead)
    _forward(client, referral, west)

    # The forwarding team sees what left it and why, not the family it may no longer see.
    inbox = client.get("/overdrachten/inbox/").content.decode()
    forwarded = inbox.split("Doorgestuurd door uw team")[1]
    assert "VT-2026-0042" in forwarded and "Team Zaandam-West" in forwarded
    assert "Het gezin woont in Zaandam-West." in forwarded
    assert "Noor Bakker" not in inbox and f"/overdrachten/{referral.pk}/" not in inbox

    # The receiving team sees where it came from, in its inbox and on the handover.
    west_lead = factories.user("westlead", role=Role.TEAM_LEAD, teams=(west,))
    client.force_login(west_lead)
    west_inbox = client.get("/overdrachten/inbox/").content.decode()
    waiting = _waiting(west_inbox)
    assert "Noor Bakker" in waiting
    assert "Doorgestuurd van Team Zaandam-Oost" in waiting and "Het gezin woont in Zaandam-West." in waiting
    assert "VT-2026-0042" not in west_inbox.split("Doorgestuurd door uw team")[1]  # West did not forward it
    detail = client.get(f"/overdrachten/{referral.pk}/").content.decode()
    assert "van Team Zaandam-Oost naar Team Zaandam-West" in detail

    # Veilig Thuis sees it in its outbox.
    client.force_login(vt)
    outbox = client.get("/overdrachten/").content.decode()
    assert "Doorgestuurd van Team Zaandam-Oost" in outbox and "Het gezin woont in Zaandam-West." in outbox

    # A third team sees nothing of it.
    noord = factories.team("Team Zaandam-Noord")
    client.force_login(factories.user("noord", role=Role.TEAM_LEAD, teams=(noord,)))
    assert "VT-2026-0042" not in client.get("/overdrachten/inbox/").content.decode()


def test_the_inbox_lists_the_most_urgent_first_then_the_oldest(client, vt, oost, lead):
    now = timezone.now()
    for reference, urgency, days_ago in (
        ("VT-N-OLD", "normal", 9),
        ("VT-A-NEW", "acute", 0),
        ("VT-H-MID", "high", 4),
        ("VT-N-NEW", "normal", 1),
        ("VT-A-OLD", "acute", 2),
        ("VT-H-OLD", "high", 7),
    ):
        Referral.objects.create(
            reference=reference, urgency=urgency, organisation=vt.organisation, created_by=vt,
            receiving_team=oost, what_happened="x", outcome_code="VT-02", street="Dam", house_number="1",
            postcode="1501AB", city="Zaandam", municipality=factories.municipality(), state="sent",
            sent_at=now - dt.timedelta(days=days_ago),
        )  # fmt: skip
    client.force_login(lead)
    waiting = _waiting(client.get("/overdrachten/inbox/").content.decode())
    shown = sorted(
        ("VT-A-NEW", "VT-A-OLD", "VT-H-MID", "VT-H-OLD", "VT-N-NEW", "VT-N-OLD"), key=waiting.index
    )
    assert shown == ["VT-A-OLD", "VT-A-NEW", "VT-H-OLD", "VT-H-MID", "VT-N-OLD", "VT-N-NEW"]


def test_the_accepted_handover_links_to_the_case_only_while_veilig_thuis_may_see_it(
    client, vt, oost, lead, worker
):
    referral = _send(client, vt)
    case = _accept(referral, lead, worker)
    link = f'href="/casussen/{case.pk}/"'
    client.force_login(vt)
    assert link in client.get(f"/overdrachten/{referral.pk}/").content.decode()
    assert link in client.get("/overdrachten/").content.decode()
    assert client.get(f"/casussen/{case.pk}/").status_code == 200

    Referral.objects.filter(pk=referral.pk).update(
        monitoring_ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert client.get(f"/casussen/{case.pk}/").status_code == 404  # monitoring over: no access
    detail = client.get(f"/overdrachten/{referral.pk}/").content.decode()
    outbox = client.get("/overdrachten/").content.decode()
    assert case.number in detail and case.number in outbox
    assert link not in detail and link not in outbox  # the number, never a link that 404s


def test_the_case_page_shows_when_the_monitoring_ends(client, vt, oost, lead, worker):
    referral = _send(client, vt)
    case = _accept(referral, lead, worker)
    referral.refresh_from_db()
    until = formats.date_format(referral.monitoring_ends_on, "j F Y")
    for user in (worker, vt):
        client.force_login(user)
        page = client.get(f"/casussen/{case.pk}/").content.decode()
        assert f"Veilig Thuis monitort deze casus tot en met {until}." in page
    assert (
        f"Veilig Thuis monitort tot en met {until}."
        in client.get(f"/overdrachten/casus/{case.pk}/").content.decode()
    )

    ended = timezone.localdate() - dt.timedelta(days=1)
    Referral.objects.filter(pk=referral.pk).update(monitoring_ends_on=ended)
    client.force_login(worker)
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert f"De monitoring door Veilig Thuis is geëindigd op {formats.date_format(ended, 'j F Y')}." in page


def test_a_case_without_a_handover_shows_no_monitoring(client, a_case, worker):
    client.force_login(worker)
    assert "Monitoring door Veilig Thuis" not in client.get(f"/casussen/{a_case.pk}/").content.decode()


class TestTheHandoverForm:
    def test_it_comes_in_parts_each_with_a_heading(self, client, vt):
        client.force_login(vt)
        html = client.get("/overdrachten/nieuw/").content.decode()
        titles = [
            "De melding",
            "Toelichting",
            "Gezin en adres",
            "Personen",
            "Veiligheidsvoorwaarden",
            "Monitoring",
        ]
        positions = [
            html.index(f'<h2 class="group__title">{number}. {title}</h2>')
            for number, title in enumerate(titles, 1)
        ]
        assert positions == sorted(positions)
        assert "Persoon toevoegen" in html

    def test_adding_a_person_without_javascript_keeps_everything_typed(self, client, vt, oost):
        client.force_login(vt)
        form = _form(_zaanstad(), **{
            "persons-2-given_name": "Sem", "persons-2-surname": "Bakker", "persons-2-birth_date": "2018-03-03",
            "persons-3-given_name": "Mila", "persons-3-surname": "Bakker", "persons-3-birth_date": "2019-09-09",
            "add_person": "1",
        })  # fmt: skip
        del form["send"]
        html = client.post("/overdrachten/nieuw/", form).content.decode()
        assert 'id="person-5"' in html and 'id="person-6"' not in html  # four typed, one empty row more
        assert 'name="persons-TOTAL_FORMS" value="5"' in html
        for typed in ('value="Noor"', 'value="Eva"', 'value="Sem"', 'value="Mila"', 'value="2019-09-09"',
                      "Politie-inzet na ruzie", 'value="VT-2026-0042"', "Buurvrouw Jansen"):  # fmt: skip
            assert typed in html
        assert "Dit veld is verplicht" not in html  # adding a row checks nothing
        assert not Referral.objects.exists()  # and saves nothing

        six = form | {
            "persons-TOTAL_FORMS": "6",
            "persons-4-given_name": "Daan", "persons-4-surname": "Bakker", "persons-4-birth_date": "2020-01-01",
            "persons-4-relation": "child",
            "persons-5-given_name": "Jan", "persons-5-surname": "Bakker", "persons-5-birth_date": "1985-05-05",
            "persons-5-relation": "parent",
        }  # fmt: skip
        del six["add_person"]
        assert client.post("/overdrachten/nieuw/", six).status_code == 302
        assert Referral.objects.get().persons.count() == 6  # no limit of four

    def test_errors_are_shown_per_part_in_dutch(self, client, vt, oost):
        client.force_login(vt)
        form = _form(_zaanstad(), postcode="15", **{"persons-1-given_name": "", "persons-0-bsn": "123456789"})
        html = client.post("/overdrachten/nieuw/", form).content.decode()
        summary = html.split('class="error-summary"')[1].split("</div>")[0]
        assert 'href="#section-address"' in summary and 'href="#section-persons"' in summary
        assert 'href="#section-report"' not in summary
        address = html.split('id="section-address"')[1].split("</fieldset>")[0]
        assert (
            "Te verbeteren in dit onderdeel:" in address
            and "Postcode: Een postcode bestaat uit vier cijfers" in address
        )
        persons = html.split('id="section-persons"')[1]
        assert "Persoon 1: BSN: Dit is geen geldig BSN" in persons
        assert "Persoon 2: Voornaam: Dit veld is verplicht." in persons
        assert not Referral.objects.exists()

    def test_a_handover_without_people_asks_for_one_in_the_persons_part(self, client, vt, oost):
        client.force_login(vt)
        nobody = {
            f"persons-{row}-{field}": ""
            for row in (0, 1)
            for field in ("given_name", "surname", "birth_date", "bsn")
        }
        nobody["persons-1-relation"] = "child"  # as the form shows an empty row
        html = client.post("/overdrachten/nieuw/", _form(_zaanstad(), **nobody)).content.decode()
        assert "Noem ten minste één gezinslid." in html.split('id="section-persons"')[1]
        assert not Referral.objects.exists()

    def test_an_emptied_row_of_a_draft_is_left_out(self, client, vt, oost):
        client.force_login(vt)
        form = _form(_zaanstad())
        del form["send"]
        client.post("/overdrachten/nieuw/", form)
        referral = Referral.objects.get()
        html = client.get(f"/overdrachten/{referral.pk}/wijzigen/").content.decode()
        assert 'id="person-3"' in html and 'id="person-4"' not in html  # two people and one empty row
        edited = form | {"persons-TOTAL_FORMS": "3", "persons-1-given_name": "", "persons-1-surname": "",
                         "persons-1-birth_date": "", "persons-1-relation": "child"}  # fmt: skip
        assert client.post(f"/overdrachten/{referral.pk}/wijzigen/", edited).status_code == 302
        assert list(referral.persons.values_list("given_name", flat=True)) == ["Noor"]
