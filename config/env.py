"""Typed reads of environment variables that fail loudly.

Every reader also accepts ``<NAME>_FILE``: the path of a file holding the value (Docker and
Kubernetes secrets). Setting both ``NAME`` and ``NAME_FILE`` is an error, as is a value that does
not parse: a typo in production must stop the process, not fall back to a default.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

REQUIRED = object()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    file_name = f"{name}_FILE"
    path = os.environ.get(file_name)
    if path:
        if os.environ.get(name):
            raise ImproperlyConfigured(f"Set {name} or {file_name}, not both.")
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_name}={path!r} cannot be read: {exc}") from exc
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def _missing(name: str, default):
    if default is REQUIRED:
        raise ImproperlyConfigured(f"The environment variable {name} (or {name}_FILE) is required.")
    return default


def env_str(name: str, default=REQUIRED) -> str:
    value = _raw(name)
    return _missing(name, default) if value is None else value


def env_bool(name: str, default=REQUIRED) -> bool:
    value = _raw(name)
    if value is None:
        return _missing(name, default)
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of true/false, 1/0, yes/no, on/off."
    )


def env_int(name: str, default=REQUIRED) -> int:
    value = _raw(name)
    if value is None:
        return _missing(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default=REQUIRED) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = _raw(name)
    if value is None:
        return _missing(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]
