import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from tests import factories


@pytest.fixture
def demo_users(db) -> dict[str, User]:
    """The demo organisations and one user per role, as seed_demo makes them."""
    call_command("seed_demo", verbosity=0)
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def login(client):
    """Log in through the real login form (with throttling and CSRF middleware in the way)."""

    def _login(username: str, password: str = DEMO_PASSWORD):
        return client.post("/account/inloggen/", {"username": username, "password": password})

    return _login


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
