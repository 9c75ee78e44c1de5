"""The access log: record every read and write of case data, with the request it came from."""

import re
import uuid
from contextvars import ContextVar

from accounts.models import AccessEvent, User

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID when it is sane), for logs and access events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


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
    return AccessEvent.objects.create(
        user=user,
        organisation_id=user.organisation_id,
        action=action,
        case=case,
        object_ref=object_ref,
        reason=reason,
        detail=detail or {},
        request_id=_request_id.get(),
    )
