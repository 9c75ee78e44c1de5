from django import template
from django.utils import timezone

from cases import hooks
from cases.services import contact_within_edit_window

register = template.Library()


@register.filter
def days_since(value) -> int | None:
    """Whole days between a moment and today (local time); None stays None."""
    if value is None:
        return None
    return (timezone.localdate() - timezone.localdate(value)).days


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


@register.filter
def within_edit_window(contact) -> bool:
    """Whether the contact's author may still correct it (the case being open is checked by the caller)."""
    return contact_within_edit_window(contact)


@register.simple_tag
def caseload_columns() -> list:
    """The caseload columns other apps add (cases.hooks), in the order they were registered."""
    return list(hooks.COLUMNS.values())
