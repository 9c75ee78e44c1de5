"""A youth worker walks the meldcode to step 5, answering the afwegingen one by one, then sees it on the
case timeline (issue 15)."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import Team, User
from tests import factories
from tests.browser.helpers import login

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
QUESTIONS = {
    1: "1. Is er een vermoeden van (dreiging van) huiselijk geweld of kindermishandeling?",
    2: "2. Is er sprake van acute en/of structurele onveiligheid?",
    3: "3. Kunt u voldoende passende hulp bieden of organiseren?",
    4: "4. Aanvaarden de betrokkenen de hulp en werken zij eraan mee?",
    5: "5. Leidt de hulp binnen de gewenste termijn tot de nodige resultaten voor veiligheid en welzijn?",
}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [
        f"{page.url} {violation['id']}: {violation['help']}" for violation in results.response["violations"]
    ]


def _answer(page, question: int, answer: str, explanation: str) -> None:
    decision = page.locator("#besluit")
    decision.get_by_role("group", name=QUESTIONS[question]).get_by_label(answer, exact=True).check()
    decision.get_by_label(f"Toelichting bij vraag {question}").fill(explanation)


def test_the_meldcode_through_step_5_lands_on_the_timeline(page, demo_data):
    worker = User.objects.get(username="jeugdprofessional")
    case = factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=1)
    login(page, "jeugdprofessional")
    page.goto(f"/casussen/{case.pk}/meldcode/")

    # Deciding before steps 2-4 is refused, in words that say what to do.
    _answer(page, 1, "Ja", "Blauwe plekken op armen, kind vertelt over klappen.")
    _answer(page, 2, "Nee", "Geen acuut gevaar; moeder zoekt zelf hulp.")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator("#besluit")).to_contain_text("Stap 2 tot en met 4 zijn nog niet allemaal vastgelegd")
    expect(page.get_by_label("Toelichting bij vraag 1")).to_have_value(
        "Blauwe plekken op armen, kind vertelt over klappen."
    )
    found = _violations(page)

    for step, note in (
        (2, "Besproken met aandachtsfunctionaris."),
        (3, "Gesprek met moeder."),
        (4, "Risico gewogen."),
    ):
        section = page.locator(f"#stap-{step}")
        section.get_by_text("Deze stap vastleggen").click()
        section.get_by_label("Verslag").fill(note)
        section.get_by_role("button", name="Stap opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("De meldcode is bijgewerkt.")
        expect(page.locator(f"#stap-{step}")).to_contain_text(note)

    _answer(page, 1, "Ja", "Blauwe plekken op armen, kind vertelt over klappen.")
    _answer(page, 2, "Nee", "Geen acuut gevaar; moeder zoekt zelf hulp.")
    _answer(page, 3, "Ja", "Gezinscoach via het jeugdteam, wekelijks.")
    _answer(page, 4, "Ja", "Moeder en vader tekenen de afspraken.")
    _answer(page, 5, "Ja", "Evaluatie na zes weken laat verbetering zien.")
    page.get_by_role("button", name="Besluit opslaan").click()
    decision = page.locator("#besluit")
    expect(decision).to_contain_text("Zelf hulp bieden of organiseren")
    expect(decision).to_contain_text("Melden bij Veilig Thuis is niet verplicht.")
    for question in QUESTIONS.values():
        expect(decision.locator("dt", has_text=question)).to_be_visible()
    expect(decision).to_contain_text("Moeder en vader tekenen de afspraken.")
    found += _violations(page)

    page.goto(f"/casussen/{case.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Meldcode: 2. Collegiale consultatie")
    expect(timeline).to_contain_text("Meldcode: 3. Gesprek met")
    expect(timeline).to_contain_text("Meldcode: 4.")
    expect(timeline).to_contain_text("Meldcode: stap 5, het besluit")
    expect(timeline).to_contain_text("Melden bij Veilig Thuis is niet verplicht.")
    timeline.get_by_role("link", name="Meldcode openen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldcode: de vijf stappen")
    assert not found, "\n".join(found)
