"""Veilig Thuis follows the families it monitors: the moments due, overdue first, and recording one."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import login

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [f"{page.url} {v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in results.response["violations"]]


def test_veilig_thuis_sees_the_overdue_moment_first_and_records_it(page, demo_data):
    login(page, "veiligthuis")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    expect(page.get_by_role("heading", name="Openstaande monitormomenten", level=1)).to_be_visible()
    found = _violations(page)

    rows = page.get_by_role("region", name="Openstaande monitormomenten").locator("tbody tr")
    # The demo: VT-2026-0107's 3 months passed a week ago; its 6 months, and 0108's, are still to come.
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("VT-2026-0107")
    expect(rows.nth(0)).to_contain_text("te laat")
    expect(rows.nth(0)).to_contain_text("3 maanden na acceptatie")
    for later in (1, 2):
        expect(rows.nth(later)).not_to_contain_text("te laat")
        expect(rows.nth(later)).to_contain_text("6 maanden na acceptatie")

    rows.nth(0).get_by_role("link", name=re.compile("^Vastleggen")).click()
    expect(page.get_by_role("heading", name="Voorwaarden en monitoring", level=1)).to_be_visible()
    found += _violations(page)
    form = page.locator("form").filter(has=page.get_by_role("radio", name="Deels nageleefd")).first
    form.get_by_role("radio", name="Deels nageleefd").check()
    form.get_by_label("Verslag").fill("Huisbezoek gehad; vader houdt zich aan de afspraken, moeder twijfelt.")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("De uitkomst van de monitoring is vastgelegd.")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_text("te laat")).to_have_count(0)
    assert not found, "\n".join(found)


def test_a_moment_months_ahead_asks_why_before_it_is_recorded(page, demo_data):
    login(page, "veiligthuis")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    rows = page.locator("tbody tr")
    rows.filter(has_text="6 maanden").first.get_by_role("link", name=re.compile("^Vastleggen")).click()
    form = page.locator("form").filter(has_text="waarom nu al vastleggen?").last
    form.get_by_role("radio", name="Voorwaarden nageleefd", exact=True).check()
    form.get_by_label("Verslag").fill("Alles rustig volgens school.")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("geef aan waarom u het nu al vastlegt")).to_be_visible()
    found = _violations(page)
    form = page.locator("form").filter(has_text="waarom nu al vastleggen?").last
    expect(form.get_by_label("Verslag")).to_have_value("Alles rustig volgens school.")  # nothing lost
    expect(form.get_by_role("radio", name="Voorwaarden nageleefd", exact=True)).to_be_checked()
    form.get_by_label(re.compile("waarom nu al vastleggen")).fill("Gezin verhuist volgende maand.")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("De uitkomst van de monitoring is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Gezin verhuist volgende maand.")).to_be_visible()
    assert not found, "\n".join(found)
