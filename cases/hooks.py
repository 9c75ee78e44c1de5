"""How the apps above cases plug into its queries, its pages and its events without cases importing them.

Registered from the app's AppConfig.ready(), like the timeline's sources (cases/timeline.py):

- ``case_annotate(name, expression)``: an expression added to the case get_case_for() reads, in the same
  query (e.g. whether the case has open signals, so the page spends no query when it has none).
- ``column_register(Column(...))``: a column of the caseload lists: its subqueries per row (computed by
  the database for the rows of one page), its sort key, and the template of its cell.
- ``panel_register(Panel(...))``: a part of the case page under its header, with its own context.
- ``on(event, handler)`` / ``emit(event, **kwargs)``: a service says what happened, inside its
  transaction; the handlers run there and then (e.g. rules that flag at once).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Expression
from django.utils.functional import Promise

CASE_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}


def case_annotate(name: str, expression: Callable[[], Expression]) -> None:
    CASE_ANNOTATIONS[name] = expression


def case_annotations() -> dict[str, Expression]:
    return {name: expression() for name, expression in CASE_ANNOTATIONS.items()}


@dataclass(frozen=True)
class Column:
    key: str  # the sort key (?sort=<key>)
    label: Promise
    # Per row, on the outer case (OuterRef("pk")), given today: the list is compiled once (core.prepared), so
    # they read the day from their argument, never from the clock.
    annotations: Callable[[dt.date], dict[str, Expression]]
    sort: tuple[str, ...]  # annotated fields to order by; the case number comes last
    cell: Callable[[object], str]  # the cell's HTML for one row (format_html: escaped), given the case


COLUMNS: dict[str, Column] = {}


def column_register(column: Column) -> None:
    COLUMNS[column.key] = column


def column_annotations(today: dt.date) -> dict[str, Expression]:
    return {name: value for column in COLUMNS.values() for name, value in column.annotations(today).items()}


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict]  # context(case=..., perms=...): merged into the case page's context


PANELS: list[Panel] = []


def panel_register(panel: Panel) -> None:
    if panel not in PANELS:
        PANELS.append(panel)


def panels_context(*, case, perms: set[str]) -> dict:
    context = {"panels": [panel.template for panel in PANELS]}
    for panel in PANELS:
        context.update(panel.context(case=case, perms=perms))
    return context


HANDLERS: dict[str, list[Callable[..., None]]] = {}


def on(event: str, handler: Callable[..., None]) -> None:
    handlers = HANDLERS.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


def emit(event: str, **kwargs) -> None:
    for handler in HANDLERS.get(event, []):
        handler(**kwargs)
