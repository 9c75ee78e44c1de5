"""The access log's one write: record a read or write of case data, with the request it came from."""

from contextvars import ContextVar

from accounts.models import User
from audit.models import AccessEvent

# The server's own id of the request, and the client's X-Request-ID (when sane) kept beside it; set by
# audit.middleware.RequestIdMiddleware.
request_ids: ContextVar[tuple[str, str]] = ContextVar("request_ids", default=("", ""))


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
    request_id, client_request_id = request_ids.get()
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


def access_viewed(*, user, case, object_ref: str, action: str = AccessEvent.Action.VIEW) -> AccessEvent:
    """One read of one thing in a case file (a page, a plan, a handover, a print)."""
    return access_event_record(user=user, action=action, case=case, object_ref=object_ref)


def access_listed(
    *, user, object_ref: str, case_numbers: list[str], query: dict | None = None, search: bool = False
) -> AccessEvent:
    """A list or search: one event naming the cases it showed (and how it was asked)."""
    detail = {"cases": list(case_numbers)} | ({"query": query} if query is not None else {})
    action = AccessEvent.Action.SEARCH if search else AccessEvent.Action.LIST
    return access_event_record(user=user, action=action, object_ref=object_ref, detail=detail)
