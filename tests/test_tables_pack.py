"""The agenda pack and the letters: read back from the PDF, single-flight, and built by a real worker."""

import datetime as dt
import io
import threading

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AccessEvent
from tables import services
from tables.models import AgendaPack
from tables.tasks import agenda_pack_build, agenda_packs_pick_up
from tests import factories
from tests import tables_helpers as th
from tests.helpers import wait_until
from tests.test_safetyplans import complete_content

pytestmark = pytest.mark.django_db


def pages_of(pdf: bytes) -> list[str]:
    """The text of each page, its whitespace (line breaks inside table cells too) made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def chair(db):
    return th.chair()


@pytest.fixture
def member(db):
    return th.member()


@pytest.fixture
def table(chair):
    return th.table(chair)


@pytest.fixture
def planned(oost, worker, chair, member, table):
    """A published meeting with two families; the first has its agreed safety plan attached."""
    from safetyplans import services as plan_services

    cases = [
        factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")
        for _ in range(2)
    ]
    plan = plan_services.plan_start(case=cases[0], by=worker)
    plan_services.plan_save(plan=plan, by=worker, content=complete_content(), expected_edit_version=1)
    plan.refresh_from_db()
    plan = plan_services.plan_agree(
        plan=plan, by=worker, how="in_person", agreed_with="ouders", expected_edit_version=plan.edit_version
    )
    submissions = [
        th.submitted(cases[0], worker, table, plan=plan),
        th.submitted(cases[1], worker, table, question="Moet de Raad onderzoeken?"),
    ]
    return th.meeting(table, chair, submissions, members=[member])


def _build(meeting, chair) -> AgendaPack:
    pack = services.pack_request(meeting=meeting, by=chair)
    assert services.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def test_the_pack_holds_the_agenda_then_each_submission_and_its_plan(planned, chair):
    pack = _build(planned, chair)
    assert (pack.state, pack.items_done, pack.items_total) == ("ready", 2, 2)
    pages = pages_of(bytes(pack.pdf))
    assert len(pages) == pack.pages
    families = [item.submission.case.family.name for item in planned.items.order_by("position")]
    agenda = pages[0]
    assert "Agenda" in agenda and "Vertrouwelijk" in agenda and "Stadhuis" in agenda
    assert "13:00– 14:00" in agenda and families[0] in agenda and families[1] in agenda
    text = "\n".join(pages)
    # The agenda, then the first family's submission and its plan (in the plan's own words), then the second.
    assert (
        text.index(f"Bespreking 1: {families[0]}")
        < text.index("Vader schreeuwt en slaat met deuren")
        < text.index(f"Bespreking 2: {families[1]}")
    )
    assert "Is vrijwillige hulp nog genoeg?" in text and "Moet de Raad onderzoeken?" in text
    assert "Er is geen veiligheidsplan bijgevoegd." in text  # the second family has none


def test_built_again_the_pack_gives_the_same_pages(planned, chair):
    first = pages_of(bytes(_build(planned, chair).pdf))
    second = pages_of(bytes(_build(planned, chair).pdf))
    assert first == second


def test_every_download_is_logged_per_case_and_not_cached(client, planned, chair, member, outsider):
    _build(planned, chair)
    url = f"/beschermtafel/vergadering/{planned.pk}/agendapakket.pdf"
    cases = sorted(planned.items.values_list("submission__case_id", flat=True))
    for user in (chair, member):
        client.force_login(user)
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        printed = AccessEvent.objects.filter(user=user, action="print", object_ref__startswith="agenda_pack:")
        assert sorted(printed.values_list("case_id", flat=True)) == cases
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_page_shows_real_progress_and_stops_polling_when_ready(client, planned, chair):
    pack = services.pack_request(meeting=planned, by=chair)
    AgendaPack.objects.filter(pk=pack.pk).update(state="building", items_done=1, items_total=2)
    client.force_login(chair)
    status = client.get(f"/beschermtafel/vergadering/{planned.pk}/agendapakket/status/")
    part = status.content.decode()
    assert '<progress id="pack-progress" max="2" value="1"' in part and "1 van 2 gezinnen klaar" in part
    assert 'hx-trigger="every 1s"' in part and "no-store" in status["Cache-Control"]
    AgendaPack.objects.filter(pk=pack.pk).update(
        state="ready", items_done=2, pages=5, meeting_version=planned.version
    )
    part = client.get(f"/beschermtafel/vergadering/{planned.pk}/agendapakket/status/").content.decode()
    assert "hx-trigger" not in part and "Download het agendapakket (PDF)" in part


@pytest.mark.django_db(transaction=True)
def test_two_builds_never_race(planned, chair):
    pack = services.pack_request(meeting=planned, by=chair)
    results, barrier = [], threading.Barrier(3)

    def build():
        try:
            barrier.wait()
            results.append(services.pack_build(pack_id=pack.pk))
        finally:
            connection.close()

    def ask_again():
        try:
            barrier.wait()
            services.pack_request(meeting=planned, by=chair)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=build),
        threading.Thread(target=build),
        threading.Thread(target=ask_again),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    pack.refresh_from_db()
    # Asking while it was under way changed nothing; at most it asked once more after it was ready.
    assert AgendaPack.objects.count() == 1 and pack.state in ("ready", "requested")


def test_with_the_broker_down_the_page_says_so_in_dutch(
    client, planned, chair, django_capture_on_commit_callbacks
):
    from config.celery import app

    original = app.conf.broker_url

    def use_broker(url):
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        client.force_login(chair)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/beschermtafel/vergadering/{planned.pk}/agendapakket/")
    finally:
        use_broker(original)
    assert response.status_code == 302
    pack = AgendaPack.objects.get()
    assert pack.state == "requested" and pack.queue_failed_at is not None
    page = client.get(f"/beschermtafel/vergadering/{planned.pk}/").content.decode()
    assert "De achtergrondverwerking is nu niet bereikbaar" in page
    assert "het agendapakket wordt gemaakt zodra die weer werkt" in page


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_pack_and_the_pick_up_builds_what_was_left(
    celery_worker, client, planned, chair
):
    client.force_login(chair)
    client.post(f"/beschermtafel/vergadering/{planned.pk}/agendapakket/")  # no worker listens on that queue
    pack = AgendaPack.objects.get()
    assert pack.state == "requested"
    AgendaPack.objects.filter(pk=pack.pk).update(requested_at=timezone.now() - dt.timedelta(minutes=5))
    agenda_packs_pick_up.apply_async(queue=celery_worker)
    assert wait_until(lambda: AgendaPack.objects.get(pk=pack.pk).state == "ready", timeout=60)
    services.pack_request(meeting=planned, by=chair)
    agenda_pack_build.apply_async(args=[pack.pk], queue=celery_worker)
    assert wait_until(lambda: AgendaPack.objects.get(pk=pack.pk).state == "ready", timeout=60)
    assert "Is vrijwillige hulp nog genoeg?" in "\n".join(pages_of(bytes(AgendaPack.objects.get().pdf)))


# --- Letters ---


def test_the_invitation_for_the_parents_reads_back_in_plain_dutch(client, planned, worker, chair, outsider):
    item = planned.items.order_by("position").first()
    client.force_login(worker)
    response = client.get(f"/beschermtafel/agendapunt/{item.pk}/uitnodiging.pdf")
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    text = " ".join(" ".join(pages_of(response.content)).split())
    when = timezone.localdate()
    assert "Uitnodiging voor de Beschermtafel" in text
    assert f"{when.day} " in text and "om 13:00" in text and "Stadhuis" in text
    assert "U mag iemand meenemen" in text and "een vertrouwenspersoon of een advocaat" in text
    assert worker.get_full_name() in text and "075-1234567" in text
    assert "Raad voor de Kinderbescherming" in text  # who will be there
    assert "1501 AB Zaandam" in text  # the postcode as people write it
    assert AccessEvent.objects.filter(
        user=worker, action="print", object_ref=f"invitation:{item.pk}"
    ).exists()
    for user in (chair, outsider):
        client.force_login(user)
        assert client.get(f"/beschermtafel/agendapunt/{item.pk}/uitnodiging.pdf").status_code == (
            200 if user == chair else 404
        )


def test_a_child_of_12_gets_its_own_letter(client, oost, worker, chair, table):
    born = dt.date(timezone.localdate().year - 14, 1, 1)
    case = factories.walk(
        factories.case(team=oost, director=worker, children=1, first_child=factories.person_data(birth_date=born, given_name="Noor")),
        worker, "voluntary",
    )  # fmt: skip
    submission = th.submitted(case, worker, table)
    meeting = th.meeting(table, chair, [submission])
    client.force_login(worker)
    response = client.get(f"/beschermtafel/agendapunt/{meeting.items.get().pk}/uitnodiging.pdf?voor=kinderen")
    text = " ".join(" ".join(pages_of(response.content)).split())
    assert "Beste Noor," in text and "Je mag iemand meenemen" in text and "Kindertelefoon" in text


def test_the_outcome_letter_for_the_parents(client, planned, worker, chair):
    item = planned.items.order_by("position").last()
    outcome = services.outcome_record(
        item=item, by=chair, kind="pressure", decision="Er zijn duidelijke afspraken nodig.",
        agreements=[{"who": "Vader", "what": "volgt de cursus", "when": "1 maart"}],
        report_back_on=timezone.localdate() + dt.timedelta(days=90), parents_informed=True,
    )  # fmt: skip
    client.force_login(worker)
    text = " ".join(
        " ".join(pages_of(client.get(f"/beschermtafel/uitkomst/{outcome.pk}/brief.pdf").content)).split()
    )
    assert "Wat de Beschermtafel heeft besloten" in text
    assert "Er zijn duidelijke afspraken nodig." in text and "volgt de cursus" in text
    assert "Raad voor de Kinderbescherming" in text  # what happens if the agreements are not kept
    assert "1501 AB Zaandam" in text
