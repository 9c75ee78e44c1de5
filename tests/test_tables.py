"""The Beschermtafel through HTTP: submissions, the chair's agenda, members' access, outcomes that move the case.

Expected matrices are written out here, not imported from the code.
"""

import datetime as dt
import html
import json
import re

import pytest
from django.utils import timezone

from audit.models import AccessEvent
from cases import services as case_services
from cases.models import CaseAssignment, CaseUserObjectPermission, PhaseChange
from core.dates import subtract_working_days, working_days_between
from safetyplans import services as plan_services
from tables import services
from tables.access import object_members_set
from tables.models import Outcome, Submission, SubmissionEvent, SubmissionUserObjectPermission
from tests import factories
from tests import tables_helpers as th
from tests.test_safetyplans import complete_content

pytestmark = pytest.mark.django_db


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
def voluntary(oost, worker):
    return factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")


def _status(client, user, url: str) -> int:
    client.force_login(user)
    return client.get(url).status_code


# --- Members: their meeting's submissions, nothing else, and only for a while ---


def test_a_table_member_reads_their_meetings_submissions_and_nothing_else(
    client, oost, worker, chair, member, table
):
    other_member = th.member("joost")
    cases = [
        factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")
        for _ in range(3)
    ]
    mine, others, unpublished = (th.submitted(case, worker, table) for case in cases)
    own_meeting = th.meeting(table, chair, [mine], members=[member])
    other_meeting = th.meeting(table, chair, [others], members=[other_member])
    draft_meeting = th.meeting(table, chair, [unpublished], members=[member], publish=False)
    urls = {
        "own submission": f"/beschermtafel/aanmelding/{mine.pk}/",
        "own case": f"/casussen/{mine.case_id}/",
        "own meeting": f"/beschermtafel/vergadering/{own_meeting.pk}/",
        "other meeting's submission": f"/beschermtafel/aanmelding/{others.pk}/",
        "other meeting": f"/beschermtafel/vergadering/{other_meeting.pk}/",
        "unpublished meeting's submission": f"/beschermtafel/aanmelding/{unpublished.pk}/",
        "unpublished meeting": f"/beschermtafel/vergadering/{draft_meeting.pk}/",
        "chair's inbox": "/beschermtafel/",
    }
    expected = {
        "own submission": 200,
        "own case": 404,
        "own meeting": 200,
        "other meeting's submission": 404,
        "other meeting": 404,
        "unpublished meeting's submission": 404,
        "unpublished meeting": 404,
        "chair's inbox": 403,
    }
    assert {name: _status(client, member, url) for name, url in urls.items()} == expected
    # The rows are on the submission; the member holds nothing on any case.
    assert not CaseUserObjectPermission.objects.filter(user=member).exists()
    assert set(
        SubmissionUserObjectPermission.objects.filter(user=member).values_list("content_object", flat=True)
    ) == {mine.pk}
    read = AccessEvent.objects.filter(user=member, action="view", object_ref=f"submission:{mine.pk}")
    assert read.count() == 1 and read.get().case_id == mine.case_id
    page = client.get(urls["own submission"]).content.decode()
    assert "Is vrijwillige hulp nog genoeg?" in page and f"/casussen/{mine.case_id}/" not in page


def test_member_access_ends_after_the_meeting_also_at_read_time(
    client, voluntary, worker, chair, member, table, settings
):
    settings.TABLE_MEMBER_ACCESS_DAYS_AFTER_MEETING = 14
    submission = th.submitted(voluntary, worker, table)
    meeting = th.meeting(table, chair, [submission], members=[member])
    url = f"/beschermtafel/aanmelding/{submission.pk}/"
    today = timezone.localdate()
    answers = {}
    for days_ago in (0, 14, 15):
        type(meeting).objects.filter(pk=meeting.pk).update(date=today - dt.timedelta(days=days_ago))
        answers[days_ago] = _status(client, member, url)
    assert answers == {0: 200, 14: 200, 15: 404}
    # Still refused although the row is there: the nightly job has not run yet.
    assert SubmissionUserObjectPermission.objects.filter(user=member).exists()
    assert services.table_access_expire() == 1
    assert not SubmissionUserObjectPermission.objects.filter(user=member).exists()


def test_object_members_set_gives_exactly_these_users_one_permission_on_the_submission(
    voluntary, worker, table, member, outsider
):
    submission = th.submitted(voluntary, worker, table)
    rows_on_cases = CaseUserObjectPermission.objects.count()
    object_members_set(obj=submission, codename="view_submission", users=[member, outsider])
    assert member.has_perm("tables.view_submission", submission)
    assert outsider.has_perm("tables.view_submission", submission)
    object_members_set(obj=submission, codename="view_submission", users=[member])
    holders = set(SubmissionUserObjectPermission.objects.values_list("user__username", flat=True))
    assert holders == {member.username}
    assert CaseUserObjectPermission.objects.count() == rows_on_cases


# --- Submitting ---


def test_who_may_submit_a_family_through_http(
    client, oost, worker, colleague, lead, vt_worker, gi_worker, chair, member, outsider
):
    case = factories.case(team=oost, director=worker, children=1)
    case_services.case_assign(
        case=case, by=worker, director=worker, co_workers=[colleague], expected_version=case.version
    )
    case_services.case_involve(
        case=case, by=worker, role="vt_monitor", user=vt_worker, expected_version=case.version
    )
    factories.walk(case, worker, "voluntary")
    people = {
        "director": worker, "co_worker": colleague, "team_lead": lead, "vt_monitor": vt_worker,
        "gi_worker": gi_worker, "chair": chair, "member": member, "outsider": outsider,
    }  # fmt: skip
    expected = {
        "director": 200, "co_worker": 404, "team_lead": 404, "vt_monitor": 200,
        "gi_worker": 404, "chair": 404, "member": 404, "outsider": 404,
    }  # fmt: skip
    url = f"/beschermtafel/casus/{case.pk}/aanmelden/"
    assert {role: _status(client, user, url) for role, user in people.items()} == expected
    client.force_login(worker)
    assert "Aanmelden bij de Beschermtafel" in client.get(f"/casussen/{case.pk}/").content.decode()
    client.force_login(colleague)
    assert "Aanmelden bij de Beschermtafel" not in client.get(f"/casussen/{case.pk}/").content.decode()


def _draft(table, **overrides) -> dict:
    data = _form(table, **overrides)
    del data["submit"]
    return data


def _form(table, **overrides) -> dict:
    today = timezone.localdate().isoformat()
    data = {
        "form_token": "5f0c8a4e-1111-4c1e-9d3a-000000000001", "table": table.pk, **th.REQUEST,
        "parents_informed_on": today, "parents_invited": "on", "children_informed_on": today, "submit": "1",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_only_an_agreed_plan_of_this_family_can_be_attached(client, oost, voluntary, worker, table):
    other = factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")
    foreign = plan_services.plan_start(case=other, by=worker)
    plan_services.plan_save(plan=foreign, by=worker, content=complete_content(), expected_edit_version=1)
    foreign.refresh_from_db()
    plan_services.plan_agree(
        plan=foreign,
        by=worker,
        how="in_person",
        agreed_with="ouders",
        expected_edit_version=foreign.edit_version,
    )
    own_draft = plan_services.plan_start(case=voluntary, by=worker)
    client.force_login(worker)
    url = f"/beschermtafel/casus/{voluntary.pk}/aanmelden/"
    for plan in (foreign, own_draft):
        response = client.post(url, _form(table, safety_plan=plan.pk))
        assert response.status_code == 400
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Submission.objects.exists()


def test_bad_input_gets_a_dutch_message_never_a_500(client, voluntary, worker, table):
    client.force_login(worker)
    url = f"/beschermtafel/casus/{voluntary.pk}/aanmelden/"
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(url, _form(table, parents_informed_on=future, preferred_date="morgen"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Voer een geldige datum in" in page
    response = client.post(url, _form(table, parents_informed_on=future))
    assert "Deze datum ligt in de toekomst" in response.content.decode()
    response = client.post(url, _form(table, parents_informed_on="", worries=""))
    page = response.content.decode()
    assert "Vertel wanneer u de ouders over deze aanmelding hebt verteld" in page
    assert "Vul dit deel in voordat u aanmeldt" in page
    assert Submission.objects.get().state == "draft"  # kept as a draft, not lost


def test_a_child_of_12_must_be_told_too(client, oost, worker, table):
    twelve = dt.date(timezone.localdate().year - 14, 1, 1)
    case = factories.walk(
        factories.case(team=oost, director=worker, children=1, first_child=factories.person_data(birth_date=twelve)),
        worker, "voluntary",
    )  # fmt: skip
    client.force_login(worker)
    response = client.post(
        f"/beschermtafel/casus/{case.pk}/aanmelden/", _form(table, children_informed_on="")
    )
    assert "Een kind van 12 jaar of ouder wordt ook uitgenodigd" in response.content.decode()
    assert Submission.objects.get().state == "draft"


def test_returned_answered_and_withdrawn_never_deleted(client, voluntary, worker, chair, table):
    client.force_login(worker)
    response = client.post(f"/beschermtafel/casus/{voluntary.pk}/aanmelden/", _form(table))
    submission = Submission.objects.get()
    assert response["Location"] == f"/beschermtafel/aanmelding/{submission.pk}/"
    assert submission.state == "submitted"
    client.force_login(chair)
    client.post(
        f"/beschermtafel/aanmelding/{submission.pk}/terugsturen/",
        {"reason": "", "version": submission.version},
    )
    submission.refresh_from_db()
    assert submission.state == "submitted"  # a question is required
    client.post(
        f"/beschermtafel/aanmelding/{submission.pk}/terugsturen/",
        {"reason": "Weten de ouders ervan?", "version": submission.version},
    )
    submission.refresh_from_db()
    assert submission.state == "returned"
    client.force_login(worker)
    assert (
        "Weten de ouders ervan?" in client.get(f"/beschermtafel/aanmelding/{submission.pk}/").content.decode()
    )
    edit = _form(
        table,
        reason="Ja, op huisbezoek besproken",
        version=submission.version,
        form_token=str(submission.form_token),
    )
    client.post(f"/beschermtafel/aanmelding/{submission.pk}/wijzigen/", edit)
    submission.refresh_from_db()
    assert (submission.state, submission.reason) == ("submitted", "Ja, op huisbezoek besproken")
    client.post(f"/beschermtafel/aanmelding/{submission.pk}/intrekken/", {"reason": ""})
    submission.refresh_from_db()
    assert submission.state == "submitted"  # a reason is required
    client.post(f"/beschermtafel/aanmelding/{submission.pk}/intrekken/", {"reason": "Het gaat beter"})
    assert Submission.objects.get().state == "withdrawn"
    kinds = list(SubmissionEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "withdrawn"]
    timeline = client.get(f"/casussen/{voluntary.pk}/").content.decode()
    assert "Aangemeld bij Beschermtafel Zaanstad" in timeline and "Het gaat beter" in timeline


def test_a_stale_form_is_refused_and_the_submitter_is_told(client, voluntary, worker, table):
    client.force_login(worker)
    client.post(f"/beschermtafel/casus/{voluntary.pk}/aanmelden/", _draft(table))
    submission = Submission.objects.get()
    stale = _draft(table, version=submission.version, form_token=str(submission.form_token))
    client.post(f"/beschermtafel/aanmelding/{submission.pk}/wijzigen/", stale)
    response = client.post(f"/beschermtafel/aanmelding/{submission.pk}/wijzigen/", stale)
    assert response.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()


# --- The chair ---


def test_the_inbox_shows_working_days_against_the_tables_norm(client, oost, worker, chair, table, outsider):
    old, fresh = (
        th.submitted(
            factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary"),
            worker,
            table,
        )
        for _ in range(2)
    )
    today = timezone.localdate()
    ages = {}
    for submission, days in ((old, 13), (fresh, 3)):
        sent = subtract_working_days(today, days)
        ages[submission.pk] = working_days_between(sent, today)  # on a weekend one less than asked
        at = timezone.make_aware(dt.datetime.combine(sent, dt.time(10)))
        Submission.objects.filter(pk=submission.pk).update(submitted_at=at)
    assert ages[old.pk] > 10 >= ages[fresh.pk]
    client.force_login(chair)
    page = client.get("/beschermtafel/").content.decode()
    assert f"{ages[old.pk]} van 10 — boven de norm" in page and f"<td>{ages[fresh.pk]} van 10</td>" in page
    assert page.index(old.case.family.name) < page.index(fresh.case.family.name)  # oldest first
    assert _status(client, outsider, "/beschermtafel/") == 403
    assert _status(client, worker, f"/casussen/{old.case_id}/") == 200
    assert _status(client, chair, f"/casussen/{old.case_id}/") == 404  # the chair never reads the case file


def _times(page: str) -> list[str]:
    return re.findall(r"<td>(\d\d:\d\d–\d\d:\d\d)</td>", page)


def test_the_agenda_builder_works_without_javascript(client, oost, worker, chair, table):
    first, second = (
        th.submitted(
            factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary"),
            worker,
            table,
        )
        for _ in range(2)
    )
    meeting = th.meeting(table, chair, [], publish=False, capacity=120)
    url = f"/beschermtafel/vergadering/{meeting.pk}/"
    client.force_login(chair)

    def version():
        meeting.refresh_from_db()
        return meeting.version

    for submission in (first, second):
        client.post(f"{url}agendapunt/", {"submission": submission.pk, "version": version()})
    page = client.get(url).content.decode()
    assert _times(page) == ["13:00–14:00", "14:00–15:00"]
    assert page.index(first.case.family.name) < page.index(second.case.family.name)
    item = th.item_of(first)
    client.post(f"/beschermtafel/agendapunt/{item.pk}/omlaag/", {"version": version()})
    page = client.get(url).content.decode()
    assert page.index(second.case.family.name) < page.index(first.case.family.name)
    client.post(
        f"/beschermtafel/agendapunt/{th.item_of(second).pk}/wijzigen/",
        {f"item{th.item_of(second).pk}-duration_minutes": 90, f"item{th.item_of(second).pk}-version": version(),
         f"item{th.item_of(second).pk}-invitees": ["parents", "board"]},
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert _times(page) == ["13:00–14:30", "14:30–15:30"]
    assert "De agenda duurt 150 minuten: meer dan de 120 beschikbare minuten." in page
    assert th.item_of(second).invitees == ["parents", "board"]
    stale = client.post(f"/beschermtafel/agendapunt/{item.pk}/omhoog/", {"version": 1}, follow=True)
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    client.post(f"/beschermtafel/agendapunt/{item.pk}/verwijderen/", {"version": version()})
    first.refresh_from_db()
    assert first.state == "submitted"
    assert _times(client.get(url).content.decode()) == ["13:00–14:30"]
    # Drag and drop sends the whole order; a wrong list is refused.
    client.post(f"{url}agendapunt/", {"submission": first.pk, "version": version()})
    ids = [th.item_of(first).pk, th.item_of(second).pk]
    client.post(f"{url}volgorde/", {"order": ",".join(map(str, ids)), "version": version()})
    page = client.get(url).content.decode()
    assert page.index(first.case.family.name) < page.index(second.case.family.name)


def test_publishing_lets_the_members_read_and_tells_the_submitter(
    client, voluntary, worker, chair, member, table
):
    submission = th.submitted(voluntary, worker, table)
    meeting = th.meeting(table, chair, [submission], members=[member], publish=False)
    assert _status(client, member, f"/beschermtafel/aanmelding/{submission.pk}/") == 404
    client.force_login(chair)
    client.post(f"/beschermtafel/vergadering/{meeting.pk}/publiceren/", {"version": meeting.version})
    assert _status(client, member, f"/beschermtafel/aanmelding/{submission.pk}/") == 200
    assert worker.notifications.filter(text__contains="staat op de agenda").exists()
    assert member.notifications.filter(text__contains="is gepubliceerd").exists()


# --- Outcomes: the case moves, and access with it ---

# outcome -> (phase before, phase after, who may then open the case page)
OUTCOMES = {
    "voluntary_sufficient": ("pressure", "voluntary", {
        "director": 200, "team_lead": 200, "named_investigator": 404, "other_investigator": 404,
        "chair": 404, "member": 404, "outsider": 404,
    }),
    "pressure": ("voluntary", "pressure", {
        "director": 200, "team_lead": 200, "named_investigator": 404, "other_investigator": 404,
        "chair": 404, "member": 404, "outsider": 404,
    }),
    "board_investigation": ("pressure", "investigation", {
        "director": 200, "team_lead": 200, "named_investigator": 200, "other_investigator": 404,
        "chair": 404, "member": 404, "outsider": 404,
    }),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(OUTCOMES))
def test_each_outcome_moves_the_case_and_access_follows(
    client, kind, oost, worker, lead, investigator, chair, member, table, outsider
):
    before, after, expected = OUTCOMES[kind]
    case = factories.case(team=oost, director=worker, children=1)
    factories.walk(case, worker, *(["voluntary", "pressure"] if before == "pressure" else ["voluntary"]))
    submission = th.submitted(case, worker, table)
    th.meeting(table, chair, [submission], members=[member])
    item = th.item_of(submission)
    client.force_login(chair)
    form = {
        "kind": kind, "decision": "Zo besloten.", "minutes": "Moeder sprak eerst.",
        "agreements": "Vader | volgt de cursus | 1 maart\nMoeder | belt bij ruzie | altijd" if kind == "pressure" else "",
        "report_back_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "investigator": investigator.pk if kind == "board_investigation" else "",
        "parents_informed": "on",
    }  # fmt: skip
    response = client.post(f"/beschermtafel/agendapunt/{item.pk}/uitkomst/", form)
    outcome = Outcome.objects.get()
    assert response["Location"] == f"/beschermtafel/uitkomst/{outcome.pk}/"
    case.refresh_from_db()
    assert case.phase == after
    people = {
        "director": worker, "team_lead": lead, "named_investigator": investigator,
        "other_investigator": th.factories.user("bram", role="board_investigator",
                                                organisation=investigator.organisation),
        "chair": chair, "member": member, "outsider": outsider,
    }  # fmt: skip
    assert {role: _status(client, user, f"/casussen/{case.pk}/") for role, user in people.items()} == expected
    change = PhaseChange.objects.filter(case=case).latest("pk")
    assert change.to_phase == after and "Beschermtafel Zaanstad" in change.reason
    assigned = set(
        CaseAssignment.objects.filter(case=case, role="board_investigator", ends_at__isnull=True).values_list(
            "user__username", flat=True
        )
    )
    assert assigned == ({investigator.username} if kind == "board_investigation" else set())
    submission.refresh_from_db()
    assert submission.state == "discussed"
    if kind == "pressure":
        assert list(outcome.agreements.values_list("who", flat=True)) == ["Vader", "Moeder"]


def test_an_outcome_form_with_gaps_is_explained_and_moves_nothing(client, voluntary, worker, chair, table):
    submission = th.submitted(voluntary, worker, table)
    th.meeting(table, chair, [submission])
    client.force_login(chair)
    url = f"/beschermtafel/agendapunt/{th.item_of(submission).pk}/uitkomst/"
    response = client.post(url, {"kind": "board_investigation", "decision": "Raad", "parents_informed": "on"})
    assert response.status_code == 400
    assert "Noem de raadsonderzoeker van de Raad voor de Kinderbescherming." in response.content.decode()
    response = client.post(
        url, {"kind": "pressure", "decision": "Drang", "agreements": "alleen tekst", "parents_informed": "on"}
    )
    assert "Schrijf elke afspraak als: wie | doet wat | wanneer" in response.content.decode()
    voluntary.refresh_from_db()
    assert voluntary.phase == "voluntary" and not Outcome.objects.exists()


def test_no_outcome_before_the_meeting(client, voluntary, worker, chair, table):
    submission = th.submitted(voluntary, worker, table)
    th.meeting(table, chair, [submission], date=timezone.localdate() + dt.timedelta(days=7))
    client.force_login(chair)
    response = client.post(
        f"/beschermtafel/agendapunt/{th.item_of(submission).pk}/uitkomst/",
        {"kind": "voluntary_sufficient", "decision": "x", "parents_informed": "on"},
    )
    assert "Een uitkomst legt u vast in of na de vergadering" in response.content.decode()


# --- The outcome for the chain ---


@pytest.fixture
def outcome(voluntary, worker, chair, member, table, investigator):
    factories.walk(voluntary, worker, "pressure")
    submission = th.submitted(voluntary, worker, table)
    th.meeting(table, chair, [submission], members=[member])
    return services.outcome_record(
        item=th.item_of(submission), by=chair, kind="board_investigation", decision="De Raad onderzoekt.",
        investigator=investigator, parents_informed=True,
    )  # fmt: skip


def test_the_outcome_page_shows_its_cloudevent(client, outcome, chair):
    client.force_login(chair)
    page = client.get(f"/beschermtafel/uitkomst/{outcome.pk}/").content.decode()
    event = json.loads(html.unescape(re.search(r'<pre class="cloudevent"[^>]*>(.*?)</pre>', page, re.S)[1]))
    assert event["specversion"] == "1.0"
    assert event["type"] == "nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-beschikbaar-gesteld"
    assert event["subject"] == str(outcome.identifier) and event["id"] == str(outcome.event_id)
    assert event["datacontenttype"] == "application/ld+json"
    assert set(event) == {"specversion", "id", "source", "type", "time", "datacontenttype", "subject", "data"}
    entity = event["data"]["@graph"][0]
    assert entity["@type"] == ["prov:Entity", "soh:UitkomstOverleg"]
    assert entity["soh:inzageUrl"].endswith(f"/api/v1/uitkomsten/{outcome.identifier}")


def test_the_raad_records_its_decision_and_the_director_hears(client, outcome, worker, investigator):
    client.force_login(investigator)
    client.post(
        f"/beschermtafel/uitkomst/{outcome.pk}/raadsbesluit/",
        {"decision": "started", "decided_on": timezone.localdate().isoformat(), "note": "Onderzoek gestart"},
    )
    outcome.refresh_from_db()
    assert outcome.board_decision == "started"
    assert worker.notifications.filter(text__contains="De Raad start een onderzoek").exists()
