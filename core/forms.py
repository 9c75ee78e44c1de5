"""Small form helpers shared by the apps."""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
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


def paginate(queryset, number, size: int) -> Page:
    """A page of the queryset, counted in the same query: each row carries the count of all rows (a window
    count the database works out while it sorts), so no second COUNT query. A number past the end shows the
    last page, as Paginator.get_page does (then at the price of a count)."""
    paginator = Paginator(queryset, size)
    try:
        number = max(int(number or 1), 1)
    except (TypeError, ValueError):
        number = 1
    query = queryset.query
    if query.distinct or query.combinator or query.group_by is not None or query.values_select:
        return paginator.get_page(number)  # a window would count other rows, or rows are not model objects
    if number > PAGE_MAX:
        return paginator.get_page(number)  # an offset the database cannot hold: the last page
    start = (number - 1) * size
    rows = list(queryset.annotate(_rows_in_all=Window(Count("*")))[start : start + size])
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = 0 if not rows else rows[0]._rows_in_all
    return Page(rows, number, paginator)
