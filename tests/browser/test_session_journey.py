"""The session's idle limit in a real browser: nothing typed is lost when it ends, and the warning before it
keeps the user logged in. The Content-Security-Policy is on throughout: htmx and session.js must work under it.

The session is aged by rewriting its stored timestamps in the database, as the server would see time pass."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from accounts.models import Team, User
from accounts.session import ACTIVITY_RESOLUTION, LAST_ACTIVITY
from cases.models import Contact
from tests import factories

NOTE = "Moeder vertelde uitgebreid over de nacht; de kinderen sliepen bij oma."


@pytest.fixture
def case(demo_data):
    worker = User.objects.get(username="jeugdprofessional")
    return factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=2)


def _login(page):
    page.get_by_label("Gebruikersnaam").fill("jeugdprofessional")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()


def _age_session(page, seconds: float):
    """Move the session's last activity that many seconds into the past."""
    key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()


def _watch_csp(page) -> list[str]:
    refused = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refused.append(message.text)
    )
    return refused


def test_a_contact_note_typed_when_the_session_ended_comes_back_after_logging_in(page, case):
    refused = _watch_csp(page)
    page.goto(f"/casussen/{case.pk}/")
    _login(page)
    form = page.locator("#contact-form")
    form.get_by_label("Verslag").fill(NOTE)
    _age_session(page, 15 * 60 + 5)  # the worker went for coffee; the session ended on the server

    form.get_by_role("button", name="Contactmoment opslaan").click()

    # htmx does not put the login form inside the contact panel: the whole page goes to the login page.
    expect(page.get_by_role("heading", name="Inloggen bij Zicht", level=1)).to_be_visible()
    expect(page.get_by_text("U bent uitgelogd omdat u 15 minuten niet actief was.")).to_be_visible()
    assert not Contact.objects.filter(note=NOTE).exists()
    _login(page)

    expect(page).to_have_url(f"/casussen/{case.pk}/")
    expect(page.get_by_text("Uw tekst is bewaard; controleer en verstuur opnieuw.")).to_be_visible()
    expect(form.get_by_label("Verslag")).to_have_value(NOTE)
    form.get_by_role("button", name="Contactmoment opslaan").click()
    expect(page.locator("#timeline .timeline__entry").first).to_contain_text(NOTE)
    assert Contact.objects.filter(case=case, note=NOTE).count() == 1
    assert not refused, refused


def test_unsent_text_is_kept_when_the_page_sees_the_session_end(page, case, settings):
    settings.SESSION_IDLE_MINUTES = 1
    page.goto(f"/casussen/{case.pk}/")
    _login(page)
    # Idle for 55 of the 60 seconds already; this page view does not reset it (activity is stored per minute).
    _age_session(page, 55)
    page.goto(f"/casussen/{case.pk}/")
    page.locator("#contact-form").get_by_label("Verslag").fill(NOTE)

    expect(page.get_by_text("U bent uitgelogd omdat u 1 minuut niet actief was.")).to_be_visible(
        timeout=15_000
    )
    _login(page)

    expect(page).to_have_url(f"/casussen/{case.pk}/")
    expect(page.locator("#contact-form").get_by_label("Verslag")).to_have_value(NOTE)


def test_the_warning_before_the_end_keeps_the_user_logged_in(page, case, settings):
    settings.SESSION_IDLE_MINUTES = 3
    refused = _watch_csp(page)
    page.goto(f"/casussen/{case.pk}/")
    _login(page)
    _age_session(page, ACTIVITY_RESOLUTION - 5)  # not stored anew on the next view: about 2 minutes left
    page.goto(f"/casussen/{case.pk}/")

    dialog = page.get_by_role("alertdialog", name="Uw sessie verloopt over 2 minuten")
    expect(dialog).to_be_visible(timeout=15_000)
    stay = dialog.get_by_role("button", name="Ingelogd blijven")
    expect(stay).to_be_focused()
    stay.click()

    expect(dialog).to_be_hidden()
    key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    assert time.time() - SessionStore(session_key=key)[LAST_ACTIVITY] < 10
    assert not refused, refused
