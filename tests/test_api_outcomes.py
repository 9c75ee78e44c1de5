"""Table outcomes for the chain (issue 18): who is entitled, the inzage through HTTP, the outbox, and its
delivery to a local receiver, in-process and by a real Celery worker. Matrices are written out literally."""

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Notification, Organisation
from api import delivery
from api.models import ApiClient, Delivery, OutboundEvent, OutcomeRecipient
from api.outcomes import recipients_of
from api.services import api_client_create, api_client_deactivate
from api.tasks import deliveries_pick_up, delivery_send
from audit.models import AccessEvent
from cases.models import Case
from privacy import erasure
from referrals.models import Referral
from tables import services as table_services
from tests import factories
from tests import tables_helpers as th
from tests.helpers import wait_until
from tests.test_reports import referral

AVAILABLE = "nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-beschikbaar-gesteld"
READ = "nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-ingezien"


# --- A receiver: the chain's generic POST /events, deduplicating by the CloudEvent's id ---------------


class Receiver:
    """A local HTTP receiver. ``answers`` is the status for each POST in turn (then 202); ``slow`` makes the
    first POST take in the event and answer too late, as when the answer is lost on the way back."""

    def __init__(self, answers=(), *, slow: bool = False, headers=None):
        self.answers, self.slow, self.headers = list(answers), slow, headers or {}
        self.posts: list[dict] = []  # every request as received
        self.effects: dict[str, dict] = {}  # what it did: one per event id
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.posts.append({"event": event, "content_type": self.headers["Content-Type"]})
                status = receiver.answers.pop(0) if receiver.answers else 202
                if status == 202:
                    receiver.effects.setdefault(event["id"], event)
                    if receiver.slow:
                        receiver.slow = False
                        time.sleep(3)  # past API_DELIVERY_TIMEOUT_SECONDS (2 in tests)
                self.send_response(status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                if status == 302:
                    self.send_header("Location", "http://127.0.0.1:1/elders")
                body = json.dumps({"interactieId": f"urn:uuid:ontvangen-{len(receiver.posts)}"}).encode()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(*answers, **options):
        made.append(Receiver(answers, **options))
        return made[-1]

    yield make
    for one in made:
        one.stop()


def _closed_port() -> str:
    """An address where nothing listens (the receiver is down)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/events"


# --- The case, its handover, the table, and the chain's clients ------------------------------------------


@pytest.fixture
def chair(db):
    return th.chair()


@pytest.fixture
def table(chair):
    return th.table(chair)


@pytest.fixture
def handed_over(oost, worker, vt_worker):
    """A family Veilig Thuis ("VT") handed over to Team Oost, now in the pressure phase."""
    case = factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")
    now = timezone.now()
    referral(vt_worker, oost, sent=now, accepted=now, case=case)
    return factories.walk(case, worker, "pressure")


def _client(admin, organisation, endpoint: str = "http://127.0.0.1:9/events", scope="outcomes") -> ApiClient:
    made, token = api_client_create(
        by=admin, organisation=organisation, name=f"Systeem {organisation.name}", scope=scope,
        endpoint_url=endpoint if scope == "outcomes" else "",
    )  # fmt: skip
    made.headers = {"Authorization": f"Bearer {token}"}
    return made


@pytest.fixture
def clients(functional_admin, vt_worker, investigator, gi_worker):
    """An outcomes client for each organisation of the chain, and Veilig Thuis's intake client."""
    return {
        "vt": _client(functional_admin, vt_worker.organisation),
        "raad": _client(functional_admin, investigator.organisation),
        "gi": _client(functional_admin, gi_worker.organisation),
        "other_vt": _client(functional_admin, factories.organisation("VT Elders", "veilig_thuis")),
        "vt_intake": _client(functional_admin, vt_worker.organisation, scope="intake"),
    }


def _record(case, worker, chair, table, kind="board_investigation", investigator=None):
    submission = th.submitted(case, worker, table)
    th.meeting(table, chair, [submission])
    extra = {"investigator": investigator} if kind == "board_investigation" else {}
    if kind == "pressure":
        extra = {
            "agreements": [{"who": "Moeder", "what": "Neemt hulp aan", "when": "binnen twee weken"}],
            "report_back_on": timezone.localdate() + dt.timedelta(days=42),
        }
    return table_services.outcome_record(
        item=th.item_of(submission), by=chair, kind=kind, decision="Besluit van de tafel.", parents_informed=True,
        **extra,
    )  # fmt: skip


def _url(outcome) -> str:
    return f"/api/v1/uitkomsten/{outcome.identifier}"


# --- Who is entitled, and what is queued when the outcome is recorded -------------------------------------


@pytest.mark.django_db
def test_a_raad_investigation_goes_to_the_veilig_thuis_that_handed_over_and_to_the_raad(
    handed_over, worker, chair, table, investigator, clients, settings
):
    outcome = _record(handed_over, worker, chair, table, investigator=investigator)
    assert dict(OutcomeRecipient.objects.values_list("organisation__name", "reason")) == {
        "VT": "veilig_thuis",
        "Raad": "investigation",
    }
    event = OutboundEvent.objects.get()
    assert (event.type, event.event_id) == (AVAILABLE, outcome.event_id)
    assert event.cloudevent["id"] == str(outcome.event_id) and event.cloudevent["subject"] == str(
        outcome.identifier
    )
    assert event.cloudevent["data"]["@graph"][0]["soh:inzageUrl"] == settings.SITE_URL + _url(outcome)
    queued = Delivery.objects.filter(event=event).values_list("client__organisation__name", "state")
    assert sorted(queued) == [("Raad", "pending"), ("VT", "pending")]


@pytest.mark.django_db
def test_agreements_under_pressure_go_to_veilig_thuis_only(handed_over, worker, chair, table, clients):
    _record(handed_over, worker, chair, table, kind="pressure")
    assert list(OutcomeRecipient.objects.values_list("organisation__name", flat=True)) == ["VT"]
    assert list(Delivery.objects.values_list("client__organisation__name", flat=True)) == ["VT"]


@pytest.mark.django_db
def test_a_family_not_handed_over_by_veilig_thuis_is_shared_with_nobody(oost, worker, chair, table, clients):
    case = factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")
    _record(case, worker, chair, table, kind="voluntary_sufficient")
    assert not OutcomeRecipient.objects.exists() and not Delivery.objects.exists()
    assert OutboundEvent.objects.count() == 1  # made available: to nobody outside the local team


@pytest.mark.django_db
def test_the_outbox_commits_with_the_outcome_or_not_at_all(
    handed_over, worker, chair, table, clients, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sends, pytest.raises(RuntimeError), transaction.atomic():
        _record(handed_over, worker, chair, table, kind="pressure")
        raise RuntimeError("the recording failed after the hook")
    assert sends == []  # nothing queued for an outcome that was rolled back
    assert not OutboundEvent.objects.exists() and not Delivery.objects.exists()
    assert not OutcomeRecipient.objects.exists()
    with django_capture_on_commit_callbacks() as sends:
        _record(handed_over, worker, chair, table, kind="pressure")
    assert Delivery.objects.count() == 1
    assert sends  # the sends wait for the commit


@pytest.mark.django_db
def test_a_gi_directing_the_case_is_entitled(handed_over, worker, chair, table, gi_worker, investigator):
    outcome = _record(handed_over, worker, chair, table, kind="pressure")
    factories.walk(handed_over, worker, "mandated", investigator=investigator, gi_worker=gi_worker)
    assert {Organisation.objects.get(pk=pk).name: why for pk, why in recipients_of(outcome).items()} == {
        "VT": "veilig_thuis",
        "GI": "director",
    }


@pytest.mark.django_db
def test_the_events_name_no_person_and_no_case(
    handed_over, worker, chair, table, investigator, clients, client
):
    outcome = _record(handed_over, worker, chair, table, investigator=investigator)
    client.get(_url(outcome), headers=clients["vt"].headers)
    text = json.dumps([event.cloudevent for event in OutboundEvent.objects.all()], ensure_ascii=False)
    family = handed_over.children.first()
    for secret in (
        handed_over.number,
        family.given_name,
        family.surname,
        "Besluit van de tafel.",
        investigator.last_name,
    ):
        assert secret not in text


# --- The inzage URL ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_inzage_answers_only_entitled_organisations_and_every_read_is_logged_and_told(
    client, handed_over, worker, chair, table, investigator, clients
):
    outcome = _record(handed_over, worker, chair, table, investigator=investigator)

    def status(name, url=None):
        headers = clients[name].headers if name else {}
        return client.get(url or _url(outcome), headers=headers).status_code

    expected = {"vt": 200, "raad": 200, "gi": 404, "other_vt": 404, "vt_intake": 403, None: 401}
    assert {name: status(name) for name in expected} == expected
    assert status("vt", "/api/v1/uitkomsten/00000000-0000-4000-8000-000000000000") == 404
    assert status("vt", "/api/v1/uitkomsten/geen-uuid") == 404

    answer = client.get(_url(outcome), headers=clients["vt"].headers)
    document = answer.json()
    assert "no-store" in answer["Cache-Control"]
    assert document["identifier"] == str(outcome.identifier)
    assert document["inzageUrl"].endswith(_url(outcome))
    assert document["casusoverleg"]["betreft"]["heeftBesluit"][0]["soort"] == "board_investigation"
    assert document["raadsonderzoeker"] == investigator.get_full_name()
    refused = client.get(_url(outcome), headers=clients["gi"].headers).json()
    assert refused == {
        "fouten": [
            {"pad": "$", "melding": "Zicht kent voor uw organisatie geen uitkomst met deze identifier."}
        ]
    }

    reads = AccessEvent.objects.filter(
        object_ref=f"uitkomst_overleg:{outcome.pk}", case=outcome.case, action="view"
    )
    assert sorted(reads.values_list("user__api_client__organisation__name", flat=True)) == [
        "Raad",
        "VT",
        "VT",
    ]
    told = OutboundEvent.objects.filter(type=READ).order_by("pk")
    assert [(event.organisation.name, event.cloudevent["type"]) for event in told] == [
        ("VT", READ), ("Raad", READ), ("VT", READ),
    ]  # fmt: skip
    # Each read is told to the other entitled organisations, not to the reader.
    assert [list(event.deliveries.values_list("client__organisation__name", flat=True)) for event in told] == [
        ["Raad"], ["VT"], ["Raad"],
    ]  # fmt: skip
    graph = told[0].cloudevent["data"]["@graph"]
    assert graph[0]["prov:used"] == {"@id": f"urn:uuid:{outcome.identifier}"}
    assert graph[1]["soh:naam"] == "VT"
    assert len({event.event_id for event in told}) == 3  # a new event for every read


@pytest.mark.django_db
def test_a_switched_off_receiving_client_reads_nothing(
    client, handed_over, worker, chair, table, investigator, clients, functional_admin
):
    outcome = _record(handed_over, worker, chair, table, investigator=investigator)
    api_client_deactivate(by=functional_admin, client=clients["vt"])
    assert client.get(_url(outcome), headers=clients["vt"].headers).status_code == 401


@pytest.mark.django_db
def test_after_destruction_nobody_reads_it_and_nothing_more_is_sent(
    client, handed_over, worker, chair, table, investigator, clients
):
    outcome = _record(handed_over, worker, chair, table, investigator=investigator)
    erasure.erase_case(outcome.case)
    assert client.get(_url(outcome), headers=clients["vt"].headers).status_code == 404
    assert set(Delivery.objects.values_list("state", flat=True)) == {"cancelled"}


# --- Delivery: at least once, same id, backoff, giving up ----------------------------------------------------


def _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, endpoint) -> Delivery:
    _client(functional_admin, vt_worker.organisation, endpoint)
    _record(handed_over, worker, chair, table, kind="pressure")
    return Delivery.objects.select_related("event").get()


@pytest.mark.django_db
def test_a_receiver_down_then_up_gets_the_event_once_in_effect(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    up = receiver(503, 503)
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, up.url)
    now = timezone.now()
    first = delivery.attempt(sent.pk, now=now)
    assert (first.state, first.attempts, first.last_error) == ("pending", 1, "HTTP 503")
    assert first.next_attempt_at == now + dt.timedelta(seconds=1)
    assert delivery.attempt(sent.pk, now=now) is None  # not due yet: nothing sent
    second = delivery.attempt(sent.pk, now=now + dt.timedelta(seconds=1))
    assert (second.state, second.attempts) == ("pending", 2)
    assert second.next_attempt_at == now + dt.timedelta(seconds=3)  # 1 s, then 2 s
    third = delivery.attempt(sent.pk, now=now + dt.timedelta(seconds=3))
    assert (third.state, third.attempts, third.last_error) == ("delivered", 3, "")
    assert third.interaction_id == "urn:uuid:ontvangen-3"
    assert delivery.attempt(sent.pk, now=now + dt.timedelta(hours=1)) is None  # delivered: never again
    assert len(up.posts) == 3
    assert {post["event"]["id"] for post in up.posts} == {str(sent.event.event_id)}
    assert all(post["content_type"] == "application/cloudevents+json; charset=utf-8" for post in up.posts)
    assert up.posts[0]["event"] == sent.event.cloudevent
    assert list(up.effects) == [str(sent.event.event_id)]


@pytest.mark.django_db
def test_an_answer_lost_on_the_way_back_is_sent_again_with_the_same_id(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    slow = receiver(slow=True)
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, slow.url)
    now = timezone.now()
    assert delivery.attempt(sent.pk, now=now).state == "pending"  # timed out: it does not know it arrived
    assert delivery.attempt(sent.pk, now=now + dt.timedelta(seconds=1)).state == "delivered"
    assert len(slow.posts) == 2 and len(slow.effects) == 1  # the receiver recognised the id


@pytest.mark.django_db
def test_nothing_listening_is_tried_again(handed_over, worker, chair, table, functional_admin, vt_worker):
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, _closed_port())
    tried = delivery.attempt(sent.pk)
    assert tried.state == "pending" and "Connection refused" in tried.last_error


@pytest.mark.django_db
@pytest.mark.parametrize("status", [400, 401, 404, 302])
def test_a_receiver_that_refuses_fails_at_once_and_the_administrators_hear_of_it(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver, status
):
    refusing = receiver(status)
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, refusing.url)
    tried = delivery.attempt(sent.pk)
    assert (tried.state, tried.last_error, tried.next_attempt_at) == ("failed", f"HTTP {status}", None)
    assert len(refusing.posts) == 1  # a redirect is not followed
    told = Notification.objects.get(recipient=functional_admin, text__contains="kon niet worden afgeleverd")
    assert told.link == f"/beheer/api/delivery/{sent.pk}/change/"
    assert f"(HTTP {status})" in told.text


@pytest.mark.django_db
def test_too_many_requests_waits_as_long_as_the_receiver_asks_within_an_hour(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    busy = receiver(429, 429, headers={"Retry-After": "120"})
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, busy.url)
    now = timezone.now()
    assert delivery.attempt(sent.pk, now=now).next_attempt_at == now + dt.timedelta(seconds=120)


@pytest.mark.django_db
def test_a_delivery_still_failing_after_the_give_up_time_fails(
    handed_over, worker, chair, table, functional_admin, vt_worker, settings
):
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, _closed_port())
    later = sent.event.created_at + dt.timedelta(hours=settings.API_DELIVERY_GIVE_UP_HOURS, seconds=1)
    Delivery.objects.filter(pk=sent.pk).update(next_attempt_at=later)
    assert delivery.attempt(sent.pk, now=later).state == "failed"


@pytest.mark.django_db
def test_an_absurd_retry_after_waits_an_hour(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    busy = receiver(503, headers={"Retry-After": "999999999999999999"})
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, busy.url)
    now = timezone.now()
    assert delivery.attempt(sent.pk, now=now).next_attempt_at == now + dt.timedelta(hours=1)


def test_the_wait_doubles_from_the_setting_up_to_an_hour(settings):
    settings.API_DELIVERY_RETRY_SECONDS = 30
    waits = [delivery.retry_delay(attempts).total_seconds() for attempts in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert delivery.retry_delay(1, wait=7200).total_seconds() == 3600


@pytest.mark.django_db
def test_a_switched_off_client_gets_nothing(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    up = receiver()
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, up.url)
    ApiClient.objects.filter(pk=sent.client_id).update(is_active=False)
    assert delivery.attempt(sent.pk).state == "cancelled"
    assert up.posts == []


# --- A real worker ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_with_backoff_until_the_receiver_is_back(
    celery_worker, handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    flaky = receiver(503, 503)
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, flaky.url)
    delivery_send.apply_async(args=[sent.pk], queue=celery_worker)
    assert wait_until(lambda: Delivery.objects.get(pk=sent.pk).state == "delivered", timeout=60)
    done = Delivery.objects.get(pk=sent.pk)
    assert done.attempts == 3 and len(flaky.posts) == 3 and len(flaky.effects) == 1
    stamps = [post["event"]["id"] for post in flaky.posts]
    assert stamps == [str(sent.event.event_id)] * 3


@pytest.mark.django_db
def test_the_pick_up_sends_what_is_due_and_only_that(
    handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    up = receiver()
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, up.url)
    Delivery.objects.filter(pk=sent.pk).update(next_attempt_at=timezone.now() + dt.timedelta(hours=1))
    assert deliveries_pick_up() == 0 and up.posts == []
    Delivery.objects.filter(pk=sent.pk).update(next_attempt_at=timezone.now())
    assert deliveries_pick_up() == 1
    assert deliveries_pick_up() == 0
    assert len(up.posts) == 1 and Delivery.objects.get(pk=sent.pk).state == "delivered"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_picks_up_what_the_broker_lost(
    celery_worker, handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    up = receiver()
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, up.url)
    deliveries_pick_up.apply_async(queue=celery_worker)  # its send after commit went to a queue nobody reads
    assert wait_until(lambda: Delivery.objects.get(pk=sent.pk).state == "delivered", timeout=60)
    assert len(up.posts) == 1


# --- /beheer/: receiving clients and the outbox ----------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_makes_a_receiving_client_with_its_endpoint(client, login, functional_admin, investigator):
    raad = investigator.organisation
    local = factories.organisation("Jeugdteam Zaanstad", "local_team")
    login(functional_admin.username)
    page = client.get("/beheer/api/apiclient/add/").content.decode()
    assert 'name="endpoint_url"' in page and "Raad" in page and "Jeugdteam Zaanstad" not in page

    def add(**fields):
        return client.post("/beheer/api/apiclient/add/", {"name": "Raadssysteem", **fields})

    refused = {
        "no endpoint": add(organisation=raad.pk, scope="outcomes", endpoint_url=""),
        "not an address": add(
            organisation=raad.pk, scope="outcomes", endpoint_url="ftp://raad.example/events"
        ),
        "intake for the Raad": add(organisation=raad.pk, scope="intake", endpoint_url=""),
        "local team": add(organisation=local.pk, scope="outcomes", endpoint_url="https://x.example/events"),
    }
    messages = {
        "no endpoint": "Geef het adres waar haar systeem CloudEvents aanneemt.",
        "not an address": "Geef een volledig http(s)-adres.",
        "intake for the Raad": "is alleen voor: Veilig Thuis.",
        "local team": "Selecteer een geldige keuze",
    }
    for case, response in refused.items():
        assert response.status_code == 200, case
        assert messages[case] in response.content.decode(), case
    assert not ApiClient.objects.exists()

    made = add(organisation=raad.pk, scope="outcomes", endpoint_url="https://raad.example/events")
    assert made.status_code == 302
    receiving = ApiClient.objects.get(name="Raadssysteem")
    assert (receiving.scope, receiving.endpoint_url) == ("outcomes", "https://raad.example/events")
    assert list(receiving.user.groups.values_list("name", flat=True)) == []  # no role: it reads outcomes only


@pytest.mark.django_db
def test_only_a_receiving_clients_endpoint_can_be_changed_and_the_change_is_logged(
    client, login, functional_admin, investigator, api_client, handed_over, worker, chair, table
):
    def _outcome_for_admin_test():
        return _record(handed_over, worker, chair, table, kind="pressure")

    receiving = _client(functional_admin, investigator.organisation, "https://raad.example/events")
    login(functional_admin.username)
    url = f"/beheer/api/apiclient/{receiving.pk}/change/"
    assert 'name="endpoint_url"' in client.get(url).content.decode()
    for wrong, message in (
        ("", "Geef het adres waar haar systeem"),
        ("ftp://raad.example/x", "Geef een volledig"),
    ):
        refused = client.post(url, {"endpoint_url": wrong})
        assert refused.status_code == 200 and message in refused.content.decode()
    waiting = Delivery.objects.create(
        event=OutboundEvent.objects.create(
            type=OutboundEvent.Type.AVAILABLE, outcome=_outcome_for_admin_test(), cloudevent={}
        ),
        client=receiving,
        next_attempt_at=timezone.now() + dt.timedelta(minutes=30),
    )
    assert client.post(url, {"endpoint_url": "https://raad.example/v2/events"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.next_attempt_at <= timezone.now()  # goes to the new address at the next pick-up
    receiving.refresh_from_db()
    assert receiving.endpoint_url == "https://raad.example/v2/events"
    logged = AccessEvent.objects.get(user=functional_admin, reason__contains="Event-endpoint")
    assert logged.detail["old_endpoint_url"] == "https://raad.example/events"
    # An intake client has no endpoint; its page changes nothing.
    intake_page = client.get(f"/beheer/api/apiclient/{api_client.pk}/change/").content.decode()
    assert 'name="endpoint_url"' not in intake_page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("privacy_officer", 302), ("team_lead", 302), ("youth_worker", 302)],
)
def test_only_the_functional_admin_sees_the_outbox(client, login, role, expected):
    factories.user(f"u-{role}", role=role)
    login(f"u-{role}")
    assert client.get("/beheer/api/delivery/").status_code == expected


@pytest.mark.django_db
def test_the_admin_sends_a_failed_delivery_again_with_the_same_id(
    client, login, handed_over, worker, chair, table, functional_admin, vt_worker, receiver
):
    up = receiver(400)
    sent = _one_delivery(handed_over, worker, chair, table, functional_admin, vt_worker, up.url)
    assert delivery.attempt(sent.pk).state == "failed"
    login(functional_admin.username)
    listing = client.get("/beheer/api/delivery/").content.decode()
    assert "Mislukt: vraagt aandacht" in listing and "HTTP 400" in listing
    response = client.post(
        "/beheer/api/delivery/", {"action": "send_again", "_selected_action": [sent.pk]}, follow=True
    )
    assert "1 event wordt opnieuw verstuurd." in response.content.decode()
    assert Delivery.objects.get(pk=sent.pk).state == "pending"
    assert AccessEvent.objects.filter(user=functional_admin, detail__delivery=sent.pk).exists()
    assert delivery.attempt(sent.pk).state == "delivered"
    assert [post["event"]["id"] for post in up.posts] == [str(sent.event.event_id)] * 2
    again = client.post(
        "/beheer/api/delivery/", {"action": "send_again", "_selected_action": [sent.pk]}, follow=True
    )
    assert (
        "Alleen een aflevering die mislukte of wacht kan opnieuw worden verstuurd." in again.content.decode()
    )
    # The read-only page saves nothing.
    before = Delivery.objects.values().get(pk=sent.pk)
    client.post(f"/beheer/api/delivery/{sent.pk}/change/", {"state": "pending", "attempts": "0"})
    assert Delivery.objects.values().get(pk=sent.pk) == before


# --- The whole loop ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_from_a_posted_melding_to_the_tables_outcome_read_by_veilig_thuiss_system(
    client, login, api_client, oost, lead, worker, chair, table, functional_admin, receiver
):
    """Veilig Thuis's system posts a Melding; the team accepts it; the table decides; the event reaches Veilig
    Thuis's endpoint, and its system reads the outcome at the event's inzage URL, with its own token."""
    from tests.test_api_intake import melding, post

    Municipality.objects.filter(pk=factories.municipality().pk).update(handover_team=oost)  # Zaanstad → Oost
    up = receiver()
    receiving = _client(functional_admin, api_client.organisation, up.url)
    assert post(client, api_client.token, melding()).status_code == 201
    referral = Referral.objects.get()
    login(lead.username)
    client.post(
        f"/overdrachten/{referral.pk}/accepteren/",
        {"family": "new", "director": worker.pk, "version": referral.version},
    )
    case = Case.objects.get()
    submission = th.submitted(case, worker, table)
    th.meeting(table, chair, [submission])
    client.force_login(chair)
    recorded = client.post(
        f"/beschermtafel/agendapunt/{th.item_of(submission).pk}/uitkomst/",
        {"kind": "voluntary_sufficient", "decision": "Vrijwillige hulp volstaat.", "parents_informed": "on"},
    )
    assert recorded.status_code == 302
    client.logout()

    (queued,) = Delivery.objects.filter(client=receiving)
    assert delivery.attempt(queued.pk).state == "delivered"
    (arrived,) = up.posts
    assert arrived["event"]["type"] == AVAILABLE
    inzage_url = arrived["event"]["data"]["@graph"][0]["soh:inzageUrl"]
    path = inzage_url.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 401  # no token
    assert client.get(path, headers=api_client.headers).status_code == 403  # the intake client may not
    document = client.get(path, headers=receiving.headers).json()
    assert document["casusoverleg"]["betreft"]["id"] == case.number
    assert (
        document["casusoverleg"]["betreft"]["heeftBesluit"][0]["omschrijving"] == "Vrijwillige hulp volstaat."
    )
