"""The benchmark's dataset and figures, at small scale: deterministic, consistent, and the bench runs."""

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.models import AccessEvent
from cases.access import permission_drift
from cases.models import Case, Contact
from flags.models import Flag
from referrals.models import Referral
from safetyplans.models import SafetyPlan

pytestmark = pytest.mark.django_db


def test_the_small_dataset_is_consistent_and_the_bench_reports_every_figure(tmp_path, capsys):
    call_command("generate_dataset", scale="small", seed=7, verbosity=0)
    first = (
        Case.objects.count(),
        Contact.objects.count(),
        list(Case.objects.order_by("pk").values_list("phase")[:50]),
    )
    assert first[0] > 600 and first[1] > 4000
    assert Case.objects.exclude(phase="closed").count() == 150
    assert Referral.objects.filter(state="sent").exists() and SafetyPlan.objects.exists()
    assert permission_drift() == {}  # the access rows are the policy's
    call_command("generate_dataset", scale="small", seed=7, verbosity=0)  # a second run adds nothing
    assert Case.objects.count() == first[0]

    output = tmp_path / "benchmarks.md"
    # An earlier run, as the file looked before it kept a history.
    output.write_text(
        "# Benchmarks\n\nWritten by `make bench` on 2026-01-05 10:00. Machine: ...\n\n"
        "| figure | value | unit |\n|---|---|---|\n| worker_caseload_p95 | 999.9 | ms |\n| gone_figure | 7 | s |\n"
    )
    call_command("bench", requests=3, skip_load=True, output=str(output))
    printed = capsys.readouterr().out
    written = output.read_text()
    assert "PROFILE /casussen/team/ (20 requests, by own time)" in printed
    block = written.split("## Team list profile", 1)[1].split("```")[1].strip().splitlines()
    assert len(block) == 12 and all(len(line.split()) >= 6 for line in block)  # ncalls tottime ... function
    history = written.split("## History", 1)[1]
    header = next(line for line in history.splitlines() if line.startswith("| figure | unit |"))
    assert header.startswith("| figure | unit | 2026-01-05 10:00 | ")
    row = next(line for line in history.splitlines() if line.startswith("| worker_caseload_p95 |"))
    assert row.startswith("| worker_caseload_p95 | ms | 999.9 | ") and row.split("|")[4].strip()
    assert "| gone_figure | s | 7 |  |" in history  # a figure no longer measured keeps its past
    for figure in (
        "bare_view_p50",
        "worker_caseload_p95",
        "team_lead_list_p95",
        "team_lead_list_queries",
        "case_page_200_contacts_p95",
        "name_search_p95",
        "stalled_case_open_cases",
        "stalled_case_evaluation",
        "stalled_case_evaluation_queries",
        "safety_plan_pdf_median",
        "table_meeting_items",
        "table_pack_seconds",
        "table_chair_inbox_p95",
        "table_agenda_page_queries",
        "inzage_copy_contacts",
        "inzage_copy_access_events",
        "cpu_steal",
    ):
        assert f"BENCH {figure} " in printed, figure
        assert f"| {figure} |" in output.read_text()
    assert Flag.objects.exists()  # the evaluation found work in the dataset
    assert AccessEvent.objects.filter(action="view").exists()


class _Undo(Exception):
    pass


def _fingerprint() -> list:
    return list(Case.objects.order_by("number").values_list("number", "phase", "opened_on", "family__name"))


def test_the_same_seed_gives_the_same_dataset():
    with pytest.raises(_Undo), transaction.atomic():
        call_command("generate_dataset", scale="small", seed=11, verbosity=0)
        first = _fingerprint()
        raise _Undo
    assert not Case.objects.exists()
    call_command("generate_dataset", scale="small", seed=11, verbosity=0)
    assert _fingerprint() == first
    assert len(first) > 600


def test_the_history_is_read_back_from_a_file_that_has_one(tmp_path):
    from devdata.management.commands.bench import Command

    output = tmp_path / "benchmarks.md"
    output.write_text(
        "# Benchmarks\n\n| figure | value | unit |\n|---|---|---|\n| a | 2 | ms |\n\n## History\n\n"
        "| figure | unit | 2026-01-01 10:00 | 2026-02-01 10:00 |\n|---|---|---|---|\n"
        "| a | ms | 1 | 2 |\n| b | s |  | 5 |\n"
    )
    assert Command._history(output) == (
        ["2026-01-01 10:00", "2026-02-01 10:00"],
        {
            ("a", "ms"): {"2026-01-01 10:00": "1", "2026-02-01 10:00": "2"},
            ("b", "s"): {"2026-02-01 10:00": "5"},
        },
    )
    output.write_text("# Benchmarks\n\n## History\n\nnothing yet\n")
    assert Command._history(output) == ([], {})
