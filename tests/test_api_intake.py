"""POST /api/v1/meldingen and GET /api/v1/meldingen/{registratienummer}: Veilig Thuis's system hands over.

Everything through HTTP with a real token, against the real database: a Melding lands as a sent handover
exactly like one typed in the browser, and the team accepts it in the browser.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Municipality, Notification, Organisation
from accounts.roles import Role
from accounts.services import user_set_roles_and_teams
from api.models import Intake
from api.services import api_client_create
from audit.models import AccessEvent
from cases.models import Case
from flags.models import Flag
from referrals import services as referral_services
from referrals.models import Referral, ReferralPerson
from tests import factories

URL = "/api/v1/meldingen"
NOOR_BSN = "111222333"
EVA_BSN = "123456782"


def melding(**overrides) -> dict:
    """A complete Melding about Noor (child) and Eva (her mother), living in Zaanstad."""
    document = {
        "registratienummer": "VT-2026-0042",
        "soort": "VT",
        "datumTijd": "2026-09-01T10:00:00+02:00",
        "uitkomst": "VT-01-02",
        "urgentie": "hoog",
        "incident": {
            "omschrijving": "Politie-inzet na ruzie; kinderen waren erbij.",
            "locatie": "Thuis",
            "periodeVanTot": {"datumTijdBegin": "2026-08-01T00:00:00+02:00"},
        },
        "zorgelijkeSituatie": {
            "situatieSchets": "Spanningen sinds vader werkloos werd.",
            "nadereOmschrijving": "",
            "vraagAntwoord": [{"vraag": "VT-002", "antwoord": "Nee"}],
        },
        "verzoek": "Graag binnen een week een huisbezoek.",
        "terugkoppelingGewenst": True,
        "contact": {"naam": "Ingrid de Vries", "telefoonnummer": "075-1234567"},
        "melder": "Buurvrouw Jansen, 06-12345678",
        "natuurlijkPersonen": [
            {
                "burgerservicenummer": NOOR_BSN,
                "naam": {"voornamen": "Noor", "geslachtsnaam": "Bakker"},
                "geboorte": {"datum": "2016-04-01"},
                "geslachtsaanduiding": "vrouw",
                "relatie": "kind",
            },
            {
                "burgerservicenummer": EVA_BSN,
                "naam": {"voornamen": "Eva", "geslachtsnaam": "Bakker"},
                "geboorte": {"datum": "1988-02-02"},
                "relatie": "ouder",
            },
        ],
        "adres": {
            "straatnaam": "Dam",
            "huisnummer": 3,
            "huisletter": "a",
            "postcode": "1501 ab",
            "woonplaats": "Zaandam",
            "gemeentecode": "GM0479",
        },
        "veiligheidsvoorwaarden": ["Vader slaat niet.", "Moeder belt 112 bij dreiging."],
    }
    document.update(overrides)
    return document


def post(client, api_token: str, document, **extra):
    body = document if isinstance(document, str | bytes) else json.dumps(document)
    return client.post(
        URL, body, content_type="application/json", headers={"Authorization": f"Bearer {api_token}"}, **extra
    )


def get(client, api_token: str, registratienummer: str):
    return client.get(f"{URL}/{registratienummer}", headers={"Authorization": f"Bearer {api_token}"})


def fouten(response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.content.decode()
    return [(fout["pad"], fout["melding"]) for fout in response.json()["fouten"]]


@pytest.fixture
def zaanstad(oost):
    """Zaanstad (GM0479) names Team Zaandam-Oost for handovers."""
    municipality = factories.municipality()
    Municipality.objects.filter(pk=municipality.pk).update(handover_team=oost)
    return municipality


@pytest.fixture
def vt_org(db):
    return factories.organisation("Veilig Thuis Zaanstreek-Waterland", Organisation.Kind.VEILIG_THUIS)


@pytest.fixture
def token(functional_admin, vt_org, zaanstad) -> str:
    """The token of Veilig Thuis Zaanstreek-Waterland's registration system (an intake client)."""
    _client, made = api_client_create(
        by=functional_admin, organisation=vt_org, name="Registratiesysteem", scope="intake"
    )
    return made


@pytest.fixture
def other_token(functional_admin) -> str:
    """Another Veilig Thuis's system."""
    organisation = factories.organisation("Veilig Thuis Kennemerland", Organisation.Kind.VEILIG_THUIS)
    _client, made = api_client_create(
        by=functional_admin, organisation=organisation, name="Ander systeem", scope="intake"
    )
    return made


def nothing_written():
    return (
        Referral.objects.count(),
        Intake.objects.count(),
        ReferralPerson.objects.count(),
    ) == (0, 0, 0)


@pytest.mark.django_db
class TestRoundTrip:
    def test_a_posted_melding_reaches_the_inbox_and_becomes_a_case_in_the_browser(
        self, client, token, oost, lead, worker, login
    ):
        response = post(client, token, melding())

        assert response.status_code == 201, response.content.decode()
        referral = Referral.objects.get()
        assert response.json() == {
            "id": referral.pk,
            "registratienummer": "VT-2026-0042",
            "url": f"http://127.0.0.1:8000/overdrachten/{referral.pk}/",
            "status": {"code": "sent", "omschrijving": "Verstuurd"},
            "ontvangendTeam": "Team Zaandam-Oost",
        }
        assert response["Location"] == "http://127.0.0.1:8000/api/v1/meldingen/VT-2026-0042"
        # As the browser form stores it.
        assert (referral.state, referral.receiving_team, referral.reference) == ("sent", oost, "VT-2026-0042")
        assert (referral.urgency, referral.outcome_code) == ("high", "VT-01-02")
        assert (referral.street, referral.house_number, referral.postcode, referral.city) == (
            "Dam",
            "3a",
            "1501AB",
            "Zaandam",
        )
        assert referral.reporter == "Buurvrouw Jansen, 06-12345678"
        assert referral.since == "01-08-2026"
        assert referral.what_happened == (
            "Politie-inzet na ruzie; kinderen waren erbij.\n\n"
            "Locatie: Thuis\n\n"
            "Achtergrond: Spanningen sinds vader werkloos werd.\n\n"
            "Is er sprake van een tijdelijk huisverbod? Nee\n\n"
            "Verzoek aan het team: Graag binnen een week een huisbezoek.\n\n"
            "Contactpersoon bij Veilig Thuis: Ingrid de Vries, 075-1234567"
        )
        assert sorted(referral.persons.values_list("given_name", "bsn", "relation")) == [
            ("Eva", EVA_BSN, "parent"),
            ("Noor", NOOR_BSN, "child"),
        ]
        assert list(referral.conditions.values_list("text", flat=True)) == [
            "Vader slaat niet.",
            "Moeder belt 112 bij dreiging.",
        ]
        assert [(m.months_after_acceptance, m.is_default) for m in referral.monitoring_moments.all()] == [
            (3, True),
            (6, True),
        ]
        intake = Intake.objects.get()
        assert (intake.referral, intake.sender_id, intake.organisation) == (
            referral,
            "VT-2026-0042",
            referral.organisation,
        )
        assert referral.created_by == intake.client.user  # the client's technical account sent it
        assert set(
            AccessEvent.objects.filter(object_ref=f"referral:{referral.pk}").values_list("user", flat=True)
        ) == {intake.client.user_id}

        # The team lead logs in and finds it in the team's inbox.
        assert login(lead.username).status_code == 302
        inbox = client.get("/overdrachten/inbox/").content.decode()
        assert "VT-2026-0042" in inbox
        detail = client.get(f"/overdrachten/{referral.pk}/").content.decode()
        assert "Politie-inzet na ruzie" in detail
        assert "Buurvrouw Jansen" not in detail  # the reporter stays with Veilig Thuis

        # ... and accepts it through the browser.
        response = client.post(
            f"/overdrachten/{referral.pk}/accepteren/",
            {"family": "new", "director": worker.pk, "version": referral.version},
        )
        case = Case.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/casussen/{case.pk}/"
        assert case.team == oost
        assert sorted(case.children.values_list("bsn", "given_name")) == [(NOOR_BSN, "Noor")]
        assert list(case.safety_conditions.values_list("text", flat=True)) == [
            "Vader slaat niet.",
            "Moeder belt 112 bij dreiging.",
        ]

        # Veilig Thuis's system reads the new state.
        client.logout()
        state = get(client, token, "VT-2026-0042")
        assert state.status_code == 200
        assert state.json()["status"] == {"code": "accepted", "omschrijving": "Geaccepteerd"}

    def test_a_melding_about_a_family_with_an_open_case_goes_to_its_team_and_raises_vt08(
        self, client, token, oost, west
    ):
        director = factories.user("west1", teams=(west,))
        open_case = factories.case(
            team=west, director=director, children=1, first_child=factories.person_data(bsn=NOOR_BSN)
        )

        response = post(client, token, melding())

        assert response.status_code == 201
        assert response.json()["ontvangendTeam"] == west.name  # not Zaanstad's handover team
        referral = Referral.objects.get()
        assert (referral.case, referral.receiving_team) == (open_case, west)
        assert Flag.objects.filter(case=open_case, rule="VT-08", resolved_at__isnull=True).exists()
        assert Notification.objects.filter(recipient=director, text__contains=open_case.number).exists()

    def test_the_defaults_and_codes_of_the_extension(self, client, token):
        document = melding(monitoringMaanden=[1, 12], urgentie="acuut")
        del document["zorgelijkeSituatie"], document["contact"], document["verzoek"], document["melder"]
        document["incident"] = {
            "omschrijving": "Kind met blauwe plekken op school.",
            "periodeVanTot": {
                "datumTijdBegin": "2026-08-01T00:00:00+02:00",
                "datumTijdEinde": "2026-08-15T00:00:00+02:00",
            },
        }
        document["natuurlijkPersonen"][1]["relatie"] = "pleegouder"
        document["adres"].update(huisletter="", huisnummertoevoeging="2", postcode="1501AB")

        assert post(client, token, document).status_code == 201

        referral = Referral.objects.get()
        assert (referral.urgency, referral.reporter, referral.house_number) == ("acute", "", "3-2")
        assert referral.what_happened == "Kind met blauwe plekken op school."
        assert referral.since == "01-08-2026 tot 15-08-2026"
        assert referral.persons.get(given_name="Eva").relation == "foster_parent"
        assert [(m.months_after_acceptance, m.is_default) for m in referral.monitoring_moments.all()] == [
            (1, False),
            (12, False),
        ]


@pytest.mark.django_db
class TestOnceBySendersId:
    def test_the_same_melding_twice_is_one_handover(self, client, token):
        first = post(client, token, melding())
        # The same document with its keys in another order and other spacing is the same content.
        reordered = json.dumps(dict(reversed(list(melding().items()))), indent=2)
        second = post(client, token, reordered)

        assert (first.status_code, second.status_code) == (201, 200)
        assert second.json() == first.json()
        assert (Referral.objects.count(), Intake.objects.count()) == (1, 1)

    def test_the_same_id_with_other_content_is_a_conflict(self, client, token):
        assert post(client, token, melding()).status_code == 201
        changed = melding(urgentie="acuut")

        response = post(client, token, changed)

        assert response.status_code == 409
        assert response.json() == {
            "fouten": [
                {
                    "pad": "$.registratienummer",
                    "melding": "Er is al een melding met registratienummer VT-2026-0042 ontvangen, met een "
                    "andere inhoud. Een melding wijzigen kan niet via de API: stuur haar onder een nieuw "
                    "registratienummer, of neem contact op met het ontvangende team.",
                }
            ]
        }
        assert Referral.objects.get().urgency == "high"
        assert Intake.objects.count() == 1

    def test_the_same_id_from_another_organisation_is_another_handover(self, client, token, other_token):
        assert post(client, token, melding()).status_code == 201
        assert post(client, other_token, melding()).status_code == 201
        assert Referral.objects.values("organisation").distinct().count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_make_one_handover(token, monkeypatch):
    """Both posts pass the first look-up before either has written: the unique constraint decides."""
    both_looked = threading.Barrier(2, timeout=20)
    save_draft = referral_services.referral_save_draft

    def after_both_looked(**kwargs):
        both_looked.wait()
        return save_draft(**kwargs)

    monkeypatch.setattr(referral_services, "referral_save_draft", after_both_looked)
    statuses, bodies, failures = [], [], []

    def send():
        try:
            response = post(Client(), token, melding())
            statuses.append(response.status_code)
            bodies.append(response.json())
        except Exception as error:  # reported below, not lost in the thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(statuses) == [200, 201]
    assert bodies[0] == bodies[1]
    assert (Referral.objects.count(), Intake.objects.count()) == (1, 1)


@pytest.mark.django_db
class TestMalformed:
    """400 with the JSON path of each error and a Dutch message; nothing written."""

    def test_a_missing_bsn(self, client, token):
        document = melding()
        del document["natuurlijkPersonen"][1]["burgerservicenummer"]

        assert fouten(post(client, token, document)) == [
            ("$.natuurlijkPersonen[1].burgerservicenummer", "Dit veld ontbreekt; het is verplicht.")
        ]
        assert nothing_written()

    def test_a_bsn_failing_the_eleven_test(self, client, token):
        document = melding()
        document["natuurlijkPersonen"][0]["burgerservicenummer"] = "111222334"

        assert fouten(post(client, token, document)) == [
            (
                "$.natuurlijkPersonen[0].burgerservicenummer",
                "Dit is geen geldig BSN: een BSN heeft negen cijfers en voldoet aan de elfproef.",
            )
        ]
        assert nothing_written()

    def test_an_unknown_municipality(self, client, token):
        document = melding()
        document["adres"]["gemeentecode"] = "GM9999"

        assert fouten(post(client, token, document)) == [
            ("$.adres.gemeentecode", "Zicht kent geen gemeente met code GM9999.")
        ]
        assert nothing_written()

    def test_a_municipality_without_a_handover_team(self, client, token):
        factories.municipality("Wormerland", "GM0880")
        document = melding()
        document["adres"]["gemeentecode"] = "GM0880"

        assert fouten(post(client, token, document)) == [
            (
                "$.adres.gemeentecode",
                "Wormerland heeft geen team voor overdrachten aangewezen, dus Zicht weet niet welk team deze "
                "overdracht ontvangt. Vraag de gemeente er een aan te wijzen.",
            )
        ]
        assert nothing_written()

    def test_no_child(self, client, token):
        document = melding()
        document["natuurlijkPersonen"][0]["relatie"] = "anders"

        assert fouten(post(client, token, document)) == [
            ("$", "Een overdracht gaat over kinderen: noem ten minste één kind.")
        ]
        assert nothing_written()

    def test_no_safety_condition(self, client, token):
        assert fouten(post(client, token, melding(veiligheidsvoorwaarden=[]))) == [
            ("$.veiligheidsvoorwaarden", "Schrijf ten minste één veiligheidsvoorwaarde op.")
        ]
        assert fouten(post(client, token, melding(veiligheidsvoorwaarden=["  "]))) == [
            ("$.veiligheidsvoorwaarden[0]", "Dit veld mag niet leeg zijn.")
        ]
        assert nothing_written()

    def test_not_json_at_all(self, client, token):
        assert fouten(post(client, token, "{registratienummer: VT-1")) == [
            ("$", "De inhoud van het verzoek is geen geldige JSON.")
        ]
        assert fouten(post(client, token, "")) == [
            ("$", "Stuur de melding als JSON-object in de inhoud van het verzoek.")
        ]
        assert fouten(post(client, token, [melding()])) == [
            ("$", "Verwacht een object (een JSON-object met velden).")
        ]
        # A form type without its boundary is no form either: the body is read as what it is.
        response = client.post(
            URL, b"x=1", content_type="multipart/form-data", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 400 and response.json()["fouten"][0]["pad"] == "$"
        assert nothing_written()

    def test_each_error_with_its_path(self, client, token):
        document = melding(urgentie="spoed", monitoringMaanden=[3, 30], onbekend=1)
        document["natuurlijkPersonen"][0]["geboorte"] = {"datum": "01-04-2016"}
        document["natuurlijkPersonen"][1]["naam"]["geslachtsnaam"] = 12
        document["natuurlijkPersonen"][1]["geboorte"] = {"datum": "2999-01-01"}
        document["adres"].update(postcode="15011 AB", huisnummer="drie")
        document["incident"]["omschrijving"] = "Ruzie\x00"
        document["zorgelijkeSituatie"]["situatieSchets"] = "\ud800"
        del document["uitkomst"]

        assert fouten(post(client, token, document)) == [
            ("$.uitkomst", "Dit veld ontbreekt; het is verplicht."),
            ("$.urgentie", "Kies uit: 'acuut', 'hoog', 'normaal'."),
            (
                "$.incident.omschrijving",
                "Deze tekst bevat een teken dat Zicht niet kan opslaan (een NUL-teken of een losse surrogaat).",
            ),
            (
                "$.zorgelijkeSituatie.situatieSchets",
                "Deze tekst bevat een teken dat Zicht niet kan opslaan (een NUL-teken of een losse surrogaat).",
            ),
            (
                "$.natuurlijkPersonen[0].geboorte.datum",
                "Verwacht een datum als JJJJ-MM-DD, zoals 2016-04-01.",
            ),
            ("$.natuurlijkPersonen[1].naam.geslachtsnaam", "Verwacht tekst (een JSON-string)."),
            ("$.natuurlijkPersonen[1].geboorte.datum", "Een geboortedatum kan niet in de toekomst liggen."),
            ("$.adres.huisnummer", "Verwacht een geheel getal."),
            ("$.adres.postcode", "Een postcode bestaat uit vier cijfers en twee letters, zoals 1501 AB."),
            ("$.monitoringMaanden[1]", "Elk moment ligt tussen 1 en 24 maanden na acceptatie."),
            ("$.onbekend", "Zicht kent dit veld niet. Controleer de naam in het OpenAPI-document."),
        ]
        assert nothing_written()

    def test_a_date_as_a_number_is_not_a_date(self, client, token):
        document = melding()
        document["natuurlijkPersonen"][0]["geboorte"] = {"datum": 1460000000}

        assert fouten(post(client, token, document)) == [
            ("$.natuurlijkPersonen[0].geboorte.datum", "Verwacht een datum als JJJJ-MM-DD, zoals 2016-04-01.")
        ]


@pytest.mark.django_db
class TestReading:
    def test_the_sender_reads_the_state_and_the_read_is_logged(self, client, token):
        posted = post(client, token, melding()).json()
        referral = Referral.objects.get()
        user = Intake.objects.get().client.user
        views_before = AccessEvent.objects.filter(user=user, action="view").count()

        response = get(client, token, "VT-2026-0042")

        assert response.status_code == 200
        assert response.json() == posted
        event = AccessEvent.objects.filter(user=user, action="view").latest("pk")
        assert event.object_ref == f"referral:{referral.pk}"
        assert AccessEvent.objects.filter(user=user, action="view").count() == views_before + 1

    def test_another_organisation_gets_404_as_for_an_unknown_id(self, client, token, other_token):
        assert post(client, token, melding()).status_code == 201

        others = get(client, other_token, "VT-2026-0042")
        unknown = get(client, token, "VT-2026-9999")
        odd = get(client, token, "%00")

        assert others.status_code == unknown.status_code == odd.status_code == 404
        assert (
            others.json()
            == unknown.json()
            == odd.json()
            == {
                "fouten": [
                    {
                        "pad": "$",
                        "melding": "Zicht kent geen melding met dit registratienummer van uw organisatie.",
                    }
                ]
            }
        )

    def test_without_a_token_nothing_is_read_or_written(self, client, token):
        assert client.post(URL, json.dumps(melding()), content_type="application/json").status_code == 401
        assert client.get(f"{URL}/VT-2026-0042").status_code == 401
        assert nothing_written()


@pytest.mark.django_db
def test_a_failing_write_leaves_no_handover_and_no_intake(client, token, monkeypatch):
    """The last write of the intake fails (the disk is full, say): the referral it made goes too."""

    def disk_full(**kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(Intake.objects, "create", disk_full)

    with pytest.raises(OSError, match="No space left"):
        post(client, token, melding())

    assert nothing_written()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_client_whose_account_lost_the_role_is_refused(client, token):
    """The technical account acts with the Veilig Thuis role; without it the service refuses: 403."""
    intake_user = Organisation.objects.get(name="Veilig Thuis Zaanstreek-Waterland").api_clients.get().user
    user_set_roles_and_teams(user=intake_user, roles=[Role.YOUTH_WORKER], teams=[])

    response = post(client, token, melding())

    assert response.status_code == 403
    assert response.json() == {"fouten": [{"pad": "$", "melding": "Deze API-client mag dit niet."}]}
    assert nothing_written()


ODD_BODIES = [
    "null",
    "123",
    '"tekst"',
    "[]",
    "{}",
    '{"registratienummer": {"a": 1}}',
    '{"natuurlijkPersonen": "Noor"}',
    '{"natuurlijkPersonen": [null, 1, "x", []]}',
    '{"adres": {"huisnummer": 1e400}}',
    '{"adres": {"huisnummer": NaN}}',
    '{"adres": {"huisnummer": 123456789012345678901234567890}}',
    '{"registratienummer": "\\ud800"}',
    '{"incident": {"omschrijving": "\\ud800"}}',
    '{"\\u0000": 1}',
    '{"monitoringMaanden": [true, 2.5, "3"]}',
    '{"incident": {"periodeVanTot": {"datumTijdBegin": 1e10}}}',
    '{"incident": {"periodeVanTot": {"datumTijdBegin": "2026-13-45T99:00"}}}',
    "\ufeff{}",
    "{" * 5000,
]


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ODD_BODIES)
def test_odd_bodies_get_a_dutch_400_never_a_500(client, token, raw):
    response = post(client, token, raw)

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["fouten"] and all(
        set(fout) == {"pad", "melding"} and fout["pad"].startswith("$") for fout in response.json()["fouten"]
    )
    assert nothing_written()
