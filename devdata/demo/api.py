"""A demo API client: Veilig Thuis's registration system, so that `make run` can try the Melding intake."""

from accounts.models import Organisation, User
from api.models import ApiClient
from api.services import api_client_create

NAME = "Registratiesysteem Veilig Thuis (demo)"


def seed(*, admin: User, organisation: Organisation) -> str | None:
    """Create the client once; returns its token (shown this once), or None when it exists."""
    if ApiClient.objects.filter(organisation=organisation, name=NAME).exists():
        return None
    _, token = api_client_create(by=admin, organisation=organisation, name=NAME, scope=ApiClient.Scope.INTAKE)
    return token
