import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User


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
