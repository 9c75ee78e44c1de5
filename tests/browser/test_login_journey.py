from playwright.sync_api import expect


def test_youth_worker_logs_in_sees_home_and_logs_out(page, demo_data):
    page.goto("/")
    expect(page).to_have_url("/account/inloggen/?next=/")
    expect(page.get_by_role("heading", name="Inloggen bij Zicht")).to_be_visible()

    page.get_by_label("Gebruikersnaam").fill("jeugdprofessional")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Welkom, Sanne")).to_be_visible()
    expect(page.get_by_role("heading", name="Als Jeugdprofessional")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start")
    ).to_have_attribute("aria-current", "page")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="U bent uitgelogd")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Inloggen bij Zicht")).to_be_visible()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/account/uitgelogd/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
