"""The meldcode record (domain.md §2): the professional's five steps and the step-5 decision (reportingcode app)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reportingcode import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_worker(client, worker):
    client.force_login(worker)
    return client


def test_reporting_code_decision_needs_both_explanations(a_case, worker):
    with pytest.raises(ValidationError) as refused:
        services.reporting_code_decide(
            case=a_case, by=worker, reporting_required=True, reporting_rationale="",
            own_help_possible=True, own_help_rationale="", decided_on=timezone.localdate(),
        )  # fmt: skip
    assert set(refused.value.error_dict) == {"reporting_rationale", "own_help_rationale"}
    decision = services.reporting_code_decide(
        case=a_case, by=worker, reporting_required=True, reporting_rationale="Structurele onveiligheid",
        own_help_possible=True, own_help_rationale="Wij blijven betrokken", decided_on=timezone.localdate(),
    )  # fmt: skip
    assert decision.outcome == "report_and_own_help"


def test_the_meldcode_record(as_worker, a_case):
    url = f"/casussen/{a_case.pk}/meldcode/"
    response = as_worker.post(
        url,
        {
            "step": "1",
            "step1-done_on": "2026-01-05",
            "step1-performed_by": "Sanne",
            "step1-note": "Blauwe plekken",
        },
    )
    assert response.status_code == 302
    decision = {
        "decision": "1",
        "decision-reporting_required": "yes",
        "decision-reporting_rationale": "",
        "decision-own_help_possible": "no",
        "decision-own_help_rationale": "Te zwaar",
        "decision-decided_on": "2026-01-10",
    }
    response = as_worker.post(url, decision)
    assert "Dit veld is verplicht." in response.content.decode()
    page = as_worker.get(url).content.decode()
    assert "Blauwe plekken" in page
    assert "1. Signalen in kaart brengen" in page


def test_the_case_page_links_to_the_meldcode_page(as_worker, a_case):
    page = as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
    assert f'href="/casussen/{a_case.pk}/meldcode/"' in page


def test_the_case_access_log_says_in_words_what_was_done_with_the_meldcode(as_worker, a_case, worker):
    step = services.reporting_code_step_record(
        case=a_case, by=worker, step=2, done_on=timezone.localdate(), performed_by="Sanne", note=""
    )
    services.reporting_code_decide(
        case=a_case, by=worker, reporting_required=False, reporting_rationale="Geen signalen meer",
        own_help_possible=True, own_help_rationale="Wij blijven betrokken", decided_on=timezone.localdate(),
    )  # fmt: skip
    assert as_worker.get(f"/casussen/{a_case.pk}/meldcode/").status_code == 200
    page = as_worker.get(f"/casussen/{a_case.pk}/inzagelog/").content.decode()
    for words in ("Meldcode, stap 2", "Meldcode: besluit", "Meldcode"):
        assert words in page, words
    for reference in (f"reporting_code_step:{step.pk}", "reporting_code_decision:", "reporting_code:"):
        assert reference not in page
