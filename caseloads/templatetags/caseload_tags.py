from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases import hooks
from cases.models import Phase
from cases.workflow import SEEN_LONG_AGO_DAYS
from core.dates import day_words, local_days_since
from core.html import format_html, format_html_join
from core.urls import url_pattern

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key: str) -> str:
    """The query string that sorts a list by key, reversing it when it is already sorted so."""
    current = context.get("sort", "number")
    new = f"-{key}" if current == key else key
    query = context.get("query", "")
    return f"?{query}&sort={new}" if query else f"?sort={new}"


@register.simple_tag(takes_context=True)
def aria_sort(context, key: str) -> str:
    current = context.get("sort", "number")
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


@register.simple_tag
def caseload_columns() -> list:
    """The caseload columns other apps add (cases.hooks), in the order they were registered."""
    return list(hooks.COLUMNS.values())


def _seen(link, today) -> str:
    days = local_days_since(link.last_seen_at, today)
    if days is None:
        return format_html(
            "<li>{}: <strong>{}</strong></li>", link.child.given_name, _("not yet seen face to face")
        )
    template = "<li>{}: <strong>{}</strong></li>" if days > SEEN_LONG_AGO_DAYS else "<li>{}: {}</li>"
    return format_html(template, link.child.given_name, days)


class _Page:
    """What every row of one page shares, worked out once: today, the columns, the phase labels and the link
    (a lazy label or date_format per row cost more than the rest of the row)."""

    def __init__(self):
        self.today = timezone.localdate()
        self.columns = caseload_columns()
        self.phases = {value: str(label) for value, label in Phase.choices}
        self.detail = url_pattern("cases:detail")
        self.none_yet = _("none yet")


def _case_row(case, page: _Page) -> str:
    children = case.children_listed
    today = page.today
    cells = format_html_join("", "<td>{}</td>", ((column.cell(case),) for column in page.columns))
    return format_html(
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td><ul class="plain">{}</ul></td>'
        '<td><span class="phase phase--{}">{}</span></td><td>{}</td><td>{}</td>'
        '<td><ul class="plain">{}</ul></td>{}</tr>',
        page.detail.format(case.pk),
        case.number,
        case.family.name,
        format_html_join(
            "", "<li>{} ({})</li>", ((link.child.given_name, link.child.age_on(today)) for link in children)
        ),
        case.phase,
        page.phases[case.phase],
        case.director_name or "—",
        day_words(timezone.localdate(case.last_contact_at), short=True)
        if case.last_contact_at
        else page.none_yet,
        mark_safe("".join(_seen(link, today) for link in children)),  # noqa: S308 (each item built by format_html)
        cells,
    )


@register.simple_tag
def case_rows(rows) -> str:
    """The rows of a caseload list (caseloads.selectors.case_list), rendered in Python: fifty rows with their
    children and the columns of other apps cost a third of the template's time (ADR 14). Every value is
    escaped by format_html."""
    page = _Page()
    return mark_safe("\n".join(_case_row(case, page) for case in rows))  # noqa: S308 (format_html rows)
