"""The privacy officer in a real browser: a family's copy after confirming the password, the answer recorded,
and a file past its term destroyed by two people. Every page axe-clean (WCAG 2.1 AA)."""

import io

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from privacy.models import DestructionRecord
from tests.browser.helpers import login

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [f"{violation['id']}: {violation['help']}" for violation in results.response["violations"]]


def test_a_copy_for_the_family_is_made_after_the_password_and_handed_over(page, demo_data):
    login(page, "privacy")
    page.goto("/privacy/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Privacy")
    expect(page.locator("main")).to_contain_text("te laat")  # the demo's objection, answered too late
    assert _violations(page) == []

    page.get_by_role("link", name="Inzage en kopie").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inzage en kopie")
    assert _violations(page) == []
    page.get_by_role("button", name="Kopie maken (PDF)").click()
    # First the password again: a copy of a file is never made on a session alone.
    expect(page.get_by_label("Wachtwoord")).to_be_visible()
    assert _violations(page) == []
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("button", name="Kopie maken (PDF)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Kopie maken (PDF)").click()
    with open(download.value.path(), "rb") as file:
        pdf = PdfReader(io.BytesIO(file.read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Wie heeft dit dossier ingezien" in text

    page.reload()
    page.get_by_text("Toegewezen", exact=True).click()
    page.get_by_label("Informatie over anderen beoordeeld").check()
    page.get_by_label("Kopie overhandigd op").fill(page.get_by_label("Beantwoord op").input_value())
    page.get_by_label("Hoe de kopie is overhandigd").fill("Afgegeven aan de balie, legitimatie gezien")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator("main")).to_contain_text("Afgegeven aan de balie")
    assert _violations(page) == []


def test_a_file_past_its_term_is_destroyed_only_after_two_people_confirm(browser, live_server, demo_data):
    pages = {}
    for username in ("privacy", "privacy2"):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        pages[username] = context.new_page()
        pages[username].set_default_timeout(10_000)
        login(pages[username], username)

    first = pages["privacy"]
    first.goto("/privacy/vernietiging/")
    expect(first.get_by_role("heading", level=1)).to_contain_text("vernietiging")
    assert _violations(first) == []
    first.locator("main table a").first.click()
    number = first.get_by_role("heading", level=1).inner_text().split()[-1]
    assert _violations(first) == []
    first.get_by_role("button", name="Bevestigen").click()
    expect(first.locator("main")).to_contain_text("Een tweede privacyfunctionaris moet ook bevestigen")
    assert not DestructionRecord.objects.exists()

    second = pages["privacy2"]
    second.goto("/privacy/vernietiging/")
    second.get_by_role("link", name=number, exact=True).click()
    second.get_by_role("button", name="Bevestigen").click()
    second.goto("/privacy/vernietigd/")
    expect(second.locator("main")).to_contain_text(number)
    assert _violations(second) == []
    assert DestructionRecord.objects.get().case.number == number
    for page in pages.values():
        page.context.close()
