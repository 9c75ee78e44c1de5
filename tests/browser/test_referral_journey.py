from playwright.sync_api import expect


def _login(page, username: str) -> None:
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _logout(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()


def test_veilig_thuis_hands_over_and_the_team_takes_it_on(page, demo_data):
    _login(page, "veiligthuis")
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

    _login(page, "teamleider")
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

    _login(page, "jeugdprofessional")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn casussen").click()
    expect(page.get_by_role("cell", name="Gezin Verbeek")).to_be_visible()
