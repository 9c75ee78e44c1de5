"""The reports app: counts against a hand-built dataset, periods and working days, suppression, CSV.

The expected numbers are written out here, worked out by hand from the dataset each test builds.
"""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from audit.models import AccessEvent
from cases.models import Case, CaseChild, Contact, ContactKind
from core.dates import working_days_between
from flags.models import Flag
from measures import services as measure_services
from measures.models import Measure
from referrals.models import Referral, ReferralEvent
from reports.periods import Period, PeriodKind
from reports.sections import count_cells
from reports.selectors import report_figures
from safetyplans.models import SafetyPlan
from tables import services as table_services
from tables.models import Outcome, Submission
from tests import factories
from tests import tables_helpers as th

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(PeriodKind.YEAR, 2025)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in local (Amsterdam) time."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def vt(db):
    return factories.user(
        "ingrid",
        role=Role.VT_WORKER,
        organisation=factories.organisation("VT", Organisation.Kind.VEILIG_THUIS),
    )


@pytest.fixture
def municipal(db):
    """Jeroen, policy officer of the municipality of Zaanstad: aggregates of the teams serving it."""
    organisation = factories.organisation("Gemeente Zaanstad", Organisation.Kind.MUNICIPALITY)
    Organisation.objects.filter(pk=organisation.pk).update(municipality=factories.municipality())
    organisation.refresh_from_db()
    return factories.user("jeroen", role=Role.MUNICIPALITY, organisation=organisation)


def referral(vt, team, *, sent=None, accepted=None, case=None, reference="VT") -> Referral:
    """A handover as the referral services leave it: sent, and possibly accepted (with its events)."""
    state = Referral.State.ACCEPTED if accepted else Referral.State.SENT
    made = Referral.objects.create(
        reference=reference, organisation=vt.organisation, created_by=vt, receiving_team=team,
        what_happened="Ruzie thuis", outcome_code="VT-01-02", street="Dam", house_number="1",
        postcode="1501AB", city="Zaandam", municipality=factories.municipality(), state=state,
        sent_at=sent, accepted_at=accepted, case=case,
    )  # fmt: skip
    ReferralEvent.objects.create(referral=made, kind="sent", at=sent, by=vt, team=team)
    if accepted:
        ReferralEvent.objects.create(referral=made, kind="accepted", at=accepted, by=vt, team=team)
    return made


# --- Periods ------------------------------------------------------------------------------------


def test_a_period_is_its_first_to_its_last_day_in_local_time():
    q1 = Period(PeriodKind.QUARTER, 2025, 1)
    assert (q1.first, q1.last) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    # Amsterdam is UTC+1 in winter and UTC+2 from the last Sunday of March.
    assert q1.start == dt.datetime(2024, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert q1.end == dt.datetime(2025, 3, 31, 22, 0, tzinfo=dt.UTC)
    assert Period(PeriodKind.MONTH, 2024, 2).last == dt.date(2024, 2, 29)
    assert Period(PeriodKind.YEAR, 2025).points(dt.date(2025, 3, 15)) == [
        dt.date(2025, 1, 31),
        dt.date(2025, 2, 28),
    ]
    # A month: each Sunday and its last day (March 2025 begins on a Saturday).
    assert Period(PeriodKind.MONTH, 2025, 3).points(dt.date(2026, 1, 1)) == [
        dt.date(2025, 3, day) for day in (2, 9, 16, 23, 30, 31)
    ]


def test_an_event_on_31_march_at_half_past_eleven_local_belongs_to_q1(vt, oost):
    for sent in (
        at(2025, 3, 31, 23, 30),
        at(2025, 4, 1, 0, 30),
        at(2024, 12, 31, 23, 59),
        at(2025, 1, 1, 0, 0),
    ):
        referral(vt, oost, sent=sent)
    q1 = report_figures(team_ids=[oost.pk], period=Period(PeriodKind.QUARTER, 2025, 1), days=28)
    q2 = report_figures(team_ids=[oost.pk], period=Period(PeriodKind.QUARTER, 2025, 2), days=28)
    assert q1.referrals[oost.pk]["received"] == 2  # 1 January 00:00 and 31 March 23:30
    assert q2.referrals[oost.pk]["received"] == 1  # 1 April 00:30


def test_throughput_counts_working_days_without_weekends_and_dutch_holidays(vt, oost, worker):
    pairs = [
        # Wednesday 24 December 00:30 local (23 December in UTC) -> Monday 29 December: Christmas, Boxing Day
        # and a weekend between: 1.
        (at(2025, 12, 24, 0, 30), at(2025, 12, 29, 9, 0)),
        # Friday 6 June -> Whit Monday 9 June: 0.
        (at(2025, 6, 6), at(2025, 6, 9)),
        # Same day: none.
        (at(2025, 6, 10, 9), at(2025, 6, 10, 17)),
        # Tuesday 30 December 2025 -> Friday 2 January 2026 (New Year's Day between): 2, counted in 2026.
        (at(2025, 12, 30), at(2026, 1, 2)),
        (at(2025, 3, 3), at(2025, 3, 5)),  # 2
        (at(2025, 3, 3), at(2025, 3, 17)),  # 10
        (at(2025, 9, 1), at(2025, 9, 8)),  # 5
    ]
    for sent, accepted in pairs:
        referral(
            vt,
            oost,
            sent=sent,
            accepted=accepted,
            case=factories.case(team=oost, director=worker, children=1),
        )
    figure = report_figures(team_ids=[oost.pk], period=YEAR_2025, days=28).throughput["referral_accepted"]
    assert sorted(figure.days) == [0, 0, 1, 2, 5, 10]
    assert figure.median == 1.5
    assert figure.p90 == 10  # nearest rank: the 6th of 6
    assert report_figures(team_ids=[oost.pk], period=Period(PeriodKind.YEAR, 2026), days=28).throughput[
        "referral_accepted"
    ].days == [2]


# --- The counts, on a hand-built year -----------------------------------------------------------


@pytest.fixture
def year(vt, oost, west, worker, lead, outsider, gi_worker, investigator):
    """Team Zaandam-Oost's 2025 (and a little of West's), built by hand; the expected numbers are in the
    tests below."""
    case = lambda team=oost, director=worker: factories.case(team=team, director=director, children=1)  # noqa: E731
    walk = factories.walk
    c1 = walk(factories.case(team=oost, director=worker, children=2), worker, "voluntary")
    # Handovers to Oost.
    r1 = referral(
        vt, oost, sent=at(2025, 1, 6, 9), accepted=at(2025, 1, 8), case=c1, reference="VT-2025-OOST-0001"
    )
    referral(vt, oost, sent=at(2025, 3, 31, 23, 30), accepted=at(2025, 4, 2), case=case())
    referral(vt, oost, sent=at(2024, 12, 30), accepted=at(2025, 1, 2), case=case())  # sent in 2024
    returned = referral(vt, oost, sent=at(2025, 5, 1))
    Referral.objects.filter(pk=returned.pk).update(state=Referral.State.RETURNED)
    ReferralEvent.objects.create(
        referral=returned, kind="returned", at=at(2025, 5, 2), by=lead, reason="Welk adres?"
    )
    forwarded = referral(vt, oost, sent=at(2025, 6, 2))
    Referral.objects.filter(pk=forwarded.pk).update(receiving_team=west)
    ReferralEvent.objects.create(
        referral=forwarded, kind="forwarded", at=at(2025, 6, 3), by=lead, reason="Woont in West",
        team=west, from_team=oost,
    )  # fmt: skip
    last = referral(vt, oost, sent=at(2025, 12, 31, 23, 59))
    referral(
        vt,
        oost,
        sent=at(
            2026,
            1,
            1,
            0,
            0,
        ),
        reference="next year",
    )
    # West's own.
    referral(vt, west, sent=at(2025, 2, 3), accepted=at(2025, 2, 10), case=case(west, outsider))

    # The first contacts and plan after accepting r1: a call and a visit without the children do not count.
    child = c1.case_children.order_by("pk").first().child
    Contact.objects.create(case=c1, occurred_at=at(2025, 1, 9), kind=ContactKind.PHONE, author=worker)
    Contact.objects.create(case=c1, occurred_at=at(2025, 1, 10), kind=ContactKind.HOME_VISIT, author=worker)
    seen = Contact.objects.create(
        case=c1, occurred_at=at(2025, 1, 13), kind=ContactKind.HOME_VISIT, author=worker
    )
    seen.children_seen.set([child])
    SafetyPlan.objects.create(case=c1, number=1, state="agreed", created_by=worker, agreed_at=at(2025, 1, 20))

    # The Beschermtafel: three families, one submitted in 2024 and discussed in January.
    chair = th.chair()
    table = th.table(chair)
    families = [walk(case(), worker, "voluntary") for _ in range(3)]
    submissions = [th.submitted(family, worker, table) for family in families]
    meeting = th.meeting(table, chair, submissions)
    kinds = ["pressure", "board_investigation", "voluntary_sufficient"]
    outcomes = []
    for submission, kind in zip(submissions, kinds, strict=True):
        outcomes.append(
            table_services.outcome_record(
                item=th.item_of(submission),
                by=chair,
                kind=kind,
                decision="Besluit",
                agreements=[{"who": "Vader", "what": "Hulp", "when": "Nu"}],
                report_back_on=timezone.localdate() + dt.timedelta(days=60),
                investigator=investigator if kind == "board_investigation" else None,
                parents_informed=True,
            )
        )
    table_services.outcome_board_decision(
        outcome=outcomes[1], by=chair, decision="started", decided_on=timezone.localdate(), note=""
    )
    for submission, submitted_at in zip(
        submissions, [at(2025, 2, 3), at(2025, 2, 5), at(2024, 12, 20)], strict=True
    ):
        Submission.objects.filter(pk=submission.pk).update(submitted_at=submitted_at)
    meeting.__class__.objects.filter(pk=meeting.pk).update(date=dt.date(2025, 2, 17))
    Outcome.objects.filter(pk=outcomes[1].pk).update(board_decided_on=dt.date(2025, 3, 3))
    # The third was discussed at an earlier meeting, in January.
    january = th.meeting(table, chair, [], publish=False)
    january.__class__.objects.filter(pk=january.pk).update(date=dt.date(2025, 1, 13))
    outcomes[2].item.__class__.objects.filter(pk=outcomes[2].item_id).update(meeting=january)

    # Court measures.
    for kind, starts in [
        ("interim_supervision", dt.date(2025, 3, 10)),
        ("supervision", dt.date(2025, 6, 1)),
        ("placement", dt.date(2025, 11, 30)),
        ("supervision", dt.date(2024, 12, 31)),
    ]:
        measured = walk(case(), worker, "voluntary")
        measure = measure_services.measure_record(
            case=measured, by=worker, kind=kind, children=factories.children_of(measured), court="Rechtbank",
            decided_on=timezone.localdate(), starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + dt.timedelta(days=60), gi_worker=gi_worker,
            expected_version=measured.version,
        )  # fmt: skip
        Measure.objects.filter(pk=measure.pk).update(starts_on=starts)

    # Closed cases.
    for reason, closed in [
        ("safe_enough", dt.date(2025, 4, 1)),
        ("safe_enough", dt.date(2025, 7, 1)),
        ("moved_away", dt.date(2025, 9, 15)),
        ("safe_enough", dt.date(2026, 1, 1)),
    ]:
        closed_case = walk(case(), worker, "voluntary", "closed")
        Case.objects.filter(pk=closed_case.pk).update(closing_reason=reason, closed_on=closed)

    # Signals: one on r1's case from January until 10 March, one open since February, one on a handover.
    Flag.objects.create(
        rule="OV-01", case=c1, severity=2, opened_at=at(2025, 1, 15), resolved_at=at(2025, 3, 10)
    )
    Flag.objects.create(rule="SP-02", case=families[0], severity=2, opened_at=at(2025, 2, 20))
    Flag.objects.create(rule="VT-05", referral=last, severity=2, opened_at=at(2025, 12, 31, 10))
    return {"c1": c1, "r1": r1}


def test_the_counts_of_a_hand_built_year(year, oost, west):
    report = report_figures(team_ids=[oost.pk, west.pk], period=YEAR_2025, days=28)
    assert report.referrals[oost.pk] == {"received": 4, "accepted": 3, "returned": 1, "forwarded": 1}
    assert report.referrals[west.pk] == {"received": 2, "accepted": 1}  # the forwarded one is West's now
    assert report.submitted == {oost.pk: {"submitted": 2}}
    assert report.outcomes == {oost.pk: {"voluntary_sufficient": 1, "pressure": 1, "board_investigation": 1}}
    assert report.measures == {
        oost.pk: {"interim_supervision": 1, "supervision": 1, "placement": 1, "guardianship": 0}
    }
    assert report.closed == {
        oost.pk: {"safe_enough": 2, "handed_over": 0, "moved_away": 1, "measure_ended": 0, "other": 0}
    }
    open_by_month = [(day.month, counts.get(oost.pk, 0)) for day, counts in report.signals]
    assert open_by_month == [
        (1, 1),
        (2, 2),
        (3, 1),
        (4, 1),
        (5, 1),
        (6, 1),
        (7, 1),
        (8, 1),
        (9, 1),
        (10, 1),
        (11, 1),
        (12, 2),
    ]
    throughput = report.throughput
    assert sorted(throughput["referral_accepted"].days) == [2, 2, 2, 5]  # r1, 31 March, 30 Dec, West
    assert throughput["accepted_child_seen"].days == [3]  # 8 -> 13 January, not the call or the visit
    assert throughput["accepted_plan_agreed"].days == [8]  # 8 -> 20 January
    assert sorted(throughput["submission_meeting"].days) == [8, 10, 13]  # 13: over Christmas and New Year
    assert throughput["outcome_board_start"].days == [10]  # 17 February -> 3 March


def test_children_not_seen_are_counted_today_against_the_number_of_days(oost, west, worker, outsider):
    now = timezone.now()
    seen_long_ago = factories.case(team=oost, director=worker, children=2)
    never_seen_old = factories.case(
        team=oost, director=worker, children=1, opened_on=timezone.localdate() - dt.timedelta(days=40)
    )
    never_seen_new = factories.case(
        team=oost, director=worker, children=1, opened_on=timezone.localdate() - dt.timedelta(days=10)
    )
    closed = factories.walk(
        factories.case(team=oost, director=worker, children=1), worker, "voluntary", "closed"
    )
    elsewhere = factories.case(team=west, director=outsider, children=1)
    first, second = seen_long_ago.case_children.order_by("pk")
    CaseChild.objects.filter(pk=first.pk).update(last_seen_at=now - dt.timedelta(days=30))
    CaseChild.objects.filter(pk=second.pk).update(last_seen_at=now - dt.timedelta(days=5))
    CaseChild.objects.filter(case__in=[closed, elsewhere]).update(last_seen_at=now - dt.timedelta(days=90))
    assert never_seen_old.case_children.get().last_seen_at is None
    assert never_seen_new.case_children.get().last_seen_at is None

    def not_seen(days: int) -> dict:
        return report_figures(team_ids=[oost.pk], period=YEAR_2025, days=days).not_seen

    assert not_seen(28) == {oost.pk: {"children": 2}}  # seen 30 days ago, never seen in a 40-day-old case
    assert not_seen(35) == {oost.pk: {"children": 1}}
    assert not_seen(60) == {}


def test_the_number_of_queries_does_not_grow_with_the_data(client, vt, oost, worker, lead):
    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as figures:
            report_figures(team_ids=[oost.pk], period=YEAR_2025, days=28)
        client.force_login(lead)
        with CaptureQueriesContext(connection) as page:
            assert client.get("/rapportages/", {"year": "2025"}).status_code == 200
        return len(figures), len(page)

    def grow(count: int) -> None:
        for number in range(count):
            case = factories.case(team=oost, director=worker, children=1)
            referral(vt, oost, sent=at(2025, 2, 1 + number), accepted=at(2025, 2, 3 + number), case=case)
            Flag.objects.create(rule="OV-01", case=case, severity=2, opened_at=at(2025, 3, 1))
            SafetyPlan.objects.create(
                case=case, number=1, state="agreed", created_by=worker, agreed_at=at(2025, 3, 1)
            )

    grow(1)
    few = queries()
    grow(8)
    assert queries() == few
    assert few[0] == 13  # one query per figure


# --- Suppression --------------------------------------------------------------------------------


def test_small_counts_show_as_less_than_five_and_the_total_cannot_give_them_away():
    assert count_cells([3], suppress=False) == ["3"]
    assert count_cells([3], suppress=True) == ["<5"]
    assert count_cells([0], suppress=True) == ["0"]
    assert count_cells([5], suppress=True) == ["5"]
    assert count_cells([2, 7, 1234], suppress=False) == ["2", "7", "1.234", "1.243"]
    # One small team count: the next smallest is withheld, or 7 - 5 = 2 would follow from the total.
    assert count_cells([2, 7, 9], suppress=True) == ["<5", "×", "9", "18"]
    assert count_cells([2, 3, 9], suppress=True) == ["<5", "<5", "9", "14"]  # two small ones hide each other
    assert count_cells([2, 0], suppress=True) == ["<5", "0", "<5"]
    assert count_cells([0, 0], suppress=True) == ["0", "0", "0"]


def test_the_municipality_page_suppresses_small_counts_the_team_lead_page_does_not(
    client, year, lead, municipal
):
    client.force_login(lead)
    lead_page = client.get("/rapportages/", {"year": "2025"}).content.decode()
    assert (
        '<th scope="row">Verstuurd door Veilig Thuis</th><td class="report-table__number">4</td>' in lead_page
    )
    assert "&lt;5" not in lead_page.split('id="throughput"')[0]
    client.force_login(municipal)
    page = client.get("/rapportages/", {"year": "2025"}).content.decode()
    # Oost 4, West 2, together 6: both small, so neither can be worked out from the total.
    assert (
        '<th scope="row">Verstuurd door Veilig Thuis</th><td class="report-table__number">&lt;5</td>'
        '<td class="report-table__number">&lt;5</td><td class="report-table__number">6</td>'
    ) in page
    assert "Team Zaandam-Oost" in page and "Team Zaandam-West" in page


def test_a_throughput_time_from_fewer_than_five_pairs_is_not_shown(client, year, lead):
    client.force_login(lead)
    page = client.get("/rapportages/", {"year": "2025"}).content.decode()
    throughput = page.split('id="throughput"')[1]
    assert "te weinig paren" in throughput
    assert '<td class="report-table__number">8</td>' not in throughput  # the one plan pair stays hidden


def test_the_page_has_a_chart_with_title_and_description_beside_each_table(client, year, lead):
    client.force_login(lead)
    page = client.get("/rapportages/", {"year": "2025"}).content.decode()
    assert page.count('role="img"') >= 6
    assert "<title id=" in page and "<desc id=" in page
    assert page.count("<caption") == 8


# --- No names, anywhere -------------------------------------------------------------------------


def test_no_names_or_case_numbers_on_the_page_or_in_the_csv(
    client, year, lead, municipal, worker, reauthenticate
):
    c1 = year["c1"]
    child = c1.case_children.first().child
    secrets = [
        c1.number,
        c1.family.name,
        child.surname,
        child.given_name,
        worker.last_name,
        year["r1"].reference,
    ]
    for user in (lead, municipal):
        client.force_login(user)
        reauthenticate()  # the CSV asks for the password first (tests/test_reauth.py)
        for url in ("/rapportages/", "/rapportages/export.csv"):
            response = client.get(url, {"year": "2025"})
            assert response.status_code == 200, (user, url)
            text = response.content.decode()
            for secret in secrets:
                assert secret not in text, (user, url, secret)


# --- CSV ----------------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_has_a_bom_semicolons_suppressed_counts_and_is_logged(client, year, lead, reauthenticate):
    client.force_login(lead)
    reauthenticate()
    response = client.get("/rapportages/export.csv", {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rapportage-2025.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["Periode", "Teams", "Onderdeel", "Cijfer", "Kolom", "Waarde"]
    assert [
        "2025",
        "Team Zaandam-Oost",
        "Overdrachten van Veilig Thuis",
        "Verstuurd door Veilig Thuis",
        "Aantal",
        "<5",
    ] in rows
    assert ["2025", "Team Zaandam-Oost", "Beschermtafel", "Casussen aangemeld", "Aantal", "<5"] in rows
    closed = [row[3:] for row in rows if row[2] == "Afgesloten casussen, en waarom"]
    assert closed[0] == ["Veiligheid voldoende geborgd", "Aantal", "<5"]
    event = AccessEvent.objects.filter(user=lead, action=AccessEvent.Action.EXPORT).get()
    assert event.object_ref == "report"
    assert event.detail["teams"] == [lead.teams.get().pk]
    assert event.case_id is None


def test_a_team_name_that_looks_like_a_formula_is_neutralised_in_the_csv(client, oost, lead, reauthenticate):
    oost.__class__.objects.filter(pk=oost.pk).update(name='=HYPERLINK("http://x")')
    client.force_login(lead)
    reauthenticate()
    rows = _rows(client.get("/rapportages/export.csv", {"year": "2025"}))
    assert {row[1] for row in rows[1:]} == {'\'=HYPERLINK("http://x")'}


def test_viewing_the_report_is_logged(client, lead):
    client.force_login(lead)
    client.get("/rapportages/", {"period": "quarter", "year": "2025", "quarter": "1"})
    event = AccessEvent.objects.filter(user=lead, action=AccessEvent.Action.VIEW).get()
    assert (event.object_ref, event.detail["query"]["quarter"]) == ("report", "1")


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"period": "week"},
        {"year": "1999"},
        {"year": "٢٠٢٥"},
        {"period": "quarter", "quarter": "5"},
        {"period": "quarter", "quarter": ""},
        {"period": "month", "month": "13"},
        {"days": "0"},
        {"days": "-3"},
        {"days": "9" * 5000},
        {"days": "1e400"},
        {"year": "2025\x00"},
    ],
)
def test_bad_filters_get_a_dutch_message_never_a_500(client, lead, query, reauthenticate):
    client.force_login(lead)
    reauthenticate()
    response = client.get("/rapportages/", query)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Deze cijfers kunnen nog niet getoond worden" in page
        assert 'id="funnel"' not in page
    export = client.get("/rapportages/export.csv", query)
    assert export.status_code == 400


def test_the_running_count_of_working_days_agrees_with_core_dates(vt, oost, worker):
    """The report counts many pairs at once; it must count each exactly as core.dates does."""
    start = dt.date(2024, 12, 20)
    pairs = [
        (start + dt.timedelta(days=n), start + dt.timedelta(days=n + length))
        for n in range(0, 200, 7)
        for length in (0, 1, 3, 9, 40)
    ]
    case = factories.case(team=oost, director=worker, children=1)
    for sent_on, accepted_on in pairs:
        referral(
            vt,
            oost,
            sent=at(sent_on.year, sent_on.month, sent_on.day, 9),
            accepted=at(accepted_on.year, accepted_on.month, accepted_on.day, 15),
            case=case,
        )
    period = Period(PeriodKind.YEAR, 2025)
    expected = sorted(
        working_days_between(sent, accepted) for sent, accepted in pairs if period.contains(accepted)
    )
    assert (
        sorted(
            report_figures(team_ids=[oost.pk], period=period, days=28).throughput["referral_accepted"].days
        )
        == expected
    )


def test_a_return_counts_at_the_team_that_returned_it_even_after_veilig_thuis_sends_it_elsewhere(
    vt, oost, west, lead
):
    from referrals import services as referral_services

    sent = referral(vt, oost, sent=timezone.now())
    referral_services.referral_return(
        referral=sent, by=lead, reason="Welk adres?", expected_version=sent.version
    )
    assert ReferralEvent.objects.get(referral=sent, kind="returned").team == oost
    Referral.objects.filter(pk=sent.pk).update(receiving_team=west)  # sent again, to West
    year = Period(PeriodKind.YEAR, timezone.localdate().year)
    report = report_figures(team_ids=[oost.pk, west.pk], period=year, days=28)
    assert report.referrals[oost.pk]["returned"] == 1
    assert report.referrals.get(west.pk, {}).get("returned", 0) == 0
