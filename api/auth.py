"""API clients' tokens, their answers when missing or wrong, and the rate limit per client.

``ClientToken`` finds the client by the SHA-256 of the bearer token (never by the token itself, so the
database lookup compares digests, not secrets), for an active client with an active technical account, and
puts it on ``request.auth``; the account acting is ``request.auth.user``. ``ClientRateThrottle`` lets each
client make settings.API_RATE_LIMIT_PER_MINUTE calls per minute, counted in the Django cache (Redis in
production, so all processes count together); more get 429 with Retry-After.
"""

import datetime as dt
import hmac
import math
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from api.models import ApiClient
from api.services import TOKEN_PREFIX, token_digest

# last_used_at is written at most this often per client: no write for every call.
LAST_USED_EVERY = dt.timedelta(minutes=1)
# A token is "zicht_" and 43 characters; anything much longer is not one of ours (and is not hashed).
_TOKEN_MAX_LENGTH = 100


class ClientToken(HttpBearer):
    """Bearer token of an API client; with ``scope``, a client of another scope gets 403 (its token is good,
    it may not do this)."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str) -> ApiClient | None:
        token = token.strip()
        if not token.startswith(TOKEN_PREFIX) or len(token) > _TOKEN_MAX_LENGTH:
            return None
        digest = token_digest(token)
        client = (
            ApiClient.objects.select_related("user", "organisation")
            .filter(token_hash=digest, is_active=True, user__is_active=True)
            .first()
        )
        if client is None or not hmac.compare_digest(client.token_hash, digest):
            return None
        _last_used_touch(client)
        if self.scope is not None and client.scope != self.scope:
            raise PermissionDenied
        return client


def _last_used_touch(client: ApiClient) -> None:
    now = timezone.now()
    if client.last_used_at is not None and now - client.last_used_at < LAST_USED_EVERY:
        return
    # Conditional, so concurrent calls in the same minute write once between them.
    ApiClient.objects.filter(pk=client.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
    ).update(last_used_at=now)
    client.last_used_at = now


class ClientRateThrottle(SimpleRateThrottle):
    """ninja's sliding-window throttle, per API client (its id, not its name), at the configured rate.

    The rate is read per call (a changed setting applies at once), and what one call found is kept per
    thread: one instance serves every request of the API.
    """

    scope = "api_client"
    cache_format = "zicht_api_throttle_%(ident)s"

    def __init__(self) -> None:  # no rate from ninja's settings: ours comes from Zicht's
        self._call = threading.local()

    def get_cache_key(self, request) -> str | None:
        client = getattr(request, "auth", None)
        if not isinstance(client, ApiClient):
            return None  # not authenticated: refused before this, never counted
        return self.cache_format % {"ident": client.pk}

    def allow_request(self, request) -> bool:
        self._call.wait = None
        key = self.get_cache_key(request)
        if key is None:
            return True
        limit, duration = settings.API_RATE_LIMIT_PER_MINUTE, 60
        now = self.timer()
        history = [moment for moment in self.cache.get(key, []) if moment > now - duration]
        if len(history) >= limit:
            # The oldest call in the window leaves it first: then one more is allowed.
            self._call.wait = max(1, math.ceil(history[-1] + duration - now))
            return False
        history.insert(0, now)
        self.cache.set(key, history, duration)
        return True

    def wait(self) -> float | None:
        return getattr(self._call, "wait", None)


def _errors(message: str) -> dict:
    return {"fouten": [{"pad": "$", "melding": message}]}


def unauthorised(request, exc: AuthenticationError, api):
    """401 in Dutch, in the API's error shape, for a missing, wrong, switched-off or replaced token."""
    response = api.create_response(
        request,
        _errors(
            _(
                "No valid API token. Send the header 'Authorization: Bearer <token>' with the token of an "
                "active API client; the functional administrator of Zicht gives it."
            )
        ),
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="zicht"'
    return response


def throttled(request, exc: Throttled, api):
    """429 in Dutch; ninja adds Retry-After (seconds) from ClientRateThrottle.wait()."""
    if exc.wait:
        seconds = math.ceil(exc.wait)
        message = ngettext(
            "Too many requests: at most %(limit)d a minute. Try again in %(seconds)d second.",
            "Too many requests: at most %(limit)d a minute. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"limit": settings.API_RATE_LIMIT_PER_MINUTE, "seconds": seconds}
    else:
        message = _("Too many requests: at most %(limit)d a minute. Try again later.") % {
            "limit": settings.API_RATE_LIMIT_PER_MINUTE
        }
    return api.create_response(request, _errors(message), status=429)
