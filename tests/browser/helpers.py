from playwright.sync_api import expect


def login(page, username: str) -> None:
    """Log in through the login form as a demo user (password "demo") and wait until the page says so."""
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
