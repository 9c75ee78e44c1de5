"""Small form helpers shared by the apps."""

import functools
import math
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.forms import renderers
from django.template import TemplateDoesNotExist


class FormRenderer(renderers.Jinja2):
    """Django's own widget templates through Jinja2; any other (the admin's widgets) through Django templates.

    The same widgets, written out alike; Jinja2 compiles its templates to Python. Through Django's template
    engine, the six fields of the case page's contact form took a sixth of the page's time (ADR 14).
    """

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)

    @functools.cached_property
    def fallback(self):
        return renderers.DjangoTemplates()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _person_label(user) -> str:
    return user.get_full_name() or user.username


class UserChoiceField(forms.ModelChoiceField):
    """Pick a colleague by name, not by username."""

    def label_from_instance(self, obj) -> str:
        return _person_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person_label(obj)


def errors_as_text(form: forms.Form) -> str:
    """All of a form's errors in one line, for a message on the page the form was posted from."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# Further than any list reaches; a larger page number is answered with the last page.
PAGE_MAX = 100_000


def counted(queryset: QuerySet) -> QuerySet:
    """The queryset with each row carrying the count of all its rows: a window count the database works out
    while it sorts (what paginate reads, so no second COUNT query)."""
    return queryset.annotate(_rows_in_all=Window(Count("*")))


def paginate(queryset, number, size: int, *, fetch: Callable[[int, int], list] | None = None) -> Page:
    """A page of the queryset, counted in the same query (counted()). A number past the end shows the last
    page, as Paginator.get_page does (then at the price of two more queries).

    With ``fetch(limit, offset)`` the rows come from it instead, as counted() rows (e.g. from a query compiled
    once, core.prepared), and ``queryset`` is not read."""
    try:
        number = min(max(int(number or 1), 1), PAGE_MAX)  # further than PAGE_MAX: the last page, found below
    except (TypeError, ValueError):
        number = 1
    if fetch is None:
        query = queryset.query
        if query.distinct or query.combinator or query.group_by is not None or query.values_select:
            # A window would count other rows, or rows are not model objects.
            return Paginator(queryset, size).get_page(number)
        fetch = lambda limit, offset: list(counted(queryset)[offset : offset + limit])  # noqa: E731
    rows = fetch(size, (number - 1) * size)
    if not rows and number > 1:
        first = fetch(1, 0)
        number = max(math.ceil(first[0]._rows_in_all / size), 1) if first else 1
        rows = fetch(size, (number - 1) * size)
    paginator = Paginator(rows, size)
    paginator.count = rows[0]._rows_in_all if rows else 0
    return Page(rows, number, paginator)
