"""Querysets built and compiled to SQL once per process, then run with each call's values (ADR 14).

On the hot pages Django took longer to build and compile a small query than PostgreSQL took to run it. A
``Prepared`` wraps a function that builds a queryset from named values. On first use it builds the queryset
twice, with two stand-in values per name, compiles both and keeps the SQL. Each call runs that SQL with the
call's values, and Django's own iterable turns the rows into objects or tuples, select_related and
prefetch_related included.

What a build function may do: use each value as it is (a pk, a date) in filters. What it must not do:
- derive another value from one in Python (``value + 1``): refused when compiled, the stand-ins show it;
- branch on a value so that the SQL differs: refused the same way;
- read anything else that changes, such as the clock: that would be compiled in and stay. Pass it in as a
  value instead (``today``).
"""

import copy
import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

# Stand-ins are compiled, never run. Per type, the first one of the first value; the others are spaced so that
# no value shifted by a constant (value + 1) passes for another value's stand-ins in both builds, and so that
# the two builds differ in parity. Like real ids they are positive (a build testing "id > 0" takes the same
# branch), but larger than any. A list of ids takes one int stand-in per item.
FIRST_STAND_IN: dict[type, Any] = {
    int: 2**62 - 1,
    str: 0,  # a string stand-in is "\x1f<n>": no text anyone types starts with a unit separator
    dt.date: dt.date(1901, 1, 1),
    dt.datetime: dt.datetime(1901, 1, 1, 1, 1, tzinfo=dt.UTC),
}
STEP: dict[type, Any] = {
    int: -1,
    str: 1,
    dt.date: dt.timedelta(days=1),
    dt.datetime: dt.timedelta(days=1, seconds=1),
}
# A list of ids is padded (its last id repeated) to a length of this series, so that a few SQL shapes serve
# every length: IN (1, 2, 3, 3) finds what IN (1, 2, 3) finds.
LIST_LENGTHS = (4, 16, 64, 256, 1024)


def _stand_in(kind: type, slot: int, build: int) -> Any:
    steps = slot if build == 0 else 100_001 + 7 * slot
    value = FIRST_STAND_IN[kind] + STEP[kind] * steps
    return f"\x1f{value}" if kind is str else value


# An int value is an id, compared for equality: one beyond a 64-bit column matches no row.
ID_RANGE = (-(2**63), 2**63 - 1)


def _in_range(value) -> bool:
    if isinstance(value, list):
        return all(_in_range(item) for item in value)
    return not isinstance(value, int) or ID_RANGE[0] <= value <= ID_RANGE[1]


def _padded(ids: list[int]) -> list[int]:
    length = next((n for n in LIST_LENGTHS if n >= len(ids)), len(ids))
    return [*ids, *[ids[-1]] * (length - len(ids))]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Per parameter of the SQL: the slot of the value it takes ((name, None), or (name, index) in a list), or
    # None and the value compiled in.
    parameters: tuple[tuple[tuple[str, int | None] | None, Any], ...]
    queryset: QuerySet
    compiler: SQLCompiler


class Prepared:
    """A query shape whose SQL is compiled once per process. ``values`` names the build function's keyword
    arguments and their types: int (an id), str, date, datetime, or list (of ids, for ``__in``; never empty).
    ``depends_on`` gives what else shapes the query, such as the hooks registered, and the SQL is compiled
    anew when that changes."""

    def __init__(
        self, build: Callable[..., QuerySet], *, depends_on: Callable[[], Hashable] = tuple, **values: type
    ):
        for name, kind in values.items():
            if kind not in FIRST_STAND_IN and kind is not list:
                raise ImproperlyConfigured(f"Prepared query value {name}: no stand-ins for {kind.__name__}.")
        self.build = build
        self.depends_on = depends_on  # what else shapes the query (e.g. the hooks registered), compiled anew
        self.values = values
        self._compiled: dict[tuple, _Compiled] = {}

    def list(self, *, using: str = "default", limit: int | None = None, offset: int = 0, **values) -> list:
        """The rows for these values, as the built queryset would give them; a page of them with limit and
        offset (the built queryset must not be sliced itself then)."""
        if values.keys() != self.values.keys():
            raise TypeError(f"Prepared query takes {sorted(self.values)}, got {sorted(values)}.")
        if not all(_in_range(value) for value in values.values()):
            return []  # an id no column holds (as Django answers such a lookup): no query
        if any(value == [] for value in values.values()):
            raise ValueError("A prepared query's list of ids is never empty: ask the database nothing then.")
        values = {name: _padded(v) if self.values[name] is list else v for name, v in values.items()}
        lengths = tuple(len(value) for value in values.values() if isinstance(value, list))
        connection = connections[using]
        key = (using, connection.vendor, timezone.get_current_timezone_name(), lengths, self.depends_on())
        compiled = self._compiled.get(key) or self._compiled.setdefault(
            key, self._compile(connection, lengths)
        )
        slots = _slots(connection, values)
        params = [value if slot is None else slots[slot] for slot, value in compiled.parameters]
        sql = compiled.sql
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = compiled.queryset.using(using)  # a clone: its own query and result cache
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def _stand_ins(self, lengths: tuple[int, ...], build: int) -> dict:
        values, slot, lists = {}, 0, iter(lengths)
        for name, kind in self.values.items():
            if kind is list:
                values[name] = [_stand_in(int, slot + i, build) for i in range(next(lists))]
                slot += len(values[name])
            else:
                values[name] = _stand_in(kind, slot, build)
                slot += 1
        return values

    def _compile(self, connection, lengths: tuple[int, ...]) -> _Compiled:
        built = []
        for index in (0, 1):
            values = self._stand_ins(lengths, index)
            queryset = self.build(**values)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            built.append((queryset, compiler, sql, params, _slots(connection, values)))
        (queryset, compiler, sql, params, first), (_, _, other_sql, other_params, second) = built
        if sql != other_sql:
            raise ImproperlyConfigured(f"{self.build.__qualname__} builds different SQL for other values.")
        parameters = []
        for value, other in zip(params, other_params, strict=True):
            slots = [slot for slot in first if first[slot] == value and second[slot] == other]
            if value == other and not slots:
                parameters.append((None, value))
            elif len(slots) == 1:
                parameters.append((slots[0], None))
            else:
                raise ImproperlyConfigured(
                    f"{self.build.__qualname__} derives a query value from its values: {value!r}."
                )
        return _Compiled(sql, tuple(parameters), queryset, compiler)


def _slots(connection, values: dict) -> dict[tuple[str, int | None], Any]:
    """Each value, or each id of a list, as the database adapter receives it (SQLite takes dates as text)."""
    ops = connection.ops
    slots = {}
    for name, value in values.items():
        if isinstance(value, list):
            slots.update({(name, i): item for i, item in enumerate(value)})
        elif isinstance(value, dt.datetime):
            slots[(name, None)] = ops.adapt_datetimefield_value(value)
        elif isinstance(value, dt.date):
            slots[(name, None)] = ops.adapt_datefield_value(value)
        else:
            slots[(name, None)] = value
    return slots
