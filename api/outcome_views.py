"""The inzage of a table's outcome: a receiving organisation's system reads it with its own token.

Only an organisation entitled to the outcome (api.outcomes.recipients_of) gets it; any other, and an unknown
or malformed identifier, gets the same 404. Every read is in the access log and is itself an
``uitkomst-ingezien`` event for the other entitled organisations.
"""

import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from api.auth import ClientToken
from api.errors import body
from api.models import ApiClient
from api.outcomes import outcome_for_client, outcome_read
from api.schemas import Fouten, UitkomstOverleg

router = Router(tags=["Uitkomsten"], auth=ClientToken(scope=ApiClient.Scope.OUTCOMES))


@router.get(
    "/{identifier}",
    response={200: UitkomstOverleg, 401: Fouten, 403: Fouten, 404: Fouten, 429: Fouten},
    url_name="uitkomst",
    summary="Een uitkomst van de Beschermtafel inzien",
    description=(
        "De uitkomst waarvan het event 'uitkomst-beschikbaar-gesteld' de inzageUrl gaf. Alleen voor een "
        "organisatie die de uitkomst mag ontvangen (Veilig Thuis die de overdracht deed, de Raad bij een "
        "verzoek tot onderzoek, de GI die de casus regisseert); voor ieder ander, en voor een onbekende "
        "identifier, 404. Elke inzage wordt gelogd en als event 'uitkomst-ingezien' gemeld."
    ),
)
def outcome_get(request, identifier: str):
    try:
        outcome = outcome_for_client(request.auth, uuid.UUID(identifier))
    except (ValueError, Http404):
        message = _("Zicht knows no outcome with this identifier for your organisation.")
        return Status(404, body([("$", message)]))
    return Status(200, outcome_read(client=request.auth, outcome=outcome))
