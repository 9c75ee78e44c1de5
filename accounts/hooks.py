"""How the apps above accounts plug into it, registered from their AppConfig.ready(): accounts imports none.

- ``access_recorder_register(record)``: the access log's one write (the audit app registers
  ``audit.services.access_event_record``). Accounts writes events of its own: a change that gives someone
  a way into case files, and a home page showing notifications that name cases. They must never be
  dropped silently, so ``access_record()`` refuses to run without a recorder.
- ``cases_named_register(find)``: which case numbers a list of notifications shows (the cases app knows
  its numbers and links); the home page logs showing them as a read, like a list.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

_recorders: list[Callable[..., object]] = []


def access_recorder_register(record: Callable[..., object]) -> None:
    _recorders[:] = [record]


def access_record(*, user, action: str, object_ref: str = "", reason: str = "", detail: dict | None = None):
    """Append an event to the access log through the registered recorder, in the caller's transaction.

    ``action`` is one of the log's actions by value ("list", "update", ...).
    """
    if not _recorders:
        raise ImproperlyConfigured("No access-log recorder registered: is the audit app installed?")
    return _recorders[0](user=user, action=action, object_ref=object_ref, reason=reason, detail=detail)


_case_finders: list[Callable[[list], Iterable[str]]] = []


def cases_named_register(find: Callable[[list], Iterable[str]]) -> None:
    if find not in _case_finders:
        _case_finders.append(find)


def cases_named(notifications: list) -> list[str]:
    """The case numbers the notifications show, sorted (none when no app says how to find them)."""
    return sorted({number for find in _case_finders for number in find(notifications)})
