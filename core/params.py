"""Whole numbers from a query string or a posted form, read safely.

``str.isdigit()`` holds for "²" and "٣": int() refuses the first and reads the second as 3. Twenty
digits pass int() but not the database. These helpers read plain ASCII digits only, within a range the
database can hold, and answer None for anything else, so that a view can answer in Dutch instead of
with a 500.
"""

import re
from collections.abc import Mapping

BIGINT_MAX = 2**63 - 1  # the largest id PostgreSQL's bigint holds

_INTEGER = re.compile(r"-?[0-9]{1,19}")


def parse_int(value: object, *, minimum: int = 1, maximum: int = BIGINT_MAX) -> int | None:
    """The whole number ``value`` spells in ASCII digits, if it lies in [minimum, maximum]; else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _INTEGER.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def int_param(
    params: Mapping[str, str], name: str, *, minimum: int = 1, maximum: int = BIGINT_MAX
) -> int | None:
    """The whole number in request.GET or request.POST under ``name``; None when missing or not valid."""
    return parse_int(params.get(name), minimum=minimum, maximum=maximum)
