"""A login ends after SESSION_IDLE_MINUTES without activity, and at the latest SESSION_COOKIE_AGE after logging
in; a form posted after that is never processed, and htmx never gets the login form inside a panel.

Time is moved by rewriting the timestamps stored in the session, never by mocking the clock in our code."""

import time

import pytest
from django.test import Client

from accounts.session import LAST_ACTIVITY, LOGIN_AT
from cases.models import Contact
from tests.test_case_views import _contact_form

pytestmark = pytest.mark.django_db

KEEP_ALIVE = "/account/sessie/verlengen/"
IDLE_MESSAGE = "U bent uitgelogd omdat u 15 minuten niet actief was."


@pytest.fixture
def as_worker(client, worker):
    client.force_login(worker)
    return client


def _set(client, **seconds_ago):
    """Pretend that the login (login_at) or the last activity (last_activity) was that many seconds ago."""
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"login_at": LOGIN_AT, "last_activity": LAST_ACTIVITY}[key]] = now - ago
    session.save()


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_session_idle_for_the_limit_is_logged_out_with_a_dutch_message(as_worker, a_case):
    case_page = f"/casussen/{a_case.pk}/"
    assert as_worker.get(case_page).status_code == 200
    _set(as_worker, last_activity=15 * 60 + 5)

    response = as_worker.get(case_page)

    assert response.status_code == 302
    assert response["Location"] == f"/account/inloggen/?next={case_page}"
    assert not _logged_in(as_worker)
    login_page = as_worker.get(response["Location"]).content.decode()
    assert IDLE_MESSAGE in login_page
    assert 'name="password"' in login_page


def test_the_idle_limit_follows_the_setting(as_worker, a_case, settings):
    settings.SESSION_IDLE_MINUTES = 5
    _set(as_worker, last_activity=4 * 60)
    assert as_worker.get(f"/casussen/{a_case.pk}/").status_code == 200

    _set(as_worker, last_activity=5 * 60 + 5)
    response = as_worker.get(f"/casussen/{a_case.pk}/", follow=True)
    assert not _logged_in(as_worker)
    assert "U bent uitgelogd omdat u 5 minuten niet actief was." in response.content.decode()


def test_activity_keeps_the_session_going(as_worker, a_case):
    case_page = f"/casussen/{a_case.pk}/"
    # Two stretches of 14 quiet minutes, with a click in between: 28 minutes in all, never 15 idle.
    _set(as_worker, login_at=28 * 60, last_activity=14 * 60)
    assert as_worker.get(case_page).status_code == 200
    assert time.time() - as_worker.session[LAST_ACTIVITY] < 5
    _set(as_worker, last_activity=14 * 60)
    response = as_worker.get(case_page)
    assert response.status_code == 200
    assert _logged_in(as_worker)
    assert 0 < int(response["X-Session-Remaining"]) <= 15 * 60


def test_background_requests_do_not_count_as_activity(as_worker, a_case):
    _set(as_worker, last_activity=10 * 60)
    before = as_worker.session[LAST_ACTIVITY]
    assert as_worker.get(f"/casussen/{a_case.pk}/", HTTP_X_ZICHT_BACKGROUND="1").status_code == 200
    assert as_worker.session[LAST_ACTIVITY] == before

    _set(as_worker, last_activity=15 * 60 + 5)
    as_worker.get(f"/casussen/{a_case.pk}/", HTTP_X_ZICHT_BACKGROUND="1")
    assert not _logged_in(as_worker)


def test_the_maximum_from_login_still_applies_however_active(as_worker, a_case, settings):
    login_at = as_worker.session[LOGIN_AT]
    as_worker.get(f"/casussen/{a_case.pk}/")
    assert as_worker.session[LOGIN_AT] == login_at  # activity never moves the start

    _set(as_worker, login_at=settings.SESSION_COOKIE_AGE + 1, last_activity=10)
    response = as_worker.get(f"/casussen/{a_case.pk}/", follow=True)

    assert not _logged_in(as_worker)
    assert "een inlog hoogstens 9 uur duurt" in response.content.decode()


def test_keep_alive_refreshes_the_activity_and_answers_the_time_left(worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    client.get("/")  # the page that shows the dialog sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.get(KEEP_ALIVE).status_code == 405
    assert client.post(KEEP_ALIVE).status_code == 403  # no CSRF token
    _set(client, last_activity=14 * 60)

    response = client.post(KEEP_ALIVE, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert 15 * 60 - 5 <= response.json()["remaining"] <= 15 * 60
    assert response.json()["at_login_limit"] is False
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_keep_alive_cannot_revive_an_ended_session(as_worker, settings):
    _set(as_worker, last_activity=15 * 60 + 5)
    response = as_worker.post(KEEP_ALIVE)
    assert response.status_code == 401
    assert not _logged_in(as_worker)


def test_keep_alive_near_the_maximum_gives_only_what_is_left(as_worker, settings):
    _set(as_worker, login_at=settings.SESSION_COOKIE_AGE - 60)
    answer = as_worker.post(KEEP_ALIVE).json()
    assert 55 <= answer["remaining"] <= 60
    assert answer["at_login_limit"] is True


def test_an_htmx_post_after_the_session_ended_gets_hx_redirect_not_the_login_form(as_worker, a_case):
    case_page = f"/casussen/{a_case.pk}/"
    _set(as_worker, last_activity=15 * 60 + 5)

    response = as_worker.post(
        f"/casussen/{a_case.pk}/contact/",
        _contact_form(a_case, note="Lang verslag dat niet verloren mag gaan"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{case_page}",
    )

    assert response.status_code == 401
    assert response["HX-Redirect"] == f"/account/inloggen/?next={case_page.replace('/', '%2F')}"
    assert b"password" not in response.content
    assert not Contact.objects.exists()
    assert not _logged_in(as_worker)
    assert IDLE_MESSAGE in as_worker.get(response["HX-Redirect"]).content.decode()


def test_an_htmx_request_without_a_login_gets_hx_redirect(client, a_case):
    response = client.post(
        f"/casussen/{a_case.pk}/contact/",
        _contact_form(a_case),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/casussen/{a_case.pk}/",
    )
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith("/account/inloggen/?next=")
    assert not Contact.objects.exists()

    # A page address of another site is never where the login leads.
    response = client.post(
        f"/casussen/{a_case.pk}/contact/",
        _contact_form(a_case),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="https://elders.example/casussen/",
    )
    assert "elders" not in response["HX-Redirect"]


def test_a_plain_post_after_the_session_ended_is_refused_and_the_login_leads_back_to_the_page(
    as_worker, a_case
):
    case_page = f"/casussen/{a_case.pk}/"
    _set(as_worker, last_activity=15 * 60 + 5)

    response = as_worker.post(
        f"/casussen/{a_case.pk}/contact/", _contact_form(a_case), HTTP_REFERER=f"http://testserver{case_page}"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/account/inloggen/?next={case_page.replace('/', '%2F')}"
    assert not Contact.objects.exists()
    after_login = as_worker.post(response["Location"], {"username": "sanne", "password": "demo"})
    assert after_login["Location"] == case_page
