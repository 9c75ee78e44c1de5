import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from devdata.demo.accounts import DEMO_PASSWORD
from tests import factories
from tests.helpers import ROOT


@pytest.fixture
def demo_users(db) -> dict[str, User]:
    """The demo organisations and one user per role, as seed_demo makes them."""
    call_command("seed_demo", verbosity=0)
    # People only: the demo's API client acts through a technical account nobody logs in with.
    return {user.username: user for user in User.objects.filter(api_client__isnull=True)}


@pytest.fixture
def login(client):
    """Log in through the real login form (with throttling and CSRF middleware in the way)."""

    def _login(username: str, password: str = DEMO_PASSWORD):
        return client.post("/account/inloggen/", {"username": username, "password": password})

    return _login


@pytest.fixture
def reauthenticate(client):
    """Confirm the password (and code) on the real confirm page, as before a copy or a bulk export.

    Call it after logging in (force_login to another user starts a new session: confirm again).
    """

    def _reauthenticate(password: str = DEMO_PASSWORD, token: str | None = None):
        data = {"password": password, "next": "/"}
        if token is not None:
            data["token"] = token
        response = client.post("/account/bevestigen/", data)
        assert response.status_code == 302, "the password (or code) was not accepted"
        return response

    return _reauthenticate


@pytest.fixture
def oost(db):
    """Team Zaandam-Oost: a local team serving Zaanstad."""
    return factories.team("Team Zaandam-Oost")


@pytest.fixture
def west(db):
    return factories.team("Team Zaandam-West")


@pytest.fixture
def worker(oost):
    """Sanne, youth worker in Team Zaandam-Oost."""
    return factories.user("sanne", teams=(oost,))


@pytest.fixture
def colleague(oost):
    return factories.user("ahmed", teams=(oost,))


@pytest.fixture
def outsider(west):
    """Youth worker in another team: must never see Oost's cases."""
    return factories.user("charlie", teams=(west,))


@pytest.fixture
def a_case(oost, worker):
    return factories.case(team=oost, director=worker)


@pytest.fixture
def lead(oost):
    """Mohamed, team lead of Team Zaandam-Oost: reaches the team's cases through its lead group."""
    return factories.user("mohamed", role=Role.TEAM_LEAD, teams=(oost,))


@pytest.fixture
def gi_worker(db):
    """Kees, jeugdbeschermer at a certified institution."""
    return factories.user(
        "kees", role=Role.GI_WORKER, organisation=factories.organisation("GI", "certified_institution")
    )


@pytest.fixture
def investigator(db):
    return factories.user(
        "anouk",
        role=Role.BOARD_INVESTIGATOR,
        organisation=factories.organisation("Raad", "child_protection_board"),
    )


@pytest.fixture
def vt_worker(db):
    return factories.user(
        "ingrid", role=Role.VT_WORKER, organisation=factories.organisation("VT", "veilig_thuis")
    )


@pytest.fixture
def privacy_officer(db):
    return factories.user("lisa", role=Role.PRIVACY_OFFICER)


@pytest.fixture
def functional_admin(db):
    return factories.user("rob", role=Role.ADMIN)


@pytest.fixture(scope="session", autouse=True)
def _empty_unconsumed_queue():
    """Tasks enqueued on commit during tests (e-mails) are not run by any worker: drop them afterwards."""
    yield
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on Redis, on a queue of its own, using the test database."""
    queue = f"test-{uuid.uuid4().hex}"
    db = connection.settings_dict
    env_db = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": env_db,
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)


@pytest.fixture
def people(  # every kind of user around one case (tests/test_access*.py)
    worker, colleague, lead, vt_worker, gi_worker, investigator, outsider, functional_admin, privacy_officer
):
    return {
        "director": worker,
        "co_worker": colleague,
        "team_lead": lead,
        "vt_monitor": vt_worker,
        "gi_worker": gi_worker,
        "investigator": investigator,
        "outsider": outsider,
        "admin": functional_admin,
        "privacy": privacy_officer,
    }


@pytest.fixture
def api_client(functional_admin):
    """An intake API client of the Veilig Thuis "VT" (vt_worker's organisation), made by the functional admin.

    ``api_client.token`` is its token (shown once in real life), ``api_client.headers`` the header that
    sends it: ``client.get(url, headers=api_client.headers)``.
    """
    from api.services import api_client_create

    made, token = api_client_create(
        by=functional_admin,
        organisation=factories.organisation("VT", "veilig_thuis"),
        name="Registratiesysteem VT",
        scope="intake",
    )
    made.token = token
    made.headers = {"Authorization": f"Bearer {token}"}
    return made
