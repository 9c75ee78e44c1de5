"""The privacy officer's pages through HTTP: who may open them, recording and answering a family's request,
the four-eyes destruction review, holds, the case timeline entry and the late-request signal PV-01."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.roles import Role
from audit.models import AccessEvent
from flags.models import Flag
from flags.services import flags_evaluate
from privacy import services
from privacy.models import DestructionRecord, DestructionReview, RetentionHold, RightsRequest
from tests import factories

PASSWORD = "demo"  # tests/factories.py gives every user this password
BSN = "111222333"  # passes the eleven test
UNKNOWN_BSN = "123456782"  # passes the eleven test; nobody has it


@pytest.fixture
def second_officer(db):
    return factories.user("joost", role=Role.PRIVACY_OFFICER)


def long_closed(oost, worker):
    """A file closed 21 years ago: past its retention term."""
    case = factories.case(team=oost, director=worker)
    return factories.closed(case, worker, on=timezone.localdate() - dt.timedelta(days=365 * 21))


def dutch(day: dt.date) -> str:
    with translation.override("nl"):
        return date_format(day, "j b Y")


def text(response) -> str:
    return response.content.decode()


def record(officer, case, *, kind="correction", days_ago=0, person=None, **extra):
    return services.rights_request_record(
        by=officer, kind=kind, person=person or factories.children_of(case)[0],
        case=None if kind == "inzage" else case, requester="parent", consent_given=True,
        received_on=timezone.localdate() - dt.timedelta(days=days_ago), **extra,
    )  # fmt: skip


# Who may open the pages ------------------------------------------------------------------------------

# Every role of accounts/roles.py against every privacy URL. Pages are GETs; the copy and lifting a hold
# are POSTs. The officer's copy asks for the password first (302 to the confirm page); the lift lands back
# on the holds page (302). The privacy officer comes last: their lift changes the data.
MATRIX = {
    #                          pages  copy  lift
    Role.YOUTH_WORKER:         (403,  403,  403),
    Role.TEAM_LEAD:            (403,  403,  403),
    Role.VT_WORKER:            (403,  403,  403),
    Role.TABLE_CHAIR:          (403,  403,  403),
    Role.TABLE_MEMBER:         (403,  403,  403),
    Role.GI_WORKER:            (403,  403,  403),
    Role.BOARD_INVESTIGATOR:   (403,  403,  403),
    Role.ADMIN:                (403,  403,  403),
    Role.MUNICIPALITY:         (403,  403,  403),
    Role.PRIVACY_OFFICER:      (200,  302,  302),
}  # fmt: skip


def test_only_the_privacy_officer_opens_the_privacy_pages(client, login, oost, worker, privacy_officer):
    assert set(MATRIX) == set(Role)  # a new role must be put in the matrix
    request = record(privacy_officer, factories.case(team=oost, director=worker), kind="inzage")
    long_closed(oost, worker)
    services.retention_sweep()
    review = DestructionReview.objects.get()
    hold = services.hold_place(
        by=privacy_officer, case=long_closed(oost, worker), reason="procedure", note="Klacht loopt"
    )
    pages = [
        "/privacy/",
        "/privacy/verzoeken/nieuw/",
        f"/privacy/verzoeken/{request.pk}/",
        "/privacy/vernietiging/",
        f"/privacy/vernietiging/{review.pk}/",
        "/privacy/bewaren/",
        "/privacy/vernietigd/",
    ]
    copy, lift = f"/privacy/verzoeken/{request.pk}/kopie/", f"/privacy/bewaren/{hold.pk}/opheffen/"

    for url in [*pages, copy, lift]:
        response = client.post(url) if url in (copy, lift) else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/"), url

    for role, (page_status, copy_status, lift_status) in MATRIX.items():
        user = (
            privacy_officer if role == Role.PRIVACY_OFFICER else factories.user(f"u-{role.value}", role=role)
        )
        assert login(user.username, PASSWORD).status_code == 302
        for url in pages:
            assert client.get(url).status_code == page_status, (role, url)
        response = client.post(copy, {"next": f"/privacy/verzoeken/{request.pk}/"})
        assert response.status_code == copy_status, (role, copy)
        response = client.post(lift)
        assert response.status_code == lift_status, (role, lift)
        client.post("/account/uitloggen/")

    hold.refresh_from_db()
    assert hold.lifted_by == privacy_officer  # only the officer's POST did anything
    assert AccessEvent.objects.filter(object_ref=f"inzage:{request.pk}").count() == 0  # no copy was made


def test_the_menu_shows_privacy_to_the_privacy_officer_only(client, login, worker, privacy_officer):
    login(privacy_officer.username, PASSWORD)
    assert 'href="/privacy/"' in text(client.get("/"))
    client.post("/account/uitloggen/")
    login(worker.username, PASSWORD)
    assert 'href="/privacy/"' not in text(client.get("/"))


# Recording a request ---------------------------------------------------------------------------------


def test_a_request_is_recorded_through_the_form_with_its_deadline(client, oost, worker, privacy_officer):
    case = factories.case(team=oost, director=worker, children=1)
    child = factories.children_of(case)[0]
    child.bsn = BSN
    child.birth_date = timezone.localdate() - dt.timedelta(days=365 * 10)  # parents ask without consent
    child.save(update_fields=["bsn", "birth_date"])
    client.force_login(privacy_officer)

    found = client.post("/privacy/verzoeken/nieuw/", {"step": "find", "bsn": "1112.22.333"})
    assert found.status_code == 200
    assert child.full_name in text(found)
    assert case.number in text(found)  # the person's file, to choose for a correction
    assert "Vanaf 12 jaar" in text(found)  # the age rules as help text

    today = timezone.localdate()
    response = client.post(
        "/privacy/verzoeken/nieuw/",
        {
            "step": "record", "bsn": BSN, "case_number": "", "person": child.pk, "kind": "correction",
            "case": case.pk, "requester": "parent", "requester_name": "Ouder van het kind",
            "details": "Het verslag van 3 maart klopt niet", "received_on": today.isoformat(),
        },
    )  # fmt: skip
    request = RightsRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/privacy/verzoeken/{request.pk}/"
    assert (request.person, request.case, request.recorded_by) == (child, case, privacy_officer)
    assert request.due_on == services.answer_due_on(today)

    detail = text(client.get(response["Location"]))
    assert f"Het antwoord moet er uiterlijk {dutch(request.due_on)} zijn" in detail
    home = text(client.get("/privacy/"))
    assert child.full_name in home and dutch(request.due_on) in home
    # The lookup showed a person's files: it is in the access log, with the case it showed.
    search = AccessEvent.objects.get(object_ref="privacy_person_search")
    assert search.user == privacy_officer and search.detail["cases"] == [case.number]


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        ({"bsn": "123456789"}, "Dit is geen geldig BSN"),
        ({"bsn": UNKNOWN_BSN}, "Er is niemand met dit BSN in Zicht."),
        ({"case_number": "2099-99999"}, "Er is geen dossier met dit nummer."),
        ({}, "Vul een BSN of een casusnummer in."),
    ],
)
def test_a_wrong_bsn_or_unknown_case_gets_a_dutch_message(client, privacy_officer, lookup, message):
    client.force_login(privacy_officer)
    response = client.post("/privacy/verzoeken/nieuw/", {"step": "find", **lookup})
    assert response.status_code == 400
    assert message in text(response)


def test_a_person_of_another_family_cannot_be_posted(client, oost, worker, privacy_officer):
    mine = factories.case(team=oost, director=worker, children=1)
    theirs = factories.case(team=oost, director=worker, children=1)
    stranger = factories.children_of(theirs)[0]
    client.force_login(privacy_officer)
    data = {
        "step": "record", "bsn": "", "case_number": mine.number, "kind": "correction",
        "requester": "parent", "received_on": timezone.localdate().isoformat(),
    }  # fmt: skip

    # Found through my case; the posted person belongs to another family.
    response = client.post("/privacy/verzoeken/nieuw/", {**data, "person": stranger.pk, "case": mine.pk})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in text(response)
    # A child of my case, but the posted file is another family's.
    child = factories.children_of(mine)[0]
    response = client.post("/privacy/verzoeken/nieuw/", {**data, "person": child.pk, "case": theirs.pk})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in text(response)
    assert not RightsRequest.objects.exists()


def test_the_services_refusals_are_shown_at_their_field_in_dutch(client, oost, worker, privacy_officer):
    case = factories.case(team=oost, director=worker, children=1)
    child = factories.children_of(case)[0]
    child.birth_date = timezone.localdate().replace(year=timezone.localdate().year - 10, month=1, day=1)
    child.save(update_fields=["birth_date"])
    client.force_login(privacy_officer)
    data = {
        "step": "record", "bsn": "", "case_number": case.number, "person": child.pk, "kind": "correction",
        "requester": "self", "received_on": timezone.localdate().isoformat(),
    }  # fmt: skip

    response = client.post("/privacy/verzoeken/nieuw/", {**data, "case": case.pk})
    assert response.status_code == 400
    assert "Een kind onder de 12 kan dit verzoek niet zelf doen" in text(response)
    response = client.post("/privacy/verzoeken/nieuw/", {**data, "requester": "parent", "case": ""})
    assert "Kies het dossier waar het verzoek over gaat." in text(response)
    assert not RightsRequest.objects.exists()


# Answering -------------------------------------------------------------------------------------------


def test_the_term_is_extended_and_the_answer_recorded(client, oost, worker, privacy_officer):
    case = factories.case(team=oost, director=worker, children=1)
    request = record(privacy_officer, case, days_ago=3)
    client.force_login(privacy_officer)
    url = f"/privacy/verzoeken/{request.pk}/"
    assert "Termijn verlengen" in text(client.get(url))

    response = client.post(
        url, {"action": "extend", "extend-version": "1", "extend-reason": "We vragen de school om informatie"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.extended_to == services.extended_due_on(request.due_on)
    page = text(client.get(url))
    assert dutch(request.extended_to) in page and "al een keer verlengd" in page

    answer = {"action": "decide", "decide-version": "2", "decide-outcome": "refused",
              "decide-decided_on": timezone.localdate().isoformat()}  # fmt: skip
    response = client.post(url, answer)
    assert response.status_code == 400
    assert "Leg uit waarom het verzoek is afgewezen" in text(response)

    response = client.post(url, {**answer, "decide-note": "Het verslag klopt met wat er gebeurde"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.outcome == "refused" and request.decided_by == privacy_officer
    page = text(client.get(url))
    assert "Afgewezen" in page and "Het verslag klopt met wat er gebeurde" in page
    assert request.pk not in [r.pk for r in client.get("/privacy/").context["requests"]]


def test_an_answer_from_a_stale_page_gets_a_message_and_keeps_the_text(
    client, oost, worker, privacy_officer, second_officer
):
    case = factories.case(team=oost, director=worker, children=1)
    request = record(privacy_officer, case)
    client.force_login(privacy_officer)
    url = f"/privacy/verzoeken/{request.pk}/"
    client.get(url)  # the form carries version 1
    services.rights_request_extend(
        by=second_officer, request=request, reason="Meer tijd nodig", version=request.version
    )

    response = client.post(
        url,
        {"action": "decide", "decide-version": "1", "decide-outcome": "partly",
         "decide-note": "Mijn zorgvuldige uitleg", "decide-decided_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    page = text(response)
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Mijn zorgvuldige uitleg" in page
    assert 'name="decide-version" value="2"' in page  # saving again is a knowing choice
    request.refresh_from_db()
    assert request.decided_on is None

    # Answered by the other officer in the meantime: their answer shows, and so does my text.
    services.rights_request_decide(
        by=second_officer, request=request, outcome="granted", note="Aangepast", version=request.version
    )
    response = client.post(
        url,
        {"action": "decide", "decide-version": "2", "decide-outcome": "partly",
         "decide-note": "Mijn zorgvuldige uitleg", "decide-decided_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    page = text(response)
    assert response.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in page and "Mijn zorgvuldige uitleg" in page
    assert "Toegewezen" in page


def test_a_late_request_is_marked_in_words(client, oost, worker, privacy_officer):
    case = factories.case(team=oost, director=worker, children=1)
    late = record(privacy_officer, case, days_ago=70, kind="objection")
    client.force_login(privacy_officer)
    home = text(client.get("/privacy/"))
    assert "te laat" in home and "1 verzoek is te laat." in home
    assert f"{(timezone.localdate() - late.due_on).days} dagen geleden" in home
    assert "te laat" in text(client.get(f"/privacy/verzoeken/{late.pk}/"))


def test_the_inzage_copy_asks_for_the_password_first_and_downloads_a_pdf(
    client, login, reauthenticate, oost, worker, privacy_officer
):
    case = factories.case(team=oost, director=worker, children=1)
    request = record(privacy_officer, case, kind="inzage")
    login(privacy_officer.username, PASSWORD)
    url = f"/privacy/verzoeken/{request.pk}/"
    assert "Kopie maken (PDF)" in text(client.get(url))

    response = client.post(f"{url}kopie/", {"next": url})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/bevestigen/?next=")
    assert not AccessEvent.objects.filter(object_ref=f"inzage:{request.pk}").exists()

    reauthenticate(PASSWORD)
    response = client.post(f"{url}kopie/", {"next": url})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="inzage-{request.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(object_ref=f"inzage:{request.pk}", case=case).exists()
    assert client.get(f"{url}kopie/").status_code == 405


def test_odd_ids_and_actions_get_a_dutch_answer(client, oost, worker, privacy_officer):
    request = record(privacy_officer, factories.case(team=oost, director=worker, children=1))
    client.force_login(privacy_officer)
    assert client.get("/privacy/verzoeken/99999999999999999999/").status_code == 404
    assert client.get("/privacy/vernietiging/99999999999999999999/").status_code == 404
    response = client.post(f"/privacy/verzoeken/{request.pk}/", {"action": "iets"})
    assert response.status_code == 400 and 'lang="nl"' in text(response)
    response = client.post(
        f"/privacy/verzoeken/{request.pk}/",
        {"action": "extend", "extend-version": "abc", "extend-reason": "Tijd"},
    )
    assert response.status_code == 400 and "Dit formulier is verouderd" in text(response)


# Destruction -----------------------------------------------------------------------------------------


def test_destruction_takes_two_privacy_officers(client, oost, worker, privacy_officer, second_officer):
    old = long_closed(oost, worker)
    neighbour = long_closed(oost, worker)
    services.hold_place(by=privacy_officer, case=neighbour, reason="procedure", note="Klacht")
    services.retention_sweep()
    review = DestructionReview.objects.get()
    client.force_login(privacy_officer)

    listing = text(client.get("/privacy/vernietiging/"))
    assert old.number in listing and dutch(old.closed_on) in listing and dutch(review.due_on) in listing
    assert old.family.name not in listing  # confirmed on the number and the dates
    for child in factories.children_of(old):
        assert child.full_name not in listing
    assert f"/account/inzagelog/?case_number={old.number}" in listing  # who looked at it

    url = f"/privacy/vernietiging/{review.pk}/"
    page = text(client.get(url))
    assert (
        "kan niet ongedaan worden gemaakt" in page and "Twee privacyfunctionarissen moeten bevestigen" in page
    )
    assert old.family.name not in page
    assert client.get(url).context["counts"][0][1] == 3  # people: two children and a parent

    assert client.post(url, {"action": "confirm", "confirm-version": "1"}).status_code == 302
    review.refresh_from_db()
    assert review.status == "confirmed_once" and review.first_by == privacy_officer
    assert "eerst bevestigd door" in text(client.get("/privacy/vernietiging/"))

    again = client.post(url, {"action": "confirm", "confirm-version": "2"})
    assert again.status_code == 400
    assert "Vier ogen: een tweede persoon moet bevestigen." in text(again)
    assert not DestructionRecord.objects.exists()

    client.force_login(second_officer)
    response = client.post(url, {"action": "confirm", "confirm-version": "2"})
    assert response.status_code == 302 and response["Location"] == "/privacy/vernietigd/"
    record_ = DestructionRecord.objects.get()
    assert (record_.case, record_.first_by, record_.second_by) == (old, privacy_officer, second_officer)
    destroyed = text(client.get("/privacy/vernietigd/"))
    assert old.number in destroyed
    assert privacy_officer.get_full_name() in destroyed and second_officer.get_full_name() in destroyed
    assert client.get("/privacy/vernietiging/").context["reviews"] == []


def test_a_hold_placed_from_the_review_page_takes_the_file_off_the_list(
    client, oost, worker, privacy_officer
):
    old = long_closed(oost, worker)
    services.retention_sweep()
    review = DestructionReview.objects.get()
    client.force_login(privacy_officer)
    url = f"/privacy/vernietiging/{review.pk}/"

    keep = {"action": "keep", "keep-version": "1", "keep-reason": "family", "keep-note": ""}
    response = client.post(url, keep)
    assert response.status_code == 400 and "Dit veld is verplicht." in text(response)

    response = client.post(url, {**keep, "keep-note": "De moeder vraagt het dossier te bewaren"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "kept"
    assert review not in client.get("/privacy/vernietiging/").context["reviews"]
    holds = text(client.get("/privacy/bewaren/"))
    assert old.number in holds and "De moeder vraagt het dossier te bewaren" in holds


def test_a_hold_is_placed_by_case_number_on_closed_files_only(client, oost, worker, privacy_officer):
    still_open = factories.case(team=oost, director=worker)
    old = long_closed(oost, worker)
    client.force_login(privacy_officer)
    data = {"reason": "procedure", "note": "Een klacht loopt nog"}

    response = client.post("/privacy/bewaren/", {**data, "case_number": still_open.number})
    assert response.status_code == 400 and "Dit dossier is nog open" in text(response)
    response = client.post("/privacy/bewaren/", {**data, "case_number": "2099-99999"})
    assert response.status_code == 400 and "Er is geen dossier met dit nummer." in text(response)
    assert not RetentionHold.objects.exists()

    response = client.post("/privacy/bewaren/", {**data, "case_number": old.number})
    assert response.status_code == 302
    hold = RetentionHold.objects.get()
    assert hold.case == old and hold.placed_by == privacy_officer
    assert client.post(f"/privacy/bewaren/{hold.pk}/opheffen/").status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None
    response = client.post(f"/privacy/bewaren/{hold.pk}/opheffen/", follow=True)
    assert "Deze bewaring is al opgeheven." in text(response)


# The case timeline and the signal --------------------------------------------------------------------


def test_the_request_and_its_answer_are_on_the_case_timeline(client, oost, worker, privacy_officer):
    case = factories.case(team=oost, director=worker, children=1)
    request = record(privacy_officer, case, days_ago=5)
    client.force_login(worker)
    page = text(client.get(f"/casussen/{case.pk}/"))
    assert f"Verzoek tot correctie ontvangen (termijn {dutch(request.due_on)})" in page

    services.rights_request_decide(
        by=privacy_officer, request=request, outcome="granted", note="Aangepast", version=request.version
    )
    page = text(client.get(f"/casussen/{case.pk}/"))
    assert "Verzoek tot correctie beantwoord: Toegewezen" in page


def open_rules(case) -> set[str]:
    return set(Flag.objects.filter(case=case, resolved_at__isnull=True).values_list("rule", flat=True))


def test_pv01_flags_a_late_correction_and_not_one_answered_in_time(oost, worker, privacy_officer):
    late_case = factories.case(team=oost, director=worker, children=1)
    answered_case = factories.case(team=oost, director=worker, children=1)
    fresh_case = factories.case(team=oost, director=worker, children=1)
    late = record(privacy_officer, late_case, days_ago=70)
    answered = record(privacy_officer, answered_case, days_ago=70)
    services.rights_request_decide(
        by=privacy_officer, request=answered, outcome="granted", version=answered.version,
        decided_on=answered.received_on + dt.timedelta(days=10),
    )  # fmt: skip
    record(privacy_officer, fresh_case, kind="objection")

    flags_evaluate(rules=["PV-01"])
    assert "PV-01" in open_rules(late_case)
    assert "PV-01" not in open_rules(answered_case) and "PV-01" not in open_rules(fresh_case)
    flag = Flag.objects.get(rule="PV-01")
    assert flag.facts == {
        "request_received_on": late.received_on.isoformat(),
        "request_due_on": late.due_on.isoformat(),
    }

    # Answered (late): the signal resolves at the next evaluation.
    services.rights_request_decide(
        by=privacy_officer, request=late, outcome="partly", note="Deels aangepast", version=late.version
    )
    flags_evaluate(rules=["PV-01"])
    assert "PV-01" not in open_rules(late_case)
