import functools

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.timeline import SOURCES
from cases.workflow import SEEN_LONG_AGO_DAYS
from core.dates import days_ago_words, local_days_since
from core.html import format_html, format_html_join

register = template.Library()


def _timeline_time(moment, weekdays: dict, months: dict) -> str:
    """A timeline entry's <time>, local: "zondag 29 november 2026, 21:15" (as date:"l j F Y, H:i" writes it).

    Written out here: the date filter, twice per entry, took a fifth of the timeline's rendering (ADR 14)."""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{} {} {} {}, {}</time>',
        local.isoformat(),
        weekdays[local.weekday()],
        local.day,
        months[local.month],
        local.year,
        f"{local:%H:%M}",
    )


@functools.cache
def _calendar_words(language: str) -> tuple[dict, dict]:
    """The names of the weekdays and months in one language, translated once per process."""
    return {n: str(name) for n, name in WEEKDAYS.items()}, {n: str(name) for n, name in MONTHS.items()}


def _timeline_entry(context, entry) -> str:
    """One entry's content: its source writes it in Python (contacts), or its template shows it as "item"."""
    source = SOURCES[entry.kind]
    if source.html:
        return source.html(entry.item, context)
    template = context.template.engine.get_template(source.template)
    with context.push(item=entry.item):
        return template.render(context)


@register.simple_tag(takes_context=True)
def timeline_entries(context, entries) -> str:
    """The <li> of each entry of a timeline page: when, and what. The contact just saved (``saved_contact``)
    takes the focus. Written in one tag: a template loop with two tags per entry took a third of the
    timeline's rendering (ADR 14)."""
    weekdays, months = _calendar_words(get_language())
    saved = context.get("saved_contact")
    return format_html_join(
        "\n",
        '<li class="timeline__entry timeline__entry--{}" id="entry-{}-{}"{}>\n'
        '<p class="timeline__when">{}</p>\n{}\n</li>',
        (
            (
                entry.kind,
                entry.kind,
                entry.item.pk,
                mark_safe(' tabindex="-1" autofocus')
                if saved is not None and entry.kind == "contact" and entry.item == saved
                else "",
                _timeline_time(entry.at, weekdays, months),
                _timeline_entry(context, entry),
            )
            for entry in entries
        ),
    )


@register.simple_tag
def last_seen(link) -> str:
    """When a child of the case was last seen face to face: the day, and how long ago, marked when that is
    more than SEEN_LONG_AGO_DAYS; or that the child has not been seen yet."""
    if link.last_seen_at is None:
        return format_html('<span class="warning">{}</span>', _("not yet seen face to face"))
    today = timezone.localdate()
    day = timezone.localdate(link.last_seen_at)
    months = _calendar_words(get_language())[1]
    marked = local_days_since(link.last_seen_at, today) > SEEN_LONG_AGO_DAYS
    return format_html(
        '<time datetime="{}">{} {} {}</time> <span{}>({})</span>',
        day.isoformat(),
        day.day,
        months[day.month],
        day.year,
        mark_safe(' class="warning"') if marked else "",
        days_ago_words(day, today),
    )
