"""The inzage copy (issue 17): a person's files as one PDF, read back as text, with the information about
others marked for review, and the list of who accessed the files, in words, from the access log."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from accounts.roles import Role
from audit import describe as access_log
from audit.models import AccessEvent
from audit.services import access_event_record
from cases import services as case_services
from cases.models import Membership, Person, Relation
from privacy import services as privacy_services
from privacy.inzage import access_lines, copy_pdf
from privacy.models import DestructionRecord, DestructionReview, RetentionHold, RightsRequest
from referrals import services as referral_services
from reportingcode import services as meldcode_services
from safetyplans import services as plan_services
from tables import services as table_services
from tests import factories
from tests import tables_helpers as th
from tests.test_plan_print import _flesch_douma
from tests.test_safetyplans import complete_content

pytestmark = pytest.mark.django_db

MARK = "Let op: informatie over anderen — beoordelen vóór afgifte"
MARK_END = "Einde van de informatie over anderen"
COVER_END = "Autoriteit Persoonsgegevens."
CHILD_BSN = "111222333"


# Building a family's file through the services ------------------------------------------------------


def _text(pdf: bytes) -> str:
    """The PDF's words, page after page: a sentence broken over two lines reads as one."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _files_text(text: str) -> str:
    """The text after the cover page (the cover shows the mark once, as an example)."""
    return text.split(COVER_END, 1)[1]


def _marked(text: str) -> list[str]:
    """The parts of the files set in a marked block: from the mark to its end line."""
    return [part.split(MARK_END)[0] for part in _files_text(text).split(MARK)[1:]]


def _unmarked(text: str) -> str:
    body = _files_text(text)
    return re.sub(re.escape(MARK) + ".*?" + re.escape(MARK_END), " ", body)


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 5)))


def _parent(case) -> Person:
    return Membership.objects.get(family=case.family, relation=Relation.PARENT).person


def _contacts(case, worker, count: int, *, start: int = 0) -> None:
    children = list(case.children.all())
    for number in range(start, start + count):
        case_services.contact_log(
            case=case, by=worker, occurred_at=_at(20, 9 + number % 8) - dt.timedelta(minutes=number),
            kind="home_visit", present="Moeder en vader Onderdijk", children_seen=children,
            safety_scale=6, note=f"Huisbezoek {number}: vader vertelt over de ruzie met de buren.",
        )  # fmt: skip


def _agreed_plan(case, worker):
    plan = plan_services.plan_start(case=case, by=worker)
    plan_services.plan_save(plan=plan, by=worker, content=complete_content(), expected_edit_version=1)
    plan.refresh_from_db()
    return plan_services.plan_agree(plan=plan, by=worker, how="signed", agreed_with="moeder en vader",
                                    expected_edit_version=plan.edit_version)  # fmt: skip


def _handover(case, vt_worker, worker, mother: Person) -> None:
    """Veilig Thuis hands the family over; it joins the open case (found by the child's BSN)."""
    referral = referral_services.referral_save_draft(
        by=vt_worker, form_token=uuid.uuid4(),
        fields={
            "reference": "VT-2026-0042", "what_happened": "Politie-inzet na ruzie tussen de ouders.",
            "since": "augustus", "reporter": "Buurvrouw Jansen, 06-12345678", "outcome_code": "VT-01-02",
            "urgency": "high", "street": "Dam", "house_number": "3", "postcode": "1501AB", "city": "Zaandam",
            "municipality": factories.municipality(), "receiving_team": case.team,
        },
        persons=[
            {"given_name": "Noor", "surname_prefix": "", "surname": "Onderdijk", "birth_date": dt.date(2016, 4, 1),
             "bsn": CHILD_BSN, "relation": "child"},
            {"given_name": mother.given_name, "surname_prefix": mother.surname_prefix, "surname": mother.surname,
             "birth_date": mother.birth_date, "bsn": "", "relation": "parent"},
        ],
        conditions=["Vader slaat niet.", "Moeder belt 112 bij dreiging."], monitoring_months=[3, 6],
    )  # fmt: skip
    referral = referral_services.referral_send(referral=referral, by=vt_worker)
    assert referral.case == case
    referral_services.referral_accept(
        referral=referral, by=worker, director=worker, family=None, expected_version=referral.version
    )


def _table_outcome(case, worker) -> None:
    chair = th.chair()
    table = th.table(chair)
    submission = th.submitted(case, worker, table)
    meeting = th.meeting(table, chair, [submission])
    table_services.outcome_record(
        item=th.item_of(submission), by=chair, kind="pressure", decision="Drang: de ouders volgen een cursus.",
        minutes="Vader zegt dat hij wil meewerken.",
        agreements=[{"who": "Vader", "what": "volgt de cursus Grip op agressie", "when": "binnen 3 maanden"}],
        report_back_on=meeting.date + dt.timedelta(days=60), parents_informed=True,
    )  # fmt: skip


def _meldcode(case, worker) -> None:
    meldcode_services.reporting_code_step_record(
        case=case, by=worker, step=1, done_on=timezone.localdate(), performed_by="Sanne",
        note="Signalen van school: Noor is vaak moe.",
    )  # fmt: skip
    case.refresh_from_db()
    meldcode_services.reporting_code_decide(
        case=case, by=worker, decided_on=timezone.localdate(), expected_version=0,
        weighings={
            1: (True, "Er is een vermoeden van huiselijk geweld."), 2: (False, "Geen acuut gevaar."),
            3: (True, "Wij kunnen helpen."), 4: (True, "De ouders werken mee."), 5: (True, "Het gaat beter."),
        },
        skipped_reason="Overleg liep via Veilig Thuis.",
    )  # fmt: skip


@pytest.fixture
def family(oost, worker, vt_worker):
    """A household of Noor (9), her brother, mother and father Gerrit Onderdijk, with a file full of work."""
    case = factories.case(
        team=oost, director=worker, children=2, opened_on=timezone.localdate() - dt.timedelta(days=60),
        first_child=factories.person_data(given_name="Noor", surname="Onderdijk", birth_date=dt.date(2016, 4, 1),
                                          bsn=CHILD_BSN),
    )  # fmt: skip
    mother = _parent(case)
    father = case_services.person_add_to_family(
        case=case, by=worker, relation=Relation.PARENT, parental_authority=True, confirmed_new=True,
        person=factories.person_data(given_name="Gerrit", surname="Onderdijk", birth_date=dt.date(1983, 3, 3)),
    )  # fmt: skip
    _handover(case, vt_worker, worker, mother)
    case.refresh_from_db()
    _contacts(case, worker, 3)
    _agreed_plan(case, worker)
    _meldcode(case, worker)
    case.refresh_from_db()
    _table_outcome(case, worker)
    case.refresh_from_db()
    return {"case": case, "mother": mother, "father": father}


def _request(officer, person: Person) -> RightsRequest:
    return privacy_services.rights_request_record(
        by=officer, kind=RightsRequest.Kind.INZAGE, person=person, case=None, requester="self",
        requester_name="", details="Ik wil mijn dossier zien.", received_on=timezone.localdate(),
    )  # fmt: skip


# The copy -------------------------------------------------------------------------------------------


def test_the_copy_holds_the_file_and_marks_what_is_about_others(family, privacy_officer):
    case, mother, father = family["case"], family["mother"], family["father"]
    request = _request(privacy_officer, mother)
    text = _text(privacy_services.inzage_copy_make(by=privacy_officer, request=request))

    # The cover: for whom, the request, who made it, and the family's rights in plain words.
    assert "Kopie van uw dossier" in text
    assert f"Deze kopie is voor: {mother.full_name}" in text
    assert f"Ontvangen op {date_format(timezone.localdate(), 'j b Y')}" in text
    assert f"Kopie gemaakt door {privacy_officer.get_full_name()}" in text
    assert f"Wij bewaren uw dossier {settings.RETENTION_YEARS} jaar nadat de hulp is gestopt." in text
    for right in ("verbeteren", "eigen verklaring", "bezwaar maken", "vernietigen"):
        assert right in text.split(COVER_END)[0], right

    # The file: its number, the person's own details unmarked, the plan's agreements.
    marked, unmarked = _marked(text), _unmarked(text)
    assert f"Dossier {case.number}" in text
    assert f"Uw gegevens Naam {mother.full_name}" in unmarked
    assert "Vader gaat een rondje lopen als hij boos is altijd" in unmarked  # the agreed plan
    assert "Vader slaat niet." in unmarked  # Veilig Thuis's safety conditions were told to the family

    # Everything about others sits in a marked block: the other parent, the notes, who was there, the
    # network, what happened, the table's decision and minutes.
    def in_marked(words: str) -> bool:
        return any(words in part for part in marked)

    assert in_marked(father.full_name) and father.full_name not in unmarked
    for number in range(3):
        note = f"Huisbezoek {number}: vader vertelt over de ruzie met de buren."
        assert in_marked(note) and note not in unmarked
    assert in_marked("Wie was er: Moeder en vader Onderdijk")
    assert in_marked("Oma Gerda oma 06-11112222 toezicht") and "06-11112222" not in unmarked
    # Veilig Thuis protects who reported it (domain.md §6.5): the name is never in the copy.
    assert "Buurvrouw Jansen" not in text and in_marked("Veilig Thuis beschermt wie de melding deed")
    assert in_marked("Politie-inzet na ruzie tussen de ouders.")
    # The handover names the mother too (no BSN: found by name and date of birth): hers, so not marked.
    assert in_marked("Ook genoemd in de overdracht: Noor Onderdijk (Kind)")
    assert not in_marked(f"{mother.full_name} (Ouder)")
    assert in_marked("Drang: de ouders volgen een cursus.") and in_marked("Vader zegt dat hij wil meewerken.")
    assert in_marked("Signalen van school: Noor is vaak moe.")
    # Each mark opens a block that is closed: no block swallows the rest of the file.
    assert text.count(MARK) - 1 == text.count(MARK_END) == len(marked)


def test_the_copy_is_a_tagged_dutch_pdf_in_the_familys_font(family, privacy_officer):
    request = _request(privacy_officer, family["mother"])
    reader = PdfReader(io.BytesIO(privacy_services.inzage_copy_make(by=privacy_officer, request=request)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert "/StructTreeRoot" in catalog  # tagged: a screen reader follows headings and tables
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Fira" in name for name in fonts), fonts
    last = " ".join(reader.pages[-1].extract_text().split())
    assert f"pagina {len(reader.pages)} van {len(reader.pages)}" in last


# Who accessed the file ------------------------------------------------------------------------------


def test_the_access_list_says_who_read_the_file_and_nothing_of_the_neighbours(
    client, family, oost, worker, privacy_officer
):
    case, mother = family["case"], family["mother"]
    neighbour_worker = factories.user("femke", teams=(oost,))
    neighbours = factories.case(team=oost, director=neighbour_worker)
    client.force_login(worker)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    assert client.get("/casussen/").status_code == 200  # her caseload shows the family
    client.force_login(neighbour_worker)
    assert client.get(f"/casussen/{neighbours.pk}/").status_code == 200
    assert client.get("/casussen/").status_code == 200  # shows the neighbours only

    lines = access_lines([case])
    assert [line.at for line in lines] == sorted(line.at for line in lines)  # oldest first
    viewed = [line for line in lines if line.what == "bekeken: Casuspagina"]
    assert len(viewed) == 1
    assert (viewed[0].who, viewed[0].organisation, viewed[0].case_numbers) == (
        worker.get_full_name(),
        "Jeugdteam Zaanstad",
        case.number,
    )
    assert re.fullmatch(
        r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}, \d\d:\d\d", viewed[0].when
    )
    listed = [line for line in lines if line.what == "zag het gezin in een lijst (Mijn casussen)"]
    assert [(line.who, line.case_numbers) for line in listed] == [(worker.get_full_name(), case.number)]
    assert any(line.what.startswith("toegevoegd: Contact van ") for line in lines)
    assert any(line.organisation == "VT" and line.what.startswith("gewijzigd: ") for line in lines)
    assert all(line.who != neighbour_worker.get_full_name() for line in lines)

    request = _request(privacy_officer, mother)
    pdf = privacy_services.inzage_copy_make(by=privacy_officer, request=request)
    access = _text(pdf).split("Wie heeft dit dossier ingezien", 1)[1]
    assert worker.get_full_name() in access and "bekeken: Casuspagina" in access
    assert "Jeugdteam Zaanstad" in access and "zag het gezin in een lijst" in access
    assert neighbour_worker.get_full_name() not in access
    # Making the copy is a read of the file: one export per file, named after the request.
    exports = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, object_ref=f"inzage:{request.pk}")
    assert [(event.case, event.user) for event in exports] == [(case, privacy_officer)]
    # ... and the next copy lists it, in words.
    again = access_lines([case])[-1]
    assert (again.who, again.what) == (
        privacy_officer.get_full_name(),
        "gedownload: Kopie van het dossier voor een inzageverzoek",
    )


def test_a_person_in_two_households_gets_both_files_and_not_a_destroyed_one(oost, worker, privacy_officer):
    child = factories.person_data(given_name="Sem", surname="Visser", birth_date=dt.date(2011, 1, 1))
    at_mothers = factories.case(team=oost, director=worker, children=1, first_child=child)
    sem = at_mothers.children.get()
    at_fathers = factories.case(team=oost, director=worker, children=1)
    case_services.person_add_to_family(case=at_fathers, by=worker, relation=Relation.CHILD,
                                       parental_authority=False, existing=sem)  # fmt: skip
    long_ago = factories.case(team=oost, director=worker, children=1)
    case_services.person_add_to_family(case=long_ago, by=worker, relation=Relation.CHILD,
                                       parental_authority=False, existing=sem)  # fmt: skip
    review = DestructionReview.objects.create(case=long_ago, due_on=dt.date(2024, 1, 1), status="destroyed")
    DestructionRecord.objects.create(case=long_ago, review=review, closed_on=dt.date(2004, 1, 1),
                                     term_ended_on=dt.date(2024, 1, 1), first_by=privacy_officer,
                                     second_by=factories.user(role=Role.PRIVACY_OFFICER))  # fmt: skip

    request = _request(privacy_officer, sem)  # Sem is 12 or older: he asks himself
    text = _text(privacy_services.inzage_copy_make(by=privacy_officer, request=request))
    assert f"Dossier {at_mothers.number}" in text and f"Dossier {at_fathers.number}" in text
    assert long_ago.number not in text
    exported = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, object_ref=f"inzage:{request.pk}")
    assert sorted(exported.values_list("case__number", flat=True)) == sorted(
        [at_mothers.number, at_fathers.number]
    )
    # Sem's own details are his in both files; the other household members are marked in both.
    assert _unmarked(text).count(f"Uw gegevens Naam {sem.full_name}") == 2
    for case in (at_mothers, at_fathers):
        assert any(_parent(case).full_name in part for part in _marked(text))


# Cost: the same number of queries however much the file holds -----------------------------------


def test_the_copy_costs_the_same_queries_with_3_or_30_contacts(
    django_assert_max_num_queries, family, worker, privacy_officer
):
    case, mother = family["case"], family["mother"]
    request = _request(privacy_officer, mother)
    cases = [case]
    with CaptureQueriesContext(connection) as small:
        copy_pdf(request=request, cases=cases, made_by=privacy_officer)
    _contacts(case, worker, 27, start=3)
    for _ in range(2):  # two more versions of the plan: a new draft agreed each time
        _agreed_plan(case, worker)
    assert case.contacts.count() == 30 and case.safety_plans.count() == 3
    with django_assert_max_num_queries(len(small.captured_queries)):
        copy_pdf(request=request, cases=cases, made_by=privacy_officer)


def test_the_access_list_costs_the_same_queries_for_10_or_100_events(a_case, worker, colleague):
    def read(times: int) -> None:
        for _ in range(times):
            access_event_record(user=worker, action="view", case=a_case, object_ref=f"case:{a_case.pk}")
            access_event_record(
                user=colleague, action="list", object_ref="team", detail={"cases": [a_case.number]}
            )

    read(5)
    with CaptureQueriesContext(connection) as few:
        assert len(access_lines([a_case])) >= 10
    read(45)
    with CaptureQueriesContext(connection) as many:
        assert len(access_lines([a_case])) >= 100
    assert len(many.captured_queries) == len(few.captured_queries)


# The privacy app's references in the log ------------------------------------------------------------


def test_the_privacy_apps_references_read_as_words(a_case, worker, privacy_officer):
    parent = _parent(a_case)
    request = privacy_services.rights_request_record(
        by=privacy_officer, kind=RightsRequest.Kind.CORRECTION, person=parent, case=a_case,
        requester="self", received_on=timezone.localdate(),
    )  # fmt: skip
    hold = RetentionHold(pk=1)
    events = [
        access_event_record(user=privacy_officer, action="export", case=a_case, object_ref=f"inzage:{request.pk}"),
        AccessEvent.objects.get(object_ref=f"rights_request:{request.pk}"),
        access_event_record(user=privacy_officer, action="create", object_ref="rights_request:999999"),
        access_event_record(user=privacy_officer, action="update", case=a_case, object_ref=f"retention_hold:{hold.pk}"),
        access_event_record(user=privacy_officer, action="update", case=a_case, object_ref="destruction:1"),
    ]  # fmt: skip
    assert [event.description for event in access_log.describe(events)] == [
        "Kopie van het dossier voor een inzageverzoek",
        "Verzoek van de familie (correctie)",
        "Verzoek van de familie (inzage, correctie of bezwaar)",
        "Bewaartermijn verlengd",
        "Dossier vernietigd na de bewaartermijn",
    ]
    assert {
        "inzage",
        "rights_request",
        "retention_hold",
        "destruction",
        "destruction_review",
    } <= access_log.registered()


def test_only_a_privacy_officer_makes_the_copy(family, worker, privacy_officer):
    from django.core.exceptions import PermissionDenied

    request = _request(privacy_officer, family["mother"])
    with pytest.raises(PermissionDenied):
        privacy_services.inzage_copy_make(by=worker, request=request)
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()


def test_the_cover_explains_the_copy_and_the_rights_in_plain_dutch(family, privacy_officer):
    """Flesch-Douma of the cover (what the copy is, the marked parts, the rights): 60 or more is B1, as
    for the family's safety plan (tests/test_plan_print.py)."""
    request = _request(privacy_officer, family["mother"])
    reader = PdfReader(io.BytesIO(privacy_services.inzage_copy_make(by=privacy_officer, request=request)))
    lines = []
    for page in reader.pages:
        lines += page.extract_text().splitlines()
        if any(COVER_END in line for line in lines):
            break
    score = _flesch_douma(lines)
    assert score >= 60, f"Flesch-Douma {score:.0f}: {lines}"
