"""The access log a privacy officer can use: every page showing case data logs it, the request id is the
server's, what was read reads in words, and monitoring access ends on its end date at read time."""

import datetime as dt
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit import describe as access_log
from audit.models import AccessEvent
from audit.services import access_event_record
from cases import services
from cases.models import CaseAssignment, Phase
from referrals import services as referral_services
from referrals.models import Referral
from safetyplans import services as plan_services
from tests import factories
from tests.helpers import ROOT
from tests.test_referrals import _accept, _send

pytestmark = pytest.mark.django_db

BSN = "111222333"


def _family_date(moment: dt.datetime) -> str:
    day = timezone.localtime(moment).date()
    return f"{day.day}-{day.month}-{day.year}"


# The request id -------------------------------------------------------------------------------------


def test_the_server_makes_the_request_id_and_keeps_the_clients_only_beside_it(client, a_case, worker):
    client.force_login(worker)
    ids = []
    for _ in range(2):
        response = client.get(f"/casussen/{a_case.pk}/", HTTP_X_REQUEST_ID="chosen-by-the-client")
        event = AccessEvent.objects.filter(case=a_case).latest("pk")
        assert re.fullmatch(r"[0-9a-f]{32}", event.request_id)
        assert event.request_id == response["X-Request-ID"] != "chosen-by-the-client"
        assert event.detail["client_request_id"] == "chosen-by-the-client"
        ids.append(event.request_id)
    assert ids[0] != ids[1]  # the same client header never makes two requests look like one

    client.get(f"/casussen/{a_case.pk}/", HTTP_X_REQUEST_ID="<script> and spaces")
    assert "client_request_id" not in AccessEvent.objects.filter(case=a_case).latest("pk").detail


# The home pages ----------------------------------------------------------------------------------


@pytest.fixture
def emergency(client, a_case, outsider, lead, privacy_officer):
    """Someone of another team breaks the glass: the team lead and the privacy officer are told."""
    child = factories.children_of(a_case)[0]
    child.bsn = BSN
    child.save()
    client.force_login(outsider)
    reason = "Kind op de SEH met letsel, moeder vraagt hulp."
    assert client.post("/casussen/noodtoegang/", {"bsn": BSN, "reason": reason}).status_code == 302
    client.logout()
    return reason


@pytest.mark.parametrize("reader", ["lead", "privacy_officer"])
def test_a_home_page_showing_cases_and_an_emergency_reason_is_logged(
    client, request, a_case, worker, emergency, reader
):
    client.force_login(worker)  # no notifications naming a case: nothing read, nothing logged
    before = AccessEvent.objects.count()
    assert client.get("/").status_code == 200
    assert AccessEvent.objects.count() == before

    user = request.getfixturevalue(reader)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert a_case.number in page and emergency in page
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("pk")
    assert (event.user, event.action, event.object_ref) == (user, "list", "home")
    assert event.detail["cases"] == [a_case.number]
    assert len(event.detail["notifications"]) == 1


# What was read, in words ------------------------------------------------------------------------


@pytest.fixture
def read_in_many_ways(client, a_case, worker):
    """The director reads the case page and the plan, logs a contact and moves the case on."""
    contact = services.contact_log(
        case=a_case, by=worker, occurred_at=timezone.now() - dt.timedelta(days=3), kind="home_visit", note="x"
    )
    plan = plan_services.plan_start(case=a_case, by=worker)
    client.force_login(worker)
    assert client.get(f"/casussen/{a_case.pk}/").status_code == 200
    assert client.get(f"/veiligheidsplan/{plan.pk}/").status_code == 200
    a_case.refresh_from_db()
    services.case_transition(
        case=a_case, to=Phase.VOLUNTARY, by=worker, reason="Hulp afgesproken", expected_version=a_case.version
    )
    return contact, plan


WORDS = ["Casuspagina", "Veiligheidsplan versie 1", "Fasewijziging naar Vrijwillig kader", "Gezinslid"]


def test_the_case_access_log_says_in_words_what_was_read(client, a_case, worker, read_in_many_ways):
    contact, plan = read_in_many_ways
    page = client.get(f"/casussen/{a_case.pk}/inzagelog/").content.decode()
    for words in [*WORDS, f"Contact van {_family_date(contact.occurred_at)}"]:
        assert words in page, words
    for reference in (
        f"case:{a_case.pk}",
        f"safety_plan:{plan.pk}",
        f"contact:{contact.pk}",
        "phase_change:",
    ):
        assert reference not in page


def test_the_privacy_officer_reads_words_in_the_search_and_the_export(
    client, a_case, privacy_officer, read_in_many_ways, reauthenticate
):
    contact, _plan = read_in_many_ways
    client.force_login(privacy_officer)
    reauthenticate()
    page = client.get("/account/inzagelog/", {"case_number": a_case.number}).content.decode()
    export = client.get("/account/inzagelog/export.csv", {"case_number": a_case.number}).content.decode()
    for words in [*WORDS, f"Contact van {_family_date(contact.occurred_at)}"]:
        assert words in page, words
        assert words in export, words
    assert f"case:{a_case.pk}" not in page


def _privacy_search_queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/account/inzagelog/", query)
    page = response.content.decode()
    for words in (
        "Casuspagina",
        "Contact van",
        "Veiligheidsplan versie 1",
        "In lijst getoond: Mijn casussen (1 casus)",
    ):
        assert words in page, words
    return len(queries)


def test_describing_costs_one_query_per_kind_however_many_rows(client, a_case, worker, privacy_officer):
    def read_everything_once():
        contact = services.contact_log(case=a_case, by=worker, occurred_at=timezone.now(), kind="phone")
        for ref in (f"case:{a_case.pk}", f"contact:{contact.pk}", f"safety_plan:{plan.pk}"):
            access_event_record(user=worker, action=AccessEvent.Action.VIEW, case=a_case, object_ref=ref)
        access_event_record(
            user=worker, action=AccessEvent.Action.LIST, object_ref="mine", detail={"cases": [a_case.number]}
        )

    plan = plan_services.plan_start(case=a_case, by=worker)
    read_everything_once()
    client.force_login(privacy_officer)
    few = _privacy_search_queries(client, worker=worker.username)
    for _ in range(6):
        read_everything_once()
    assert AccessEvent.objects.filter(user=worker).count() > 30
    assert _privacy_search_queries(client, worker=worker.username) == few


def test_every_reference_the_code_writes_has_words():
    written = set()
    patterns = (
        r'object_ref=f?"([a-z_]+)[:"]',
        r'\bref=f"([a-z_]+):',
        r'_listed\(request, f?"([a-z_]+)[:"]',
        r'_log_listing\(request, "([a-z_]+)"',
        r'return _caseload\((?:[^"]|"[^"]*")*?"([a-z_]+)"\s*\)',
    )
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "docs", "node_modules"}:
            continue
        text = path.read_text()
        for pattern in patterns:
            written |= set(re.findall(pattern, text))
    assert {"case", "contact", "safety_plan", "mine", "team"} <= written  # the scan finds them
    assert written - access_log.registered() == set()


# The privacy officer's search ---------------------------------------------------------------------


def test_the_privacy_officer_searches_by_worker_and_period(
    client, a_case, worker, colleague, privacy_officer
):
    for user in (worker, colleague):
        access_event_record(
            user=user, action=AccessEvent.Action.VIEW, case=a_case, object_ref=f"case:{a_case.pk}"
        )
    client.force_login(privacy_officer)
    today = timezone.localdate()

    def who(**query) -> set[str]:
        response = client.get("/account/inzagelog/", query)
        assert response.status_code == 200
        return {event.user.username for event in response.context["page"].object_list}

    assert who(worker=worker.username.upper()) == {worker.username}
    assert who(worker=f"  {colleague.first_name.lower()}   {colleague.last_name} ") == {colleague.username}
    assert who(worker="niemand-met-deze-naam") == set()
    assert who(date_from=today.isoformat(), date_to=today.isoformat()) >= {
        worker.username,
        colleague.username,
    }
    assert who(date_from=(today + dt.timedelta(days=1)).isoformat()) == set()
    assert who(case_number=a_case.number, date_to=(today - dt.timedelta(days=1)).isoformat()) == set()
    assert who(case_number=a_case.number, worker=colleague.username) == {colleague.username}
    assert who(date_from="0001-01-01", date_to="9999-12-31", worker=worker.username) == {worker.username}
    search = AccessEvent.objects.filter(user=privacy_officer, action="search").latest("pk")
    assert search.detail["query"] == {
        "worker": worker.username,
        "date_from": "0001-01-01",
        "date_to": "9999-12-31",
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "31-02-2026"}, "Voer een geldige datum in."),
        ({"date_to": "morgen"}, "Voer een geldige datum in."),
        ({"worker": "x", "date_from": "2026-03-02", "date_to": "2026-03-01"}, "ligt voor het begin"),
        ({"worker": "   "}, "medewerker of een periode"),
    ],
)
def test_bad_search_input_gets_a_dutch_message(client, privacy_officer, query, message, reauthenticate):
    client.force_login(privacy_officer)
    reauthenticate()
    response = client.get("/account/inzagelog/", query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None
    assert client.get("/account/inzagelog/export.csv", query).status_code == 400


# Veilig Thuis monitoring ends on its end date ------------------------------------------------------


@pytest.fixture
def monitored(client, vt_worker, oost, lead, worker):
    referral = _send(client, vt_worker)
    case = _accept(referral, lead, worker)
    referral.refresh_from_db()
    return referral, case


def test_monitoring_ends_at_read_time_although_the_nightly_job_has_not_run(client, monitored, vt_worker):
    referral, case = monitored
    client.force_login(vt_worker)
    today = timezone.localdate()
    Referral.objects.filter(pk=referral.pk).update(monitoring_ends_on=today)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200  # the end date itself still counts

    Referral.objects.filter(pk=referral.pk).update(monitoring_ends_on=today - dt.timedelta(days=1))
    assert client.get(f"/casussen/{case.pk}/").status_code == 404
    assert client.get(f"/overdrachten/casus/{case.pk}/").status_code == 404
    assert client.get("/casussen/zoeken/", {"q": case.number}).context["results"] == []
    # Nothing was removed yet: the stored rows still match the policy, so there is no drift to report.
    assert CaseAssignment.objects.filter(case=case, user=vt_worker, role="vt_monitor", ends_at=None).exists()
    call_command("check_case_permissions", verbosity=0)

    assert referral_services.monitoring_access_expire() == 1
    call_command("check_case_permissions", verbosity=0)
    assert client.get(f"/casussen/{case.pk}/").status_code == 404


def test_a_later_handover_still_being_monitored_keeps_its_monitor(client, monitored, vt_worker):
    referral, case = monitored
    today = timezone.localdate()
    Referral.objects.filter(pk=referral.pk).update(monitoring_ends_on=today - dt.timedelta(days=30))
    later = Referral.objects.get(pk=referral.pk)
    later.pk, later.form_token = None, uuid.uuid4()
    later.reference, later.monitoring_ends_on = "VT-2026-0099", today + dt.timedelta(days=60)
    later.save()  # a second handover about the family, accepted onto the same case
    client.force_login(vt_worker)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    assert referral_services.monitoring_access_expire() == 0
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
