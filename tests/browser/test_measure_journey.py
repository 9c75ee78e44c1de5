from playwright.sync_api import expect

from accounts.models import Team, User
from cases import services
from tests import factories
from tests.browser.helpers import login


def test_the_jeugdbeschermer_takes_over_after_the_measure_and_logs_a_contact(page, demo_data):
    worker = User.objects.get(username="jeugdprofessional")
    case = factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=1)
    services.case_transition(
        case=case, to="voluntary", by=worker, reason="Start", expected_version=case.version
    )

    login(page, "jeugdbeschermer")
    page.goto(f"/casussen/{case.pk}/")
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "jeugdprofessional")
    page.goto(f"/casussen/{case.pk}/maatregelen/")
    page.get_by_label("Maatregel", exact=True).select_option("supervision")
    page.get_by_label(factories.children_of(case)[0].full_name).check()
    page.get_by_label("Datum van het besluit").fill("2026-11-20")
    page.get_by_label("Gaat in op").fill("2026-11-20")
    page.get_by_label("Loopt af op").fill("2027-11-19")
    page.get_by_label("Jeugdbeschermer (GI)").select_option(label="Kees Visser")
    page.get_by_role("button", name="Maatregel vastleggen").click()
    expect(page.get_by_text("De maatregel is vastgelegd; de GI heeft nu de regie.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "jeugdbeschermer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn casussen").click()
    page.get_by_role("link", name=case.number).click()
    expect(page.locator("#case-header")).to_contain_text("Gedwongen kader")
    expect(page.locator("#case-header")).to_contain_text("Kees Visser")
    form = page.locator("#contact-form")
    form.get_by_label("Verslag").fill("Eerste kennismaking als jeugdbeschermer.")
    form.get_by_role("button", name="Contactmoment opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het contactmoment is opgeslagen.")
    expect(page.locator("#timeline")).to_contain_text("Eerste kennismaking als jeugdbeschermer.")
