"""JBT-01..03: the Beschermtafel's stalled-case rules, each around its threshold."""

import datetime as dt

import pytest
from django.utils import timezone

from core.dates import add_working_days
from flags.models import Flag
from flags.services import flags_evaluate
from tables import services
from tables.models import Meeting, Outcome, Submission, Table
from tests import factories
from tests import tables_helpers as th

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(db):
    return th.chair()


@pytest.fixture
def table(chair):
    return th.table(chair)


@pytest.fixture
def voluntary(oost, worker):
    return factories.walk(factories.case(team=oost, director=worker, children=1), worker, "voluntary")


def open_rules(case) -> set[str]:
    return set(Flag.objects.filter(case=case, resolved_at__isnull=True).values_list("rule", flat=True))


class TestJBT01NotScheduled:
    @pytest.mark.parametrize(
        ("norm", "working_days", "flagged"), [(10, 10, False), (10, 11, True), (5, 6, True)]
    )
    def test_around_the_tables_norm(self, voluntary, worker, table, norm, working_days, flagged):
        Table.objects.filter(pk=table.pk).update(norm_working_days=norm)
        submission = th.submitted(voluntary, worker, table)
        sent_on = dt.date(2026, 4, 22)  # King's Day (Mon 27 April) is no working day
        Submission.objects.filter(pk=submission.pk).update(submitted_at=factories.at(sent_on))
        flags_evaluate(now=factories.at(add_working_days(sent_on, working_days)), rules=["JBT-01"])
        assert ("JBT-01" in open_rules(voluntary)) is flagged

    def test_scheduling_resolves_the_flag(self, voluntary, worker, chair, table):
        submission = th.submitted(voluntary, worker, table)
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=30)
        )
        flags_evaluate(rules=["JBT-01"])
        flag = Flag.objects.get(case=voluntary, rule="JBT-01")
        assert flag.facts["table_name"] == "Beschermtafel Zaanstad"
        th.meeting(table, chair, [submission])
        flags_evaluate(rules=["JBT-01"])
        assert "JBT-01" not in open_rules(voluntary)


def _discussed(case, worker, chair, table, **outcome) -> Outcome:
    submission = th.submitted(case, worker, table)
    th.meeting(table, chair, [submission])
    return services.outcome_record(
        item=th.item_of(submission), by=chair, decision="Besloten.", parents_informed=True, **outcome
    )


class TestJBT02ReportBackOverdue:
    def test_after_the_report_back_date_until_reported(self, voluntary, worker, chair, table):
        today = timezone.localdate()
        outcome = _discussed(
            voluntary, worker, chair, table, kind="pressure", report_back_on=today + dt.timedelta(days=90),
            agreements=[{"who": "Vader", "what": "cursus", "when": "maart"}],
        )  # fmt: skip
        flags_evaluate(now=factories.at(today + dt.timedelta(days=90)), rules=["JBT-02"])
        assert "JBT-02" not in open_rules(voluntary)
        flags_evaluate(now=factories.at(today + dt.timedelta(days=91)), rules=["JBT-02"])
        assert "JBT-02" in open_rules(voluntary)
        services.outcome_report_back(outcome=outcome, by=chair, on=today, note="Afspraken nagekomen")
        flags_evaluate(now=factories.at(today + dt.timedelta(days=91)), rules=["JBT-02"])
        assert "JBT-02" not in open_rules(voluntary)


class TestJBT03BoardDecisionMissing:
    def test_ten_days_after_the_meeting_without_a_decision(
        self, client, voluntary, worker, chair, table, investigator
    ):
        factories.walk(voluntary, worker, "pressure")
        outcome = _discussed(
            voluntary, worker, chair, table, kind="board_investigation", investigator=investigator
        )
        held = timezone.localdate() - dt.timedelta(days=10)
        Meeting.objects.filter(pk=outcome.item.meeting_id).update(date=held)
        flags_evaluate(rules=["JBT-03"])
        assert "JBT-03" not in open_rules(voluntary)
        Meeting.objects.filter(pk=outcome.item.meeting_id).update(date=held - dt.timedelta(days=1))
        flags_evaluate(rules=["JBT-03"])
        assert "JBT-03" in open_rules(voluntary)
        client.force_login(worker)
        assert (
            "Geen besluit van de Raad na de Beschermtafel"
            in client.get(f"/casussen/{voluntary.pk}/").content.decode()
        )
        services.outcome_board_decision(
            outcome=outcome, by=investigator, decision="started", decided_on=timezone.localdate(), note=""
        )
        flags_evaluate(rules=["JBT-03"])
        assert "JBT-03" not in open_rules(voluntary)
