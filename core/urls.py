"""URLs of our pages reversed once per process, not once per link: a list or a menu reversed a dozen per page,
each walking the URL patterns again (ADR 14)."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Ids no row has (as long as each other, neither inside the other), reversed in the ids' places.
_STAND_INS = (9_223_372_036_854_775_807, 9_223_372_036_854_775_806)


@functools.cache
def _reversed(name: str, ids: int, prefix: str, urlconf: str) -> str:
    url = reverse(name, args=_STAND_INS[:ids], urlconf=urlconf)
    for index, stand_in in enumerate(_STAND_INS[:ids]):
        url = url.replace(str(stand_in), f"{{{index}}}")
    return url


def _key() -> tuple[str, str]:
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


def url_of(name: str) -> str:
    """reverse(name), for a page that takes no arguments."""
    return _reversed(name, 0, *_key())


def url_pattern(name: str, ids: int = 1) -> str:
    """The URL of a page that takes ids, with {0}, {1} where they go: ``url_pattern(name).format(pk)``."""
    if not 0 < ids <= len(_STAND_INS):
        raise ValueError(f"url_pattern takes one or two ids, not {ids}.")
    return _reversed(name, ids, *_key())
