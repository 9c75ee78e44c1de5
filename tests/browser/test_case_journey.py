from playwright.sync_api import expect

from accounts.models import Team, User
from tests import factories


def test_youth_worker_logs_a_home_visit_and_sees_it_on_top(page, demo_data):
    worker = User.objects.get(username="jeugdprofessional")
    case = factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=2)
    older, younger = factories.children_of(case)

    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("jeugdprofessional")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn casussen").click()
    page.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", name=case.family.name, level=1)).to_be_visible()

    form = page.locator("#contact-form")
    expect(form.get_by_label("Soort contact")).to_have_value("home_visit")
    expect(form.get_by_label(older.full_name).first).to_be_checked()
    expect(form.get_by_label(younger.full_name).first).to_be_checked()
    form.get_by_label("Verslag").fill("Beide kinderen thuis gezien, sfeer ontspannen.")
    form.get_by_role("button", name="Contactmoment opslaan").click()

    expect(page.get_by_role("status")).to_contain_text("Het contactmoment is opgeslagen.")
    first_entry = page.locator("#timeline .timeline__entry").first
    expect(first_entry).to_contain_text("Huisbezoek")
    expect(first_entry).to_contain_text(f"Gezien: {older.given_name}, {younger.given_name}")
    expect(first_entry).to_contain_text("Beide kinderen thuis gezien, sfeer ontspannen.")
    expect(page.locator("#case-header")).to_contain_text("(vandaag)")
