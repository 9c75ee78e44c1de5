"""The access log: record every read and write of case data, with the request it came from."""

import re
import uuid
from contextvars import ContextVar

from accounts.models import AccessEvent, User

# The server's own id of the request, and the client's X-Request-ID (when sane) kept beside it.
_request_ids: ContextVar[tuple[str, str]] = ContextVar("request_ids", default=("", ""))
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id of our own (uuid4), for logs, access events and the response header.

    A client chooses its X-Request-ID header, so it never becomes the id the access log relies on: a
    sane one is stored beside it, marked as the client's (``detail["client_request_id"]``), to match a
    proxy's logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = uuid.uuid4().hex
        request.client_request_id = incoming if _SAFE_ID.match(incoming) else ""
        token = _request_ids.set((request.request_id, request.client_request_id))
        try:
            response = self.get_response(request)
        finally:
            _request_ids.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def _storable(value):
    """The value without NUL characters, which PostgreSQL refuses in text and jsonb: a query someone
    typed must never keep the log, and so the page, from being written."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


def access_event_record(
    *,
    user: User,
    action: str,
    case=None,
    object_ref: str = "",
    reason: str = "",
    detail: dict | None = None,
) -> AccessEvent:
    """Append one event to the access log, inside the caller's transaction: a failed write logs nothing."""
    request_id, client_request_id = _request_ids.get()
    detail = dict(detail or {})
    if client_request_id:
        detail["client_request_id"] = client_request_id
    return AccessEvent.objects.create(
        user=user,
        organisation_id=user.organisation_id,
        action=action,
        case=case,
        object_ref=_storable(object_ref),
        reason=_storable(reason),
        detail=_storable(detail),
        request_id=request_id,
    )
