"""The access log.

Per model:
- AccessEvent: KEPT, untouched: the access log is append-only, and the database refuses changes to it
  (accounts migration 0004). Its reasons (an emergency access, a returned handover) stay with it; the log
  names the case by number only.
"""

from audit.models import AccessEvent

COVERS = [AccessEvent]


def erase(ctx) -> None:
    """Nothing: append-only log."""
