"""The chain's API (ADR 12): one NinjaAPI, its OpenAPI 3.1 document served at /api/v1/openapi.json and kept in
docs/api/openapi.json. Every route needs an API client's token (api/auth.py) unless it says otherwise."""

from functools import partial

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled

from api import errors
from api.auth import ClientRateThrottle, ClientToken, throttled, unauthorised
from api.outcome_views import router as outcome_router
from api.views import router as intake_router

api = NinjaAPI(
    title="Zicht: uitwisseling met de keten",
    version="1.0.0",
    description=(
        "Overdrachten van Veilig Thuis naar het lokale team, naar het concept JZV Melding; en de uitkomsten "
        "van de Beschermtafel voor wie ze mag ontvangen, naar het concept JZV Uitwisselen Uitkomst Overleg. "
        "Uitkomsten worden als CloudEvents (1.0, structured mode) aangeboden op het endpoint van de "
        "ontvangende organisatie (POST, application/cloudevents+json), ten minste een keer, elk met een vast "
        "id; de ontvanger herkent een herhaling aan dat id."
    ),
    urls_namespace="api",
    auth=ClientToken(),
    throttle=ClientRateThrottle(),
    docs_url=None,  # Swagger UI loads from a CDN, which the Content-Security-Policy refuses
)
api.add_router("/meldingen", intake_router)
api.add_router("/uitkomsten", outcome_router)
# Other errors (a malformed document, bad JSON, a refusal) in the same shape and in Dutch (api/errors.py).
errors.install(api)
# Missing or wrong token, too many calls: Dutch bodies in the API's error shape (api/auth.py).
api.add_exception_handler(AuthenticationError, partial(unauthorised, api=api))
api.add_exception_handler(Throttled, partial(throttled, api=api))
