"""The safety plan editor in a real browser: rows added and removed without a page load (htmx and
static/js/plan-editor.js), and the same form without JavaScript, where adding a row loses nothing typed."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import Team, User
from safetyplans.models import SafetyPlan
from safetyplans.selectors import plan_content
from tests import factories

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x)"
        for violation in Axe().run(page, options=WCAG).response["violations"]
    ]


def _open_a_new_plan(page):
    worker = User.objects.get(username="jeugdprofessional")
    case = factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=1)
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("jeugdprofessional")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"/veiligheidsplan/casus/{case.pk}/")
    page.get_by_role("button", name="Een veiligheidsplan beginnen").click()
    return case


def _rows(section):
    return section.locator(":scope > .rows__list > fieldset.row")


def _fill_worry(worry, who: str):
    worry.get_by_label("Wie maakt zich zorgen").fill(who)
    worry.get_by_label("Over welk gedrag").fill("Vader schreeuwt")
    worry.get_by_label("Wat gebeurt er met het kind als er niets verandert").fill("Noor is bang")
    worry.get_by_label("Veiligheidsdoel: wat iedereen ziet als het veilig genoeg is").fill(f"Rust ({who})")
    worry.get_by_label("Hoe lang").fill("drie maanden")


def _fill_agreement(row, who: str, what: str, when: str):
    row.get_by_label("Wie", exact=True).fill(who)
    row.get_by_label("Doet wat").fill(what)
    row.get_by_label("Wanneer en hoe vaak").fill(when)


def test_rows_are_added_and_removed_without_a_page_load(page, demo_data):
    case = _open_a_new_plan(page)
    page.evaluate("window.sameDocument = true")  # gone if the page loads again
    worries = page.locator("fieldset.rows").filter(has=page.locator("legend", has_text="Zorgen, doelen"))
    first = _rows(worries).nth(0)
    _fill_worry(first, "School")
    agreements = first.locator("fieldset.rows")

    agreements.get_by_role("button", name="Nog een afspraak toevoegen").click()
    expect(_rows(agreements)).to_have_count(2)
    expect(_rows(agreements).nth(1).get_by_label("Wie", exact=True)).to_be_focused()  # the new row
    agreements.get_by_role("button", name="Nog een afspraak toevoegen").click()
    expect(_rows(agreements)).to_have_count(3)
    # The editor moves the focus to the new row once htmx has settled it, a moment after the row is there.
    expect(_rows(agreements).nth(2).get_by_label("Wie", exact=True)).to_be_focused()
    _fill_agreement(_rows(agreements).nth(0), "Vader", "gaat een rondje lopen", "altijd")
    _fill_agreement(_rows(agreements).nth(1), "Oma", "belt moeder", "elke avond")
    _fill_agreement(_rows(agreements).nth(2), "Buurvrouw", "past op", "op woensdag")

    worries.get_by_role("button", name="Nog een zorg toevoegen").click()
    expect(_rows(worries)).to_have_count(2)
    expect(_rows(worries).nth(1).get_by_label("Wie maakt zich zorgen")).to_be_focused()
    worries.get_by_role("button", name="Nog een zorg toevoegen").click()
    expect(_rows(worries)).to_have_count(3)
    expect(_rows(worries).nth(2).get_by_label("Wie maakt zich zorgen")).to_be_focused()
    _fill_worry(_rows(worries).nth(1), "Veilig Thuis")
    _fill_agreement(_rows(worries).nth(1).locator("fieldset.row").first, "Moeder", "belt oma", "bij ruzie")
    _fill_worry(_rows(worries).nth(2), "De buren")

    _rows(agreements).nth(2).get_by_role("button", name="Afspraak 3 verwijderen").click()
    expect(_rows(agreements).nth(2)).to_be_hidden()
    expect(agreements.get_by_role("button", name="Nog een afspraak toevoegen")).to_be_focused()
    _rows(worries).nth(2).get_by_role("button", name="Zorg 3 verwijderen").click()
    expect(_rows(worries).nth(2)).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="Zorg 3 wordt verwijderd")).to_be_attached()
    assert page.evaluate("window.sameDocument === true")
    assert not _violations(page)

    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Oma: belt moeder (elke avond)")).to_be_visible()
    expect(page.get_by_text("Moeder: belt oma (bij ruzie)")).to_be_visible()
    worries_saved = plan_content(SafetyPlan.objects.get(case=case))["worries"]
    assert [worry["who_worried"] for worry in worries_saved] == ["School", "Veilig Thuis"]
    assert [a["who"] for a in worries_saved[0]["agreements"]] == ["Vader", "Oma"]


def test_without_javascript_a_row_is_added_by_the_button_and_nothing_typed_is_lost(
    browser, live_server, demo_data
):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    case = _open_a_new_plan(page)
    worry = page.locator("fieldset.row").first
    _fill_worry(worry, "School")
    _fill_agreement(worry.locator("fieldset.row").first, "Vader", "gaat een rondje lopen", "altijd")
    page.get_by_label("Wat gaat goed").fill("Oma is er elke dag")
    remove = worry.locator("fieldset.row").first.get_by_label("Afspraak 1 verwijderen")
    expect(remove).to_be_visible()  # the checkbox: there is no script to make it a button

    worry.get_by_role("button", name="Nog een afspraak toevoegen").click()
    worry = page.locator("fieldset.row").first
    expect(worry.get_by_label("Wie maakt zich zorgen")).to_have_value("School")
    expect(worry.locator("fieldset.row").first.get_by_label("Doet wat")).to_have_value(
        "gaat een rondje lopen"
    )
    expect(page.get_by_label("Wat gaat goed")).to_have_value("Oma is er elke dag")
    expect(worry.locator("fieldset.row")).to_have_count(2)
    expect(worry.locator("fieldset.row").nth(1).get_by_label("Wie", exact=True)).to_be_focused()
    expect(page.get_by_text("Dit veld is verplicht")).to_have_count(0)
    assert not SafetyPlan.objects.get(case=case).strengths  # nothing saved yet

    _fill_agreement(worry.locator("fieldset.row").nth(1), "Oma", "belt moeder", "elke avond")
    worry.locator("fieldset.row").first.get_by_label("Afspraak 1 verwijderen").check()
    page.get_by_label("Wie let op de afspraken").fill("Oma Gerda")
    page.get_by_label("Wie let op de afspraken").press("Enter")  # Enter saves; it does not add a row
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()
    content = plan_content(SafetyPlan.objects.get(case=case))
    assert content["worries"][0]["agreements"] == [
        {"who": "Oma", "what": "belt moeder", "when": "elke avond"}
    ]
    assert (content["strengths"], content["supervisor"]) == ("Oma is er elke dag", "Oma Gerda")
    context.close()


def test_text_typed_elsewhere_while_a_row_is_on_its_way_stays_where_it_was_typed(page, demo_data):
    _open_a_new_plan(page)
    worries = page.locator("fieldset.rows").filter(has=page.locator("legend", has_text="Zorgen, doelen"))
    held = []  # the add-row request waits here, as on a slow connection, until the text has been typed
    page.route(re.compile(r".*/bewerken/$"), lambda route: held.append(route))
    worries.get_by_role("button", name="Nog een zorg toevoegen").click()
    strengths = page.get_by_label("Wat gaat goed")
    strengths.click()
    strengths.press_sequentially("Oma is er elke dag")
    assert len(held) == 1
    held[0].continue_()
    expect(_rows(worries)).to_have_count(2)
    expect(_rows(worries).nth(1).get_by_label("Wie maakt zich zorgen")).to_have_value("")
    strengths.press_sequentially(", en de buurvrouw")
    expect(strengths).to_have_value("Oma is er elke dag, en de buurvrouw")
    expect(strengths).to_be_focused()
