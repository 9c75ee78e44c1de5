"""Re-authentication before a bulk export or a copy of a file (issue 17): the password again, and the
two-step code where the user has an authenticator app; it counts for REAUTHENTICATION_MINUTES.

Everything goes through HTTP with the real login, the real confirm page and django-axes in the way.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.reauth import REAUTHENTICATED_AT, reauthentication_required
from tests import factories

pytestmark = pytest.mark.django_db

CONFIRM = "/account/bevestigen/"
ACCESS_LOG_CSV = "/account/inzagelog/export.csv"
REPORT_CSV = "/rapportages/export.csv"
WHY = "U maakt een kopie of export van gegevens over mensen. Bevestig eerst dat u het bent."


# A POST view guarded like the privacy app's copy of a file, for the tests marked with this module's URLs.
@require_POST
@reauthentication_required
def _copy(request):
    return HttpResponse("kopie gemaakt")


urlpatterns = [path("test-kopie/", _copy), path("", include("config.urls"))]


def _next(response) -> str:
    location = urlsplit(response["Location"])
    assert location.path == CONFIRM, response["Location"]
    return parse_qs(location.query)["next"][0]


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows (``steps_ahead``: the next one, as a code is only accepted once)."""
    return (
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"
    )


@pytest.fixture
def officer(client, login, privacy_officer, a_case):
    """The privacy officer, logged in through the login form, about to export the log of a case."""
    assert login(privacy_officer.username).status_code == 302
    return privacy_officer


# --- The exports ask first ---------------------------------------------------------------------------


def test_the_access_log_export_asks_for_the_password_then_downloads(client, officer, a_case):
    export = f"{ACCESS_LOG_CSV}?case_number={a_case.number}"
    response = client.get(export)
    assert response.status_code == 302
    assert _next(response) == export

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bevestig dat u het bent" in text and WHY in text
    assert f'name="next" value="{ACCESS_LOG_CSV}?case_number={a_case.number}"' in text
    assert 'name="token"' not in text  # no authenticator app: the password is enough

    confirmed = client.post(CONFIRM, {"password": "demo", "next": export})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == export
    download = client.get(confirmed["Location"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="inzagelog.csv"' in download["Content-Disposition"]


def test_the_report_export_asks_for_the_password_then_downloads(client, login, lead):
    login(lead.username)
    response = client.get(REPORT_CSV, {"year": "2025"})
    assert response.status_code == 302
    assert _next(response) == f"{REPORT_CSV}?year=2025"
    confirmed = client.post(CONFIRM, {"password": "demo", "next": _next(response)})
    download = client.get(confirmed["Location"])
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"


def test_who_may_not_export_is_refused_without_being_asked(client, login, worker, lead):
    login(worker.username)  # no report, no access log: 404 and 403 as before, no password asked
    assert client.get(REPORT_CSV, {"year": "2025"}).status_code == 404
    assert client.get(ACCESS_LOG_CSV, {"case_number": "Z-2026-00001"}).status_code == 403
    client.post("/account/uitloggen/")
    login(lead.username)
    assert client.get(ACCESS_LOG_CSV, {"case_number": "Z-2026-00001"}).status_code == 403


def test_the_confirm_page_needs_a_login(client, db):
    response = client.get(CONFIRM)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


# --- Wrong password, time running out, another login -------------------------------------------------


def test_a_wrong_password_gets_a_dutch_message_and_no_export(client, officer, a_case):
    export = f"{ACCESS_LOG_CSV}?case_number={a_case.number}"
    response = client.post(CONFIRM, {"password": "not-the-password", "next": export})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dit wachtwoord klopt niet." in text
    assert "Niet bevestigd: controleer wat u hebt ingevuld." in text
    assert REAUTHENTICATED_AT not in client.session
    assert client.get(export).status_code == 302

    empty = client.post(CONFIRM, {"password": "", "next": export})
    assert empty.status_code == 200
    assert "Dit veld is verplicht." in empty.content.decode()
    assert client.get(export).status_code == 302


def test_the_password_of_the_user_logged_in_counts_not_anothers(client, officer, a_case):
    other = factories.user("bram")
    other.set_password("bram-own-password-1")
    other.save()
    response = client.post(CONFIRM, {"password": "bram-own-password-1"})
    assert "Dit wachtwoord klopt niet." in response.content.decode()
    assert client.get(ACCESS_LOG_CSV, {"case_number": a_case.number}).status_code == 302


def test_after_the_minutes_have_passed_it_asks_again(client, officer, a_case, reauthenticate, settings):
    settings.REAUTHENTICATION_MINUTES = 5
    reauthenticate()
    query = {"case_number": a_case.number}
    assert client.get(ACCESS_LOG_CSV, query).status_code == 200

    session = client.session
    session[REAUTHENTICATED_AT] -= 4 * 60  # four minutes ago: still counts
    session.save()
    assert client.get(ACCESS_LOG_CSV, query).status_code == 200

    session = client.session
    session[REAUTHENTICATED_AT] -= 60  # five minutes ago: no longer
    session.save()
    assert client.get(ACCESS_LOG_CSV, query).status_code == 302

    reauthenticate()
    assert client.get(ACCESS_LOG_CSV, query).status_code == 200
    settings.REAUTHENTICATION_MINUTES = 0  # nothing counts: every export asks
    assert client.get(ACCESS_LOG_CSV, query).status_code == 302


def test_a_confirmation_belongs_to_the_login(client, login, officer, a_case, reauthenticate, privacy_officer):
    reauthenticate()
    query = {"case_number": a_case.number}
    assert client.get(ACCESS_LOG_CSV, query).status_code == 200
    client.post("/account/uitloggen/")
    login(privacy_officer.username)
    assert client.get(ACCESS_LOG_CSV, query).status_code == 302


# --- The two-step code -------------------------------------------------------------------------------


def test_a_user_with_an_authenticator_app_gives_the_code_too(client, officer, a_case):
    device = TOTPDevice.objects.create(user=officer, name="Zicht", confirmed=True)
    export = f"{ACCESS_LOG_CSV}?case_number={a_case.number}"
    page = client.get(CONFIRM, {"next": export}).content.decode()
    assert 'name="token"' in page and "Code uit uw authenticator-app" in page

    no_code = client.post(CONFIRM, {"password": "demo", "next": export})
    assert no_code.status_code == 200
    assert "Dit veld is verplicht." in no_code.content.decode()
    wrong_code = client.post(CONFIRM, {"password": "demo", "token": "000000", "next": export})
    assert wrong_code.status_code == 200
    assert "Deze code klopt niet" in wrong_code.content.decode()
    wrong_password = client.post(CONFIRM, {"password": "wrong", "token": _code(device), "next": export})
    assert "Dit wachtwoord klopt niet." in wrong_password.content.decode()
    assert client.get(export).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited after the wrong code
    right = client.post(CONFIRM, {"password": "demo", "token": _code(device), "next": export})
    assert right.status_code == 302 and right["Location"] == export
    assert client.get(export).status_code == 200


def test_with_two_step_login_required_the_code_at_login_is_not_enough(
    client, login, privacy_officer, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    device = TOTPDevice.objects.create(user=privacy_officer, name="Zicht", confirmed=True)
    login(privacy_officer.username)
    # The confirm page needs the full login first: the two-step page comes before it.
    before = client.get(CONFIRM)
    assert before.status_code == 302 and before["Location"].startswith("/account/tweestaps/")
    at_login = _code(device)
    assert client.post("/account/tweestaps/", {"token": at_login}).status_code == 302

    query = {"case_number": "Z-2026-00001"}
    assert client.get(ACCESS_LOG_CSV, query).status_code == 302
    again = client.post(CONFIRM, {"password": "demo", "token": at_login})  # a code counts only once
    assert "Deze code klopt niet" in again.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    fresh = client.post(CONFIRM, {"password": "demo", "token": _code(device, steps_ahead=1)})
    assert fresh.status_code == 302
    assert client.get(ACCESS_LOG_CSV, query).status_code == 200


# --- Throttling, as at the login ---------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_confirming_and_logging_in(client, login, officer, a_case, settings):
    export = f"{ACCESS_LOG_CSV}?case_number={a_case.number}"
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert client.post(CONFIRM, {"password": "wrong", "next": export}).status_code == 200
    locked = client.post(CONFIRM, {"password": "wrong", "next": export})
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Te vaak een verkeerd wachtwoord" in text
    assert (
        "Voor uw veiligheid zijn bevestigen en inloggen met uw gebruikersnaam 15 minuten geblokkeerd" in text
    )
    assert 'name="password"' not in text

    right = client.post(CONFIRM, {"password": "demo", "next": export})  # even the right one, while locked
    assert right.status_code == 429
    assert "geblokkeerd" in right.content.decode()
    assert client.get(export).status_code == 302

    client.post("/account/uitloggen/")
    relogin = login(officer.username)
    assert relogin.status_code == 429  # the login counts the same failures
    assert "_auth_user_id" not in client.session


# --- Where the user comes back to --------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", CONFIRM]
)
def test_a_next_address_elsewhere_is_ignored(client, officer, next_url):
    page = client.get(CONFIRM, {"next": next_url}).content.decode()
    assert 'name="next" value="/"' in page
    response = client.post(CONFIRM, {"password": "demo", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_export_link_with_an_outside_next_in_its_own_query_still_comes_back_to_itself(client, officer):
    response = client.get(ACCESS_LOG_CSV, {"case_number": "Z-2026-00001", "next": "https://evil.example/"})
    assert _next(response).startswith(f"{ACCESS_LOG_CSV}?")


@pytest.mark.urls(__name__)
def test_a_post_without_confirmation_goes_back_to_the_page_it_came_from(client, officer, a_case):
    case_page = f"/casussen/{a_case.pk}/"
    response = client.post("/test-kopie/", {}, headers={"referer": f"http://testserver{case_page}?tab=1"})
    assert response.status_code == 302
    assert _next(response) == f"{case_page}?tab=1"  # the form's page: the POST itself is not replayed

    posted_next = client.post("/test-kopie/", {"next": case_page}, headers={"referer": "http://testserver/"})
    assert _next(posted_next) == case_page  # the form's own next comes first

    outside = client.post(
        "/test-kopie/", {"next": "https://evil.example/"}, headers={"referer": "https://evil.example/x"}
    )
    assert _next(outside) == "/"
    assert _next(client.post("/test-kopie/")) == "/"

    client.post(CONFIRM, {"password": "demo", "next": case_page})
    done = client.post("/test-kopie/", headers={"referer": f"http://testserver{case_page}"})
    assert done.status_code == 200 and done.content == b"kopie gemaakt"


@pytest.mark.urls(__name__)
def test_htmx_requests_get_hx_redirect_to_the_page_not_the_panel(client, officer, a_case):
    case_page = f"http://testserver/casussen/{a_case.pk}/"
    htmx = {"HX-Request": "true", "HX-Current-URL": case_page, "referer": case_page}
    response = client.post("/test-kopie/", headers=htmx)
    assert response.status_code == 401
    assert "Location" not in response
    location = urlsplit(response["HX-Redirect"])
    assert location.path == CONFIRM
    assert parse_qs(location.query)["next"] == [f"/casussen/{a_case.pk}/"]

    export = client.get(ACCESS_LOG_CSV, {"case_number": a_case.number}, headers=htmx)
    assert export.status_code == 401
    assert parse_qs(urlsplit(export["HX-Redirect"]).query)["next"] == [f"/casussen/{a_case.pk}/"]
