"""Formatting every app's templates share: `{% load zicht %}`."""

import datetime as dt

from django import template
from django.utils import timezone

from core.dates import days_ago_words
from core.html import format_html_join
from core.validators import display_postcode

register = template.Library()


@register.filter
def postcode(value: str) -> str:
    """ "1501CM" -> "1501 CM"."""
    return display_postcode(value)


@register.filter
def days_ago(value) -> str:
    """A date or moment as "vandaag", "1 dag geleden", "12 dagen geleden" (local time); empty stays empty."""
    if value in (None, ""):
        return ""
    day = timezone.localdate(value) if isinstance(value, dt.datetime) else value
    return days_ago_words(day, timezone.localdate())


@register.simple_tag
def select_options(field) -> str:
    """The <option>s of a bound choice field, the chosen one selected: built in Python, as a template per
    option cost more than the rest of a list page for a team of eighty (ADR 14). Values and labels escaped."""
    value = field.value()
    chosen = "" if value is None else str(value)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (option, " selected" if str(option) == chosen else "", label)
            for option, label in field.field.choices
        ),
    )
