from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import ACCESS_LOG, DIRECT, NOTES, REOPEN, SUBMIT, WORK
from cases.timeline import SOURCES
from cases.workflow import SEEN_LONG_AGO_DAYS
from core.dates import day_words, days_ago_words, local_days_since, moment_words
from core.html import format_html, format_html_join
from core.urls import url_pattern

register = template.Library()


def _timeline_time(moment) -> str:
    """A timeline entry's <time>, local: "zondag 29 november 2026, 21:15" (as date:"l j F Y, H:i" writes it).
    Not the date filter: twice per entry, it took a fifth of the timeline's rendering (ADR 14)."""
    return format_html(
        '<time datetime="{}">{}</time>', timezone.localtime(moment).isoformat(), moment_words(moment)
    )


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
                _timeline_time(entry.at),
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
    marked = local_days_since(link.last_seen_at, today) > SEEN_LONG_AGO_DAYS
    return format_html(
        '<time datetime="{}">{}</time> <span{}>({})</span>',
        day.isoformat(),
        day_words(day),
        mark_safe(' class="warning"') if marked else "",
        days_ago_words(day, today),
    )


# The case page's actions in order: page (other apps' named, not imported), label, the permission needed
# (None: whoever sees the case), and whether the case is closed (True), open (False) or either (None).
CASE_ACTIONS = (
    ("cases:transition", gettext_lazy("Reopen"), REOPEN, True),
    ("cases:transition", gettext_lazy("Change phase"), DIRECT, False),
    ("cases:assign", gettext_lazy("Director and co-workers"), DIRECT, False),
    ("cases:person-add", gettext_lazy("Add a household member"), WORK, False),
    ("cases:move", gettext_lazy("Record a move"), WORK, False),
    ("measures:case-measures", gettext_lazy("Measures"), None, None),
    ("safetyplans:case", gettext_lazy("Safety plan"), None, None),
    ("tables:submission-new", gettext_lazy("Submit to the Beschermtafel"), SUBMIT, False),
    ("referrals:case-monitoring", gettext_lazy("Conditions and monitoring"), None, None),
    ("reportingcode:reporting-code", gettext_lazy("Meldcode"), NOTES, None),
    ("cases:access-log", gettext_lazy("Access log"), ACCESS_LOG, None),
)


@register.simple_tag(takes_context=True)
def case_actions(context) -> str:
    """The <li> of each action the user is offered on the case page. Written in Python with URLs reversed once
    per process: a {% url %}, {% translate %} and {% if %} per action cost 0.6 ms a page (ADR 14)."""
    case, perms = context["case"], context["perms"]
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a></li>',
        (
            (url_pattern(name).format(case.pk), label)
            for name, label, needs, closed in CASE_ACTIONS
            if (needs is None or needs in perms) and (closed is None or closed == case.is_closed)
        ),
    )
