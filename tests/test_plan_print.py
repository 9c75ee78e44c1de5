"""The family's printed safety plan, read back from the PDF: who to call, who signs, plain Dutch, drafts."""

import io
from pathlib import Path

import pytest
import textstat
from django.conf import settings
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from devdata.demo import safetyplans as demo_plans
from safetyplans import services
from safetyplans.models import SafetyPlan
from tests import factories
from tests.test_safetyplans import complete_content

pytestmark = pytest.mark.django_db

FONTS = Path(settings.BASE_DIR, "static", "fonts")


def _pages(client, plan, **params) -> list[str]:
    response = client.get(f"/veiligheidsplan/{plan.pk}/pdf/", params)
    assert response["Content-Type"] == "application/pdf"
    # Words only: a sentence the PDF breaks over two lines reads as one.
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]


def _text(client, plan, **params) -> str:
    return " ".join(_pages(client, plan, **params))


def _plan(case, worker, *, agreed_with: str | None = "moeder en vader", **content) -> SafetyPlan:
    plan = services.plan_start(case=case, by=worker)
    services.plan_save(plan=plan, by=worker, content=complete_content(**content), expected_edit_version=1)
    plan.refresh_from_db()
    if agreed_with is None:
        return plan
    return services.plan_agree(plan=plan, by=worker, how="signed", agreed_with=agreed_with,
                               expected_edit_version=plan.edit_version)  # fmt: skip


def test_the_plan_names_the_familys_own_worker_and_team_with_their_phone_numbers(client, a_case, worker):
    worker.first_name, worker.last_name, worker.phone = "Sanne", "de Vries", "06 1234 5678"
    worker.save()
    a_case.team.phone = "075 681 00 00"
    a_case.team.save()
    client.force_login(worker)
    text = _text(client, _plan(a_case, worker))
    assert "Onze eigen hulpverlener: Sanne de Vries Telefoon: 06 1234 5678" in text
    assert f"Team: {a_case.team.name} Telefoon van het team: 075 681 00 00" in text


def test_an_empty_phone_number_leaves_out_its_line(client, a_case, worker):
    worker.first_name, worker.last_name, worker.phone = "Sanne", "de Vries", ""
    worker.save()
    client.force_login(worker)
    text = _text(client, _plan(a_case, worker))
    assert "Onze eigen hulpverlener: Sanne de Vries" in text
    assert "Telefoon:" not in text and "Telefoon van het team" not in text


def test_everyone_who_agreed_and_each_network_member_with_a_role_signs_with_a_date(client, a_case, worker):
    worker.first_name, worker.last_name = "Sanne", "de Vries"
    worker.save()
    network = [
        {"name": "Oma Gerda", "relation": "oma", "phone": "06-11112222", "role": "let op de afspraken",
         "child_can_call": True},
        {"name": "Buurvrouw Anja", "relation": "buurvrouw", "phone": "06-33334444", "role": "",
         "child_can_call": False},
    ]  # fmt: skip
    scores = [{"participant": "Moeder", "score": 5}, {"participant": "jeugdteam", "score": 7}]
    plan = _plan(a_case, worker, agreed_with="moeder, vader", network=network, scores=scores)
    client.force_login(worker)
    text = _text(client, plan)
    expected = ["Moeder", "Vader", "Oma Gerda (oma)", f"Sanne de Vries, namens {a_case.team.name}"]
    assert text.count("Handtekening Datum") == len(expected)  # not the neighbour: no role in the plan
    for who in expected:
        assert f"{who} Handtekening Datum" in text, who


def test_a_network_member_the_family_named_signs_once_and_organisations_sign_through_the_worker(
    client, a_case, worker
):
    worker.first_name, worker.last_name = "Sanne", "de Vries"
    worker.save()
    plan = _plan(a_case, worker, agreed_with="Moeder, vader en oma; jeugdteam")
    client.force_login(worker)
    text = _text(client, plan)
    assert text.count("Handtekening Datum") == 4  # moeder, vader, Oma Gerda, the worker
    assert "Oma Gerda (oma) Handtekening" in text and "Oma Handtekening" not in text
    assert "Jeugdteam Handtekening" not in text
    assert f"Sanne de Vries, namens {a_case.team.name} Handtekening Datum" in text


@pytest.mark.parametrize(
    ("who", "sentence"),
    [
        ("Veilig Thuis en de school", "Veilig Thuis en de school maken zich zorgen over:"),
        ("School", "School maakt zich zorgen over:"),
        ("Veilig Thuis, de school, de buren", "Veilig Thuis, de school en de buren maken zich zorgen over:"),
    ],
)
def test_who_is_worried_is_one_sentence_with_the_verb_that_fits(client, a_case, worker, who, sentence):
    worry = {**complete_content()["worries"][0], "who_worried": who}
    client.force_login(worker)
    assert f"{sentence} Vader schreeuwt" in _text(client, _plan(a_case, worker, worries=[worry]))


def test_a_draft_says_draft_on_every_page_and_not_that_it_was_agreed(client, a_case, worker):
    client.force_login(worker)
    pages = _pages(client, _plan(a_case, worker, agreed_with=None))
    assert len(pages) > 1
    assert all("CONCEPT" in page for page in pages)
    text = " ".join(pages)
    assert "Dit is een concept. We hebben dit plan nog niet samen afgesproken." in text
    assert "samen hebben afgesproken" not in text


def test_an_agreed_plan_says_what_was_agreed_and_no_draft_mark(client, a_case, worker):
    client.force_login(worker)
    text = _text(client, _plan(a_case, worker))
    assert "In dit plan staat wat we samen hebben afgesproken" in text
    assert "CONCEPT" not in text and "concept" not in text


def _zero_contours(font: TTFont) -> int:
    pen = RecordingPen()
    font.getGlyphSet()[font.getBestCmap()[ord("0")]].draw(pen)
    return sum(1 for operator, _ in pen.value if operator == "closePath")


def test_the_familys_plan_is_set_in_a_font_whose_zero_has_no_slash(client, a_case, worker):
    client.force_login(worker)
    response = client.get(f"/veiligheidsplan/{_plan(a_case, worker).pk}/pdf/")
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(response.content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Fira" in name for name in fonts), fonts
    # A plain zero is an outline and its counter (2 contours); the slashed zero of the font the rest of
    # Zicht prints in has its counter cut in two (3).
    assert _zero_contours(TTFont(FONTS / "FiraSans-Regular.woff")) == 2
    assert _zero_contours(TTFont(FONTS / "FiraSans-Bold.woff")) == 2
    assert _zero_contours(TTFont(FONTS / "AtkinsonHyperlegible_400Regular.ttf")) == 3


def _flesch_douma(pdf_lines: list[str]) -> float:
    """Flesch-Douma, the Dutch Flesch reading ease (206.84 - 0.93 x words per sentence - 77 x syllables per
    word), through textstat, of text read back from a PDF.

    A plan is mostly headings, table cells and short lines, not running prose. As Dutch readability checks
    of forms do, each of those counts as a sentence: a line that starts with a capital or a digit starts a
    new one (a heading, a cell, a list item or a sentence); a line that starts in lower case goes on with
    the one before (a sentence wrapped over two lines)."""
    units: list[str] = []
    for line in filter(None, (line.strip() for line in pdf_lines)):
        if units and not (line[0].isupper() or line[0].isdigit()):
            units[-1] += " " + line
        else:
            units.append(line)
    textstat.set_lang("nl")
    return textstat.flesch_reading_ease(" ".join(u if u[-1] in ".?!:" else f"{u}." for u in units))


def test_the_readability_measure_tells_plain_dutch_from_officialese():
    plain = ["Vader gaat een rondje lopen als hij boos is.", "Oma belt elke avond.", "Wie helpt ons"]
    officialese = [
        "Teneinde de continuïteit van de veiligheidsvoorwaarden te waarborgen, dienen de betrokken",
        "gezinsleden zich overeenkomstig de geformuleerde afspraken te gedragen, onverminderd de",
        "verantwoordelijkheid van de casusregisseur voor de monitoring daarvan.",
    ]
    assert _flesch_douma(plain) >= 60 > _flesch_douma(officialese)


def test_the_demo_plan_reads_at_b1_level(client, oost, worker):
    """Douma's scale: 60-70 is "vrij gemakkelijk" (fairly easy), the band of B1, the level most Dutch adults
    read comfortably; below 60 "redelijk moeilijk". The whole printed plan is measured as the family gets it:
    the fixed texts of the template and the demo plan's own words."""
    case = factories.case(team=oost, director=worker)
    factories.walk(case, worker, "voluntary")
    assert demo_plans.seed(director=worker)
    client.force_login(worker)
    for plan in case.safety_plans.all():  # the agreed versions and the draft
        response = client.get(f"/veiligheidsplan/{plan.pk}/pdf/")
        lines = [line for page in PdfReader(io.BytesIO(response.content)).pages
                 for line in page.extract_text().splitlines()]  # fmt: skip
        score = _flesch_douma(lines)
        assert score >= 60, f"Flesch-Douma {score:.0f} for version {plan.number}: {lines}"
