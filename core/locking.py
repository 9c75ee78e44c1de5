"""Optimistic locking, one idiom for every app: a version column compared and raised in one UPDATE.

A form carries the version it was built from; the service saves only if the row still has it and raises
StaleEdit otherwise, so a concurrent edit is detected instead of overwritten and the page keeps the
user's text. For a row already locked with select_for_update, version_check() does the comparison.
"""

from django.core.exceptions import ValidationError
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext_lazy as _

STALE = _(
    "Someone else changed this in the meantime. Your text is still below: "
    "check the latest version and save again."
)


class StaleEdit(ValidationError):
    """Someone else saved in between (code "stale"); the message may say more (who, what changed)."""

    def __init__(self, message=None):
        super().__init__(message or STALE, code="stale")


def version_bump(
    rows: QuerySet, obj: Model, expected_version: int, *, field: str = "version", **changes
) -> None:
    """Compare-and-set: raise the version of ``obj`` (and apply ``changes``) only if it still is
    ``expected_version``; otherwise raise StaleEdit. ``obj`` follows the new version."""
    if not rows.filter(pk=obj.pk, **{field: expected_version}).update(**{field: F(field) + 1}, **changes):
        raise StaleEdit
    setattr(obj, field, expected_version + 1)


def version_check(
    locked: Model, expected_version: int | None, *, field: str = "version", message=None
) -> None:
    """For a row locked with select_for_update: refuse a form built from another version (None: no form).

    The caller counts its change (``version += 1``) when it saves."""
    if expected_version is not None and getattr(locked, field) != expected_version:
        raise StaleEdit(message)
