"""The meldcode record (domain.md §2): the professional's five steps and the step-5 decision (reportingcode app)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reportingcode import services
from reportingcode.models import ReportingCodeDecision, Weighing

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def as_worker(client, worker):
    client.force_login(worker)
    return client


def _steps(case, by, *steps: int) -> None:
    for step in steps:
        services.reporting_code_step_record(
            case=case, by=by, step=step, done_on=TODAY(), performed_by="Sanne", note=f"Stap {step} gedaan"
        )


def _decision_post(answers: dict[int, str], **extra) -> dict:
    """The decision form as posted: per question "yes"/"no" with an explanation; others left empty."""
    data = {"decision": "1", "decision-decided_on": TODAY().isoformat(), "decision-version": "0"}
    for question, answer in answers.items():
        data[f"decision-answer_{question}"] = answer
        data[f"decision-explanation_{question}"] = f"Toelichting {question}: {answer}"
    data.update({f"decision-{name}": value for name, value in extra.items()})
    return data


def test_the_decision_needs_an_explanation_for_every_answer(a_case, worker):
    _steps(a_case, worker, 2, 3, 4)
    with pytest.raises(ValidationError) as refused:
        services.reporting_code_decide(
            case=a_case, by=worker, weighings={1: (True, ""), 2: (True, "Acuut")}, decided_on=TODAY(),
            expected_version=0,
        )  # fmt: skip
    assert set(refused.value.error_dict) == {"explanation_1"}
    decision = services.reporting_code_decide(
        case=a_case, by=worker, weighings={1: (True, "Blauwe plekken"), 2: (True, "Acuut gevaar")},
        decided_on=TODAY(), expected_version=0,
    )  # fmt: skip
    assert decision.outcome == "report"
    assert [(w.question, w.answer) for w in decision.weighings.all()] == [(1, True), (2, True)]


# The afwegingskader (domain.md §2.2): answers in order, and what follows from them.
@pytest.mark.parametrize(
    ("answers", "required", "outcome"),
    [
        ({1: "no"}, False, "close"),
        ({1: "yes", 2: "yes"}, True, "report"),
        ({1: "yes", 2: "yes", 3: "yes", 4: "yes"}, True, "report_and_own_help"),
        ({1: "yes", 2: "no", 3: "no"}, True, "report"),
        ({1: "yes", 2: "no", 3: "yes", 4: "no"}, True, "report"),
        ({1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "no"}, True, "report_and_own_help"),
        ({1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "yes"}, False, "own_help"),
    ],
)
def test_each_afweging_is_recorded_and_the_consequence_follows(
    as_worker, a_case, worker, answers, required, outcome
):
    _steps(a_case, worker, 2, 3, 4)
    url = f"/casussen/{a_case.pk}/meldcode/"
    response = as_worker.post(url, _decision_post(answers))
    assert response.status_code == 302, response.content.decode()
    decision = ReportingCodeDecision.objects.get(case=a_case)
    assert (decision.reporting_required, decision.outcome) == (required, outcome)
    stored = {w.question: ("yes" if w.answer else "no", w.explanation) for w in decision.weighings.all()}
    assert stored == {q: (a, f"Toelichting {q}: {a}") for q, a in answers.items()}
    page = as_worker.get(url).content.decode()
    for question, answer in answers.items():
        assert str(Weighing.Question(question).label) in page
        assert f"Toelichting {question}: {answer}" in page
    assert (
        "Melden bij Veilig Thuis is verplicht." if required else "Melden bij Veilig Thuis is niet verplicht."
    ) in page


@pytest.mark.parametrize(
    ("answers", "unanswered"),
    [({}, 1), ({1: "yes"}, 2), ({1: "yes", 2: "no"}, 3), ({1: "yes", 2: "no", 3: "yes", 4: "yes"}, 5)],
)
def test_a_question_the_decision_depends_on_must_be_answered(as_worker, a_case, worker, answers, unanswered):
    _steps(a_case, worker, 2, 3, 4)
    response = as_worker.post(f"/casussen/{a_case.pk}/meldcode/", _decision_post(answers))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beantwoord deze vraag: het besluit hangt ervan af." in page
    assert f'id="id_decision-answer_{unanswered}_error"' in page
    for question, answer in answers.items():  # what was typed stays on the page
        assert f"Toelichting {question}: {answer}" in page
    assert not ReportingCodeDecision.objects.filter(case=a_case).exists()


def test_an_explanation_without_an_answer_is_refused_not_dropped(as_worker, a_case, worker):
    _steps(a_case, worker, 2, 3, 4)
    data = _decision_post({1: "no"}, explanation_2="Twijfel over acuut gevaar")
    response = as_worker.post(f"/casussen/{a_case.pk}/meldcode/", data)
    assert "Kies ja of nee, of laat de toelichting leeg." in response.content.decode()
    assert not ReportingCodeDecision.objects.filter(case=a_case).exists()


def test_step_5_is_refused_while_steps_2_to_4_are_empty(as_worker, a_case, worker):
    _steps(a_case, worker, 1, 3)
    url = f"/casussen/{a_case.pk}/meldcode/"
    response = as_worker.post(url, _decision_post({1: "yes", 2: "yes"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stap 2 tot en met 4 zijn nog niet allemaal vastgelegd (ontbreekt: stap 2, 4)." in page
    assert not ReportingCodeDecision.objects.filter(case=a_case).exists()
    # The step-5 record itself is refused too, with the same words.
    response = as_worker.post(
        url, {"step": "5", "step5-done_on": TODAY().isoformat(), "step5-performed_by": "Sanne"}
    )
    assert "Stap 2 tot en met 4 zijn nog niet allemaal vastgelegd" in response.content.decode()
    assert not a_case.reporting_code_steps.filter(step=5).exists()


def test_skipped_steps_with_a_reason_show_on_the_page_and_the_timeline(as_worker, a_case, worker):
    _steps(a_case, worker, 1)
    url = f"/casussen/{a_case.pk}/meldcode/"
    reason = "Acuut gevaar: kind met letsel, direct gemeld bij Veilig Thuis"
    response = as_worker.post(url, _decision_post({1: "yes", 2: "yes"}, skipped_reason=reason))
    assert response.status_code == 302
    decision = ReportingCodeDecision.objects.get(case=a_case)
    assert (decision.skipped_steps, decision.skipped_reason) == ([2, 3, 4], reason)
    expected = f"Let op: stap 2–4 overgeslagen:</strong> {reason}"
    assert expected in as_worker.get(url).content.decode()
    assert expected in as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
    # Now step 5 itself may be recorded.
    response = as_worker.post(
        url, {"step": "5", "step5-done_on": TODAY().isoformat(), "step5-performed_by": "Sanne"}
    )
    assert response.status_code == 302
    assert a_case.reporting_code_steps.filter(step=5).exists()


def test_every_recorded_step_and_the_decision_are_on_the_case_timeline(as_worker, a_case, worker):
    _steps(a_case, worker, 1, 2, 3, 4)
    as_worker.post(f"/casussen/{a_case.pk}/meldcode/", _decision_post({1: "yes", 2: "yes"}))
    timeline = as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
    for label in ("1. Signalen in kaart brengen", "2. Collegiale consultatie", "3. Gesprek met", "4. Wegen"):
        assert f"Meldcode: {label}" in timeline, label
    for step in (1, 2, 3, 4):
        assert f"Stap {step} gedaan" in timeline
    assert "Meldcode: stap 5, het besluit" in timeline
    assert "Melden bij Veilig Thuis is verplicht." in timeline


def test_someone_without_the_notes_sees_the_steps_but_not_what_was_written(client, a_case, worker, vt_worker):
    from cases.services import case_involve

    case_involve(case=a_case, by=worker, role="vt_monitor", user=vt_worker, expected_version=a_case.version)
    _steps(a_case, worker, 1)
    services.reporting_code_decide(
        case=a_case, by=worker, weighings={1: (True, "Blauwe plekken"), 2: (True, "Acuut")}, decided_on=TODAY(),
        expected_version=0, skipped_reason="Geheime reden",
    )  # fmt: skip
    client.force_login(vt_worker)
    timeline = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert "Meldcode: 1. Signalen in kaart brengen" in timeline
    assert "Meldcode: stap 5, het besluit" in timeline
    for written in ("Stap 1 gedaan", "Geheime reden", "/meldcode/"):
        assert written not in timeline, written
    assert client.get(f"/casussen/{a_case.pk}/meldcode/").status_code == 404


def test_an_old_decision_with_only_free_text_still_shows(as_worker, a_case, worker):
    ReportingCodeDecision.objects.create(
        case=a_case, reporting_required=True, reporting_rationale="Structurele onveiligheid thuis",
        own_help_possible=False, own_help_rationale="Te zwaar voor ons team", decided_on=dt.date(2026, 1, 10),
        decided_by=worker,
    )  # fmt: skip
    page = as_worker.get(f"/casussen/{a_case.pk}/meldcode/").content.decode()
    assert "Structurele onveiligheid thuis" in page and "Te zwaar voor ons team" in page
    assert "Melden bij Veilig Thuis</strong>" in page
    assert "Meldcode: stap 5, het besluit" in as_worker.get(f"/casussen/{a_case.pk}/").content.decode()


def test_a_decision_saved_meanwhile_by_someone_else_is_not_overwritten(as_worker, a_case, worker):
    _steps(a_case, worker, 2, 3, 4)
    services.reporting_code_decide(
        case=a_case, by=worker, weighings={1: (False, "Geen vermoeden meer")}, decided_on=TODAY(),
        expected_version=0,
    )  # fmt: skip
    url = f"/casussen/{a_case.pk}/meldcode/"
    response = as_worker.post(url, _decision_post({1: "yes", 2: "yes"}))  # built before the colleague saved
    page = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd." in page
    assert "Toelichting 2: yes" in page  # the text is kept
    assert ReportingCodeDecision.objects.get(case=a_case).reporting_required is False
    assert 'name="decision-version" value="1"' in page  # saving again now replaces it knowingly
    assert as_worker.post(url, _decision_post({1: "yes", 2: "yes"}, version="1")).status_code == 302
    assert ReportingCodeDecision.objects.get(case=a_case).reporting_required is True


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
        case=a_case, by=worker, weighings={1: (False, "Geen signalen meer")}, decided_on=timezone.localdate(),
        expected_version=0, skipped_reason="Geen vermoeden meer na stap 2",
    )  # fmt: skip
    assert as_worker.get(f"/casussen/{a_case.pk}/meldcode/").status_code == 200
    page = as_worker.get(f"/casussen/{a_case.pk}/inzagelog/").content.decode()
    for words in ("Meldcode, stap 2", "Meldcode: besluit", "Meldcode"):
        assert words in page, words
    for reference in (f"reporting_code_step:{step.pk}", "reporting_code_decision:", "reporting_code:"):
        assert reference not in page
