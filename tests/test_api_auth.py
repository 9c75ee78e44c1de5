"""API clients: tokens, the rate limit, and their management in /beheer/ (issue 18).

Everything through HTTP with the Django test client, on the real database; tokens in the Authorization
header as a chain system sends them.
"""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification, User
from accounts.roles import Role
from accounts.services import set_password_link_send
from api.models import ApiClient, Intake
from api.services import api_client_create, api_client_deactivate, api_client_rotate
from audit.models import AccessEvent
from tests import factories

pytestmark = pytest.mark.django_db

# A melding nobody sent: with a good token the answer is 404, so anything else is the token's doing.
UNKNOWN = "/api/v1/meldingen/ONBEKEND-1"
NO_TOKEN = "Geen geldig API-token"
KEEP_IT = "Bewaar dit token nu; het wordt niet meer getoond."
TOKEN = re.compile(r"zicht_[A-Za-z0-9_-]{43}")


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()  # the throttle counts in the cache (locmem in tests): start every test at zero
    yield
    cache.clear()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _assert_refused(response) -> None:
    assert response.status_code == 401, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert list(body) == ["fouten"]
    assert len(body["fouten"]) == 1
    assert body["fouten"][0]["pad"] == "$"
    assert NO_TOKEN in body["fouten"][0]["melding"]


# --- The token ----------------------------------------------------------------------------------------


def test_a_good_token_gets_through(client, api_client):
    response = client.get(UNKNOWN, headers=api_client.headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer zicht_"},
        {"Authorization": "Bearer zicht_dit-is-geen-token-van-zicht-maar-lijkt-er-wel-op-123"},
        {"Authorization": "Bearer " + "zicht_" + "x" * 5000},
        {"Authorization": "Token zicht_abc"},
        {"Authorization": "Basic cm9iOmRlbW8="},
    ],
    ids=["none", "empty", "bearer-only", "prefix-only", "wrong", "huge", "other-scheme", "basic"],
)
def test_no_or_a_wrong_token_gets_401_in_dutch(client, api_client, headers):
    _assert_refused(client.get(UNKNOWN, headers=headers))


def test_a_token_works_only_as_a_whole_and_in_the_right_case(client, api_client):
    token = api_client.token
    for wrong in (token[:-1], token + "x", token.upper(), api_client.token_prefix, api_client.token_hash):
        _assert_refused(client.get(UNKNOWN, headers=_bearer(wrong)))


def test_the_header_scheme_is_case_insensitive_as_http_says(client, api_client):
    response = client.get(UNKNOWN, headers={"Authorization": f"bearer {api_client.token}"})
    assert response.status_code == 404


def test_a_switched_off_client_is_refused_at_once(client, api_client, functional_admin):
    api_client_deactivate(by=functional_admin, client=api_client)
    _assert_refused(client.get(UNKNOWN, headers=api_client.headers))
    api_client.refresh_from_db()
    assert not api_client.is_active
    assert not User.objects.get(pk=api_client.user_id).is_active


def test_a_client_whose_account_was_switched_off_is_refused(client, api_client):
    User.objects.filter(pk=api_client.user_id).update(is_active=False)  # e.g. in the users' admin
    _assert_refused(client.get(UNKNOWN, headers=api_client.headers))


def test_a_replaced_token_stops_at_once_and_the_new_one_works(client, api_client, functional_admin):
    new = api_client_rotate(by=functional_admin, client=api_client)
    assert new != api_client.token
    _assert_refused(client.get(UNKNOWN, headers=api_client.headers))
    assert client.get(UNKNOWN, headers=_bearer(new)).status_code == 404


def test_only_the_digest_and_the_first_characters_are_stored(api_client):
    import hashlib

    stored = ApiClient.objects.get(pk=api_client.pk)
    assert stored.token_hash == hashlib.sha256(api_client.token.encode()).hexdigest()
    assert stored.token_prefix == api_client.token[:12]
    assert api_client.token.startswith("zicht_")
    assert len(api_client.token) == len("zicht_") + 43
    values = [str(value) for value in ApiClient.objects.filter(pk=api_client.pk).values().get().values()]
    assert not any(api_client.token in value for value in values)


def test_last_used_is_written_at_most_once_a_minute(client, api_client):
    assert ApiClient.objects.get(pk=api_client.pk).last_used_at is None
    client.get(UNKNOWN, headers=api_client.headers)
    first = ApiClient.objects.get(pk=api_client.pk).last_used_at
    assert first is not None
    client.get(UNKNOWN, headers=api_client.headers)
    assert ApiClient.objects.get(pk=api_client.pk).last_used_at == first  # no write for the second call
    ApiClient.objects.filter(pk=api_client.pk).update(last_used_at=first - timezone.timedelta(minutes=2))
    client.get(UNKNOWN, headers=api_client.headers)
    assert ApiClient.objects.get(pk=api_client.pk).last_used_at > first


def test_a_refused_token_does_not_count_as_use(client, api_client):
    client.get(UNKNOWN, headers=_bearer(api_client.token + "x"))
    assert ApiClient.objects.get(pk=api_client.pk).last_used_at is None


# --- The rate limit -----------------------------------------------------------------------------------


def _second_client(functional_admin) -> tuple[ApiClient, str]:
    return api_client_create(
        by=functional_admin,
        organisation=factories.organisation("VT Noord", "veilig_thuis"),
        name="Registratiesysteem VT",  # the same name as api_client's: counted apart all the same
        scope="intake",
    )


def test_more_calls_than_the_limit_get_429_with_retry_after(client, api_client, functional_admin, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get(UNKNOWN, headers=api_client.headers).status_code for _ in range(3)]
    assert statuses == [404, 404, 404]
    refused = client.get(UNKNOWN, headers=api_client.headers)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["fouten"][0]["pad"] == "$"
    assert "Te veel verzoeken: hoogstens 3 per minuut" in body["fouten"][0]["melding"]
    # Each client has its own count: another one (with the same name) still gets through.
    _other, token = _second_client(functional_admin)
    assert client.get(UNKNOWN, headers=_bearer(token)).status_code == 404
    # A caller without a valid token is refused as such, not counted against the client.
    _assert_refused(client.get(UNKNOWN))


def test_the_limit_is_per_minute(client, api_client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    for _ in range(2):
        assert client.get(UNKNOWN, headers=api_client.headers).status_code == 404
    assert client.get(UNKNOWN, headers=api_client.headers).status_code == 429
    # A minute later (the calls' moments moved back), the window is free again.
    key = f"zicht_api_throttle_{api_client.pk}"
    cache.set(key, [moment - 61 for moment in cache.get(key)], 60)
    assert client.get(UNKNOWN, headers=api_client.headers).status_code == 404


# --- Who may make a client ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMIN])
def test_only_the_functional_admin_makes_renews_and_switches_off_clients(role, api_client):
    someone = factories.user(f"u-{role.value}", role=role)
    vt = factories.organisation("VT", "veilig_thuis")
    with pytest.raises(PermissionDenied):
        api_client_create(by=someone, organisation=vt, name="Eigen koppeling", scope="intake")
    with pytest.raises(PermissionDenied):
        api_client_rotate(by=someone, client=api_client)
    with pytest.raises(PermissionDenied):
        api_client_deactivate(by=someone, client=api_client)
    assert ApiClient.objects.count() == 1


@pytest.mark.parametrize(
    "kind",
    ["local_team", "certified_institution", "child_protection_board", "municipality", "table_secretariat"],
)
def test_only_a_veilig_thuis_organisation_gets_an_intake_client(functional_admin, kind):
    organisation = factories.organisation(f"Organisatie {kind}", kind)
    with pytest.raises(ValidationError) as error:
        api_client_create(by=functional_admin, organisation=organisation, name="Systeem", scope="intake")
    assert "is alleen voor: Veilig Thuis." in " ".join(error.value.messages)
    assert not ApiClient.objects.exists()
    assert not User.objects.filter(username__startswith="api-").exists()


def test_the_technical_account_acts_for_the_organisation_as_a_veilig_thuis_worker(api_client):
    user = User.objects.get(pk=api_client.user_id)
    assert re.fullmatch(r"api-vt-\d+", user.username)
    assert user.organisation == api_client.organisation
    assert user.roles == [Role.VT_WORKER]
    assert list(user.teams) == []
    assert not user.has_usable_password()
    assert user.email == ""
    assert not user.is_staff and not user.is_superuser


def test_usernames_of_technical_accounts_do_not_collide(api_client, functional_admin):
    vt = factories.organisation("VT", "veilig_thuis")
    second, _ = api_client_create(by=functional_admin, organisation=vt, name="Tweede systeem", scope="intake")
    assert {api_client.user.username, second.user.username} == {"api-vt-1", "api-vt-2"}


def test_making_a_client_is_logged_and_told_to_the_privacy_officers(functional_admin, privacy_officer):
    vt = factories.organisation("VT", "veilig_thuis")
    made, _ = api_client_create(
        by=functional_admin, organisation=vt, name="Registratiesysteem", scope="intake"
    )
    events = AccessEvent.objects.filter(user=functional_admin, object_ref=f"user:{made.user_id}")
    assert events.filter(detail__grants_case_access=True).count() == 1  # accounts' record of the grant
    created = events.get(action=AccessEvent.Action.CREATE)
    assert created.detail["api_client"] == made.pk
    assert created.detail["token_prefix"] == made.token_prefix
    told = Notification.objects.get(recipient=privacy_officer)
    assert made.user.username in told.text
    assert "toegang tot dossiers" in told.text


def test_renewing_and_switching_off_are_logged(api_client, functional_admin):
    old_prefix = api_client.token_prefix
    api_client_rotate(by=functional_admin, client=api_client)
    api_client_deactivate(by=functional_admin, client=api_client)
    events = AccessEvent.objects.filter(
        user=functional_admin, object_ref=f"user:{api_client.user_id}", action=AccessEvent.Action.UPDATE
    ).exclude(detail__has_key="grants_case_access")
    assert [event.detail.get("old_token_prefix") for event in events.order_by("pk")] == [old_prefix, None]
    with pytest.raises(ValidationError):  # a switched-off client is not brought back with a new token
        api_client_rotate(by=functional_admin, client=api_client)


# --- The technical account cannot log in in the browser -----------------------------------------------


@pytest.mark.parametrize("password", ["", "demo", "!", "x" * 40])
def test_the_technical_account_cannot_log_in_through_the_login_page(client, login, api_client, password):
    response = login(api_client.user.username, password)
    assert response.status_code == 200  # the form again, no redirect into Zicht
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_nobody_can_have_a_password_link_sent_to_the_technical_account(api_client, functional_admin):
    with pytest.raises(ValidationError):
        set_password_link_send(by=functional_admin, user=api_client.user)


# --- /beheer/ -----------------------------------------------------------------------------------------

# Who reaches the API clients' pages in the admin: the functional administrator only. Everyone else is
# sent to the admin's login (none of them is staff).
ADMIN_PAGE_MATRIX = {
    Role.YOUTH_WORKER: 302,
    Role.TEAM_LEAD: 302,
    Role.VT_WORKER: 302,
    Role.TABLE_CHAIR: 302,
    Role.TABLE_MEMBER: 302,
    Role.GI_WORKER: 302,
    Role.BOARD_INVESTIGATOR: 302,
    Role.ADMIN: 200,
    Role.PRIVACY_OFFICER: 302,
    Role.MUNICIPALITY: 302,
}


def test_the_matrix_names_every_role():
    assert set(ADMIN_PAGE_MATRIX) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_only_the_functional_admin_opens_the_api_clients_in_the_admin(client, login, api_client, role):
    factories.user(f"u-{role.value}", role=role)
    response = login(f"u-{role.value}")
    assert response.status_code == 302
    expected = ADMIN_PAGE_MATRIX[role]
    for page in (
        "/beheer/api/apiclient/",
        "/beheer/api/apiclient/add/",
        f"/beheer/api/apiclient/{api_client.pk}/change/",
    ):
        got = client.get(page)
        assert got.status_code == expected, (role, page, got.status_code)
        if expected == 302:
            assert got["Location"].startswith("/beheer/login/")
    posted = client.post(
        "/beheer/api/apiclient/add/",
        {"organisation": api_client.organisation_id, "name": "Via de achterdeur", "scope": "intake"},
    )
    assert posted.status_code == (302 if role == Role.ADMIN else expected)
    assert ApiClient.objects.filter(name="Via de achterdeur").exists() == (role == Role.ADMIN)


def test_the_admin_makes_a_client_through_the_add_form_and_sees_the_token_once(
    client, login, functional_admin, privacy_officer
):
    vt = factories.organisation("Veilig Thuis Zaanstreek", "veilig_thuis")
    factories.organisation("Jeugdteam Zaanstad", "local_team")
    login(functional_admin.username)
    form = client.get("/beheer/api/apiclient/add/")
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="organisation"' in page and 'name="name"' in page and 'name="scope"' in page
    assert "token_hash" not in page
    assert "Jeugdteam Zaanstad" not in page  # only Veilig Thuis organisations are offered

    response = client.post(
        "/beheer/api/apiclient/add/",
        {"organisation": vt.pk, "name": "Registratiesysteem VT", "scope": "intake"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/beheer/api/apiclient/"
    page = response.content.decode()
    tokens = TOKEN.findall(page)
    assert len(tokens) == 1
    assert KEEP_IT in page
    made = ApiClient.objects.get(name="Registratiesysteem VT")
    assert made.organisation == vt and made.created_by == functional_admin and made.is_active
    assert made.token_hash not in page

    # The token works, and is never shown again.
    assert client.get(UNKNOWN, headers=_bearer(tokens[0])).status_code == 404
    for again in ("/beheer/api/apiclient/", f"/beheer/api/apiclient/{made.pk}/change/"):
        page = client.get(again).content.decode()
        assert not TOKEN.search(page)
        assert made.token_hash not in page
        assert made.token_prefix in page
    assert Notification.objects.filter(recipient=privacy_officer, text__contains=made.user.username).exists()


def test_the_add_form_refuses_another_kind_of_organisation(client, login, functional_admin):
    local = factories.organisation("Jeugdteam Zaanstad", "local_team")
    login(functional_admin.username)
    response = client.post(
        "/beheer/api/apiclient/add/", {"organisation": local.pk, "name": "Systeem", "scope": "intake"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_the_admin_renews_a_token_with_the_action_and_sees_the_new_one_once(
    client, login, functional_admin, api_client
):
    login(functional_admin.username)
    response = client.post(
        "/beheer/api/apiclient/",
        {"action": "rotate_token", "_selected_action": [api_client.pk]},
        follow=True,
    )
    page = response.content.decode()
    tokens = TOKEN.findall(page)
    assert len(tokens) == 1 and tokens[0] != api_client.token
    assert KEEP_IT in page
    _assert_refused(client.get(UNKNOWN, headers=api_client.headers))
    assert client.get(UNKNOWN, headers=_bearer(tokens[0])).status_code == 404
    assert not TOKEN.search(client.get("/beheer/api/apiclient/").content.decode())


def test_the_admin_switches_a_client_off_with_the_action_and_cannot_delete_it(
    client, login, functional_admin, api_client
):
    login(functional_admin.username)
    changelist = client.get("/beheer/api/apiclient/").content.decode()
    assert "delete_selected" not in changelist
    assert client.get(f"/beheer/api/apiclient/{api_client.pk}/delete/").status_code == 403
    response = client.post(
        "/beheer/api/apiclient/", {"action": "deactivate", "_selected_action": [api_client.pk]}, follow=True
    )
    assert "1 API-koppeling uitgezet" in response.content.decode()
    _assert_refused(client.get(UNKNOWN, headers=api_client.headers))
    assert ApiClient.objects.filter(pk=api_client.pk, is_active=False).exists()


def test_the_change_page_changes_nothing(client, login, functional_admin, api_client):
    login(functional_admin.username)
    before = ApiClient.objects.filter(pk=api_client.pk).values().get()
    client.post(
        f"/beheer/api/apiclient/{api_client.pk}/change/",
        {"organisation": factories.organisation("Ander VT", "veilig_thuis").pk, "name": "Anders"},
    )
    assert ApiClient.objects.filter(pk=api_client.pk).values().get() == before


# --- Acting for one's own organisation, and in the access log ----------------------------------------


def _melding(number: str) -> dict:
    """A small valid Melding about a child in Zaanstad (see api/schemas.py for the whole document)."""
    return {
        "registratienummer": number,
        "uitkomst": "VT-01-02",
        "incident": {"omschrijving": "Ruzie thuis waarbij de kinderen aanwezig waren."},
        "natuurlijkPersonen": [
            {
                "burgerservicenummer": "111222333",
                "naam": {"voornamen": "Sem", "geslachtsnaam": "Jansen"},
                "geboorte": {"datum": "2016-04-01"},
                "relatie": "kind",
            }
        ],
        "adres": {
            "straatnaam": "Dorpsstraat",
            "huisnummer": 1,
            "postcode": "1501 AB",
            "woonplaats": "Zaandam",
            "gemeentecode": "GM0479",
        },
        "veiligheidsvoorwaarden": ["Vader woont de komende vier weken bij zijn broer."],
    }


@pytest.fixture
def handover_team(oost):
    zaanstad = factories.municipality()
    zaanstad.handover_team = oost
    zaanstad.save(update_fields=["handover_team"])
    return oost


def _post(client, api_client_or_headers, document: dict):
    headers = getattr(api_client_or_headers, "headers", api_client_or_headers)
    return client.post("/api/v1/meldingen", document, content_type="application/json", headers=headers)


def test_a_client_acts_only_for_its_own_organisation(client, api_client, functional_admin, handover_team):
    sent = _post(client, api_client, _melding("VT-2026-0001"))
    assert sent.status_code == 201, sent.content[:1000]
    mine = sent.json()["id"]
    other, token = _second_client(functional_admin)

    # Another organisation's client does not find it, under the same number or by the referral's id.
    for number in ("VT-2026-0001", str(mine)):
        refused = client.get(f"/api/v1/meldingen/{number}", headers=_bearer(token))
        assert refused.status_code == 404
        assert refused.json() == client.get(UNKNOWN, headers=_bearer(token)).json()  # nothing told
    # Its own Melding with the same number is its own handover, and leaves the first one alone.
    theirs = _post(client, _bearer(token), _melding("VT-2026-0001"))
    assert theirs.status_code == 201, theirs.content[:1000]
    assert theirs.json()["id"] != mine
    assert client.get("/api/v1/meldingen/VT-2026-0001", headers=api_client.headers).json()["id"] == mine
    intakes = {intake.referral_id: intake for intake in Intake.objects.all()}
    assert intakes[mine].organisation == api_client.organisation and intakes[mine].client == api_client
    assert intakes[theirs.json()["id"]].organisation == other.organisation


def test_every_read_through_the_api_is_in_the_access_log_as_the_technical_account(
    client, api_client, handover_team
):
    sent = _post(client, api_client, _melding("VT-2026-0002"))
    assert sent.status_code == 201, sent.content[:1000]
    ref = f"referral:{sent.json()['id']}"
    reads = AccessEvent.objects.filter(user=api_client.user, object_ref=ref, action=AccessEvent.Action.VIEW)
    before = reads.count()
    for expected in (before + 1, before + 2):
        assert client.get("/api/v1/meldingen/VT-2026-0002", headers=api_client.headers).status_code == 200
        assert reads.count() == expected
    event = reads.latest("pk")
    assert event.organisation == api_client.organisation
    assert event.request_id  # tied to the HTTP request, like a page in the browser
