import io

from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Team, User
from tests import factories


def test_draft_a_plan_record_agreement_and_download_the_pdf(page, demo_data):
    worker = User.objects.get(username="jeugdprofessional")
    case = factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=1)

    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("jeugdprofessional")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"/casussen/{case.pk}/")
    page.get_by_role("link", name="Veiligheidsplan").click()
    page.get_by_role("button", name="Een veiligheidsplan beginnen").click()

    worry = page.locator("fieldset.row").first
    worry.get_by_label("Wie maakt zich zorgen").fill("School")
    worry.get_by_label("Over welk gedrag").fill("Vader schreeuwt")
    worry.get_by_label("Wat gebeurt er met het kind als er niets verandert").fill("Noor is bang")
    worry.get_by_label("Veiligheidsdoel: wat iedereen ziet als het veilig genoeg is").fill(
        "Het blijft rustig thuis"
    )
    worry.get_by_label("Hoe lang").fill("drie maanden")
    agreement = worry.locator("fieldset.row").first
    agreement.get_by_label("Wie", exact=True).fill("Vader")
    agreement.get_by_label("Doet wat").fill("gaat wandelen als hij boos is")
    agreement.get_by_label("Wanneer en hoe vaak").fill("altijd")
    network = page.locator("input[name='network-0-name']")
    network.fill("Oma Gerda")
    page.locator("input[name='network-0-relation']").fill("oma")
    page.locator("input[name='network-0-phone']").fill("06-11112222")
    page.locator("input[name='network-0-child_can_call']").check()
    page.get_by_label("Wie let op de afspraken").fill("Oma Gerda")
    page.get_by_label("Evaluatiedatum").fill("2027-01-15")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()

    page.get_by_label("Persoonlijk, in een gesprek").check()
    page.get_by_label("Afgesproken met").fill("moeder en vader")
    page.get_by_role("button", name="Deze versie vaststellen").click()
    expect(page.get_by_text("Versie 1 is vastgesteld.")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Het blijft rustig thuis" in text
    assert "gaat wandelen als hij boos is" in text
    assert "Oma Gerda" in text
