"""The team lead follows a count on the signals dashboard to the signals behind it (issue 15)."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import login

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [
        f"{page.url} {violation['id']}: {violation['help']}" for violation in results.response["violations"]
    ]


def test_a_count_on_the_dashboard_leads_to_its_signals(page, demo_data):
    login(page, "teamleider")
    page.goto("/casussen/signalen/")
    found = _violations(page)
    for table in ("Per regel", "Per regisseur"):
        page.goto("/casussen/signalen/")
        link = page.get_by_role("table", name=table).get_by_role(
            "link", name=re.compile(r"^\d+ open signa(al|len) ")
        )
        expect(link.first).to_be_visible()
        count = int(link.first.inner_text().split()[0])
        link.first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Open signalen")
        expect(page.locator("#flag-rows tbody tr")).to_have_count(count)
        expect(page.locator("#flag-count")).to_have_text(f"{count} open signa{'al' if count == 1 else 'len'}")
        found += _violations(page)
    # From a signal to the rule's page: its source in plain words, never a raw marker.
    page.locator("#flag-rows tbody tr").first.get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", name="Bron")).to_be_visible()
    assert "ASSUMPTION" not in page.content() and "REGIONAL" not in page.content()
    found += _violations(page)
    # The filter works without JavaScript too: choose a rule, and the list follows.
    page.goto("/casussen/signalen/lijst/")
    page.get_by_label("Regel").select_option(index=1)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"rule="))
    assert not found, "\n".join(found)
