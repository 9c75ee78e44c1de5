import re

from playwright.sync_api import expect

from tests.browser.helpers import login


def _logout(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()


def test_veilig_thuis_hands_over_and_the_team_takes_it_on(page, demo_data):
    login(page, "veiligthuis")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuwe overdracht").click()
    page.get_by_label("Kenmerk Veilig Thuis").fill("VT-2026-7777")
    page.get_by_label("Wat is er gebeurd").fill("Politie-inzet na huiselijk geweld; twee kinderen thuis.")
    first = page.locator("fieldset.person").nth(0)
    first.get_by_label("Voornaam").fill("Lotte")
    first.get_by_label("Achternaam").fill("Verbeek")
    first.get_by_label("Geboortedatum").fill("2017-05-04")
    second = page.locator("fieldset.person").nth(1)
    second.get_by_label("Voornaam").fill("Marco")
    second.get_by_label("Achternaam").fill("Verbeek")
    second.get_by_label("Geboortedatum").fill("1986-01-20")
    second.get_by_label("Rol in het gezin").select_option("parent")
    page.get_by_label("Straat").fill("Westzijde")
    page.get_by_label("Huisnummer").fill("10")
    page.get_by_label("Postcode").fill("1506 EA")
    page.get_by_label("Plaats").fill("Zaandam")
    page.get_by_label("Gemeente").select_option(label="Zaanstad")
    page.get_by_label("Veiligheidsvoorwaarden").fill(
        "Vader gebruikt geen geweld.\nMoeder belt 112 bij dreiging."
    )
    page.get_by_role("button", name="Versturen naar het team").click()
    expect(page.get_by_text("De overdracht is verstuurd naar Team Zaandam-Oost.")).to_be_visible()
    _logout(page)

    login(page, "teamleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overdrachten").click()
    page.get_by_role("link", name="VT-2026-7777").click()
    expect(page.get_by_text("Politie-inzet na huiselijk geweld")).to_be_visible()
    page.get_by_role("link", name="Accepteren en het gezin koppelen").click()
    page.get_by_label("Een nieuw gezin in Zicht, gemaakt uit deze overdracht").check()
    page.get_by_label("Regisseur").select_option(label="Sanne de Vries")
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_text("Zicht op veiligheid ligt nu bij uw team")).to_be_visible()
    expect(page.get_by_role("heading", name="Gezin Verbeek", level=1)).to_be_visible()
    _logout(page)

    login(page, "jeugdprofessional")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn casussen").click()
    expect(page.get_by_role("cell", name="Gezin Verbeek")).to_be_visible()


def test_the_handover_form_takes_a_fifth_and_sixth_person_without_losing_what_was_typed(page, demo_data):
    login(page, "veiligthuis")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuwe overdracht").click()
    page.get_by_label("Kenmerk Veilig Thuis").fill("VT-2026-8888")
    page.get_by_label("Wat is er gebeurd").fill("Grote familie; politie-inzet na ruzie.")
    page.evaluate("window.stillTheSamePage = true")  # gone if adding a person reloads the page
    people = [
        ("Lotte", "2015-01-01", "child"), ("Bram", "2016-02-02", "child"), ("Fenna", "2017-03-03", "child"),
        ("Joep", "2018-04-04", "child"), ("Marco", "1980-05-05", "parent"), ("Ilse", "1982-06-06", "parent"),
    ]  # fmt: skip
    rows = page.locator("fieldset.person")
    for number, (given_name, birth_date, relation) in enumerate(people, start=1):
        if rows.count() < number:
            page.get_by_role("button", name="Persoon toevoegen").click()
        row = page.get_by_role("group", name=f"Persoon {number}", exact=True)
        if number > 2:
            expect(row.get_by_label("Voornaam")).to_be_focused()  # the new row, ready to type in
        row.get_by_label("Voornaam").fill(given_name)
        row.get_by_label("Achternaam").fill("de Groot")
        row.get_by_label("Geboortedatum").fill(birth_date)
        row.get_by_label("Rol in het gezin").select_option(relation)
    assert page.evaluate("window.stillTheSamePage === true")
    expect(rows).to_have_count(6)
    expect(page.get_by_label("Wat is er gebeurd")).to_have_value("Grote familie; politie-inzet na ruzie.")
    for number, (given_name, _birth_date, _relation) in enumerate(people, start=1):
        expect(
            page.get_by_role("group", name=f"Persoon {number}", exact=True).get_by_label("Voornaam")
        ).to_have_value(given_name)
    page.get_by_label("Straat").fill("Westzijde")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Postcode").fill("1506 EA")
    page.get_by_label("Plaats").fill("Zaandam")
    page.get_by_label("Gemeente").select_option(label="Zaanstad")
    page.get_by_label("Veiligheidsvoorwaarden").fill("Vader gebruikt geen geweld.")
    page.get_by_role("button", name="Versturen naar het team").click()
    expect(page.get_by_text("De overdracht is verstuurd naar Team Zaandam-Oost.")).to_be_visible()
    for given_name, _birth_date, _relation in people:
        expect(page.get_by_text(f"{given_name} de Groot")).to_be_visible()


def test_forwarding_lands_on_the_inbox_with_where_it_went(page, demo_data):
    login(page, "teamleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overdrachten").click()
    page.get_by_role("link", name="VT-2026-0102").click()
    forward = page.locator("details").filter(has_text="Doorsturen naar een ander team")
    forward.get_by_text("Doorsturen naar een ander team").click()
    forward.get_by_label("Naar team").select_option(label="Team Zaandam-West (Jeugdteam Zaanstad)")
    forward.get_by_label("Reden").fill("Het gezin woont in Zaandam-West.")
    forward.get_by_role("button", name="Doorsturen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/overdrachten/inbox/$"))
    expect(page.get_by_text("Overdracht VT-2026-0102 doorgestuurd naar Team Zaandam-West.")).to_be_visible()
    forwarded = page.get_by_role("region", name="Doorgestuurd door uw team")
    expect(forwarded.get_by_role("row").filter(has_text="VT-2026-0102")).to_contain_text(
        "Het gezin woont in Zaandam-West."
    )
