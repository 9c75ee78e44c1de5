"""The report in a real browser: the municipality's figures on the demo year, charts and tables, axe-clean."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import login

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [f"{violation['id']}: {violation['help']}" for violation in results.response["violations"]]


def test_the_municipality_reads_its_figures_as_charts_and_tables(page, demo_data):
    login(page, "gemeente")
    page.goto("/rapportages/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportage")
    funnel = page.get_by_role("img", name="Van overdracht tot maatregel")
    expect(funnel).to_be_visible()
    expect(page.get_by_role("table", name="Van overdracht tot maatregel")).to_contain_text("Totaal")
    assert page.locator("svg[role=img] title").count() >= 6
    assert page.locator("svg[role=img] desc").count() == page.locator("svg[role=img] title").count()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()  # shown where JavaScript runs
    assert _violations(page) == []

    page.get_by_label("Periode").select_option(label="Kwartaal")
    page.get_by_label("Kwartaal (bij een kwartaal)").select_option(label="1e kwartaal")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1e kwartaal")
    assert _violations(page) == []


def test_bad_input_is_explained_on_the_page(page, demo_data):
    login(page, "teamleider")
    page.goto("/rapportages/?days=0")
    expect(page.get_by_role("alert")).to_contain_text("Deze cijfers kunnen nog niet getoond worden")
    expect(page.get_by_label("Kinderen niet gezien na (dagen)")).to_have_attribute("aria-invalid", "true")
    assert _violations(page) == []
