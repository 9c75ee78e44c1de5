import functools

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from cases.access import ACCESS_LOG, DIRECT, NOTES, REOPEN, SUBMIT
from cases.timeline import SOURCES
from cases.workflow import SEEN_LONG_AGO_DAYS
from core.dates import days_ago_words, local_days_since
from core.html import format_html, format_html_join
from core.urls import url_pattern

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


def _directs(closed: bool, perms: frozenset, work: bool) -> bool:
    return not closed and DIRECT in perms


# The case page's actions, in order: the page (other apps' pages are named, not imported), the label, and when
# the user is offered it: (case closed, the user's permissions, may work on it) -> bool, or always (None).
CASE_ACTIONS = (
    ("cases:transition", gettext_lazy("Reopen"), lambda closed, perms, work: closed and REOPEN in perms),
    ("cases:transition", gettext_lazy("Change phase"), _directs),
    ("cases:assign", gettext_lazy("Director and co-workers"), _directs),
    ("cases:person-add", gettext_lazy("Add a household member"), lambda closed, perms, work: work),
    ("cases:move", gettext_lazy("Record a move"), lambda closed, perms, work: work),
    ("measures:case-measures", gettext_lazy("Measures"), None),
    ("safetyplans:case", gettext_lazy("Safety plan"), None),
    (
        "tables:submission-new",
        gettext_lazy("Submit to the Beschermtafel"),
        lambda closed, perms, work: not closed and SUBMIT in perms,
    ),
    ("referrals:case-monitoring", gettext_lazy("Conditions and monitoring"), None),
    ("reportingcode:reporting-code", gettext_lazy("Meldcode"), lambda closed, perms, work: NOTES in perms),
    ("cases:access-log", gettext_lazy("Access log"), lambda closed, perms, work: ACCESS_LOG in perms),
)


@register.simple_tag(takes_context=True)
def case_actions(context) -> str:
    """The <li> of each action the user is offered on the case page. Written in Python with URLs reversed once
    per process: a {% url %}, {% translate %} and {% if %} per action cost 0.6 ms a page (ADR 14)."""
    case, perms, work = context["case"], context["perms"], context["can_work"]
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a></li>',
        (
            (url_pattern(name).format(case.pk), label)
            for name, label, offered in CASE_ACTIONS
            if offered is None or offered(case.is_closed, perms, work)
        ),
    )


_HOUSEHOLD_ROW = (
    '<tr>\n<th scope="row">{}</th>\n<td>{}</td>\n<td>{}</td>\n<td>{} {} {} ({})</td>\n<td>{}</td>\n</tr>'
)


@register.simple_tag
def household_rows(household) -> str:
    """The rows of the case header's household table: name, relation, parental authority, date of birth with
    age, and when a child of the case was last seen. Written in Python, like the timeline's entries."""
    if not household:
        return format_html('<tr><td colspan="5">{}</td></tr>', _("No one in this household yet."))
    today = timezone.localdate()
    months = {number: str(name) for number, name in MONTHS_3.items()}
    yes, no = _("Yes"), _("No")
    rows = []
    for member in household:
        person = member.person
        born, age = person.birth_date, person.age_on(today)
        rows.append(
            format_html(
                _HOUSEHOLD_ROW,
                person.full_name,
                member.get_relation_display(),
                yes if member.parental_authority else no,
                born.day,
                months[born.month],
                born.year,
                ngettext("%(age)s year", "%(age)s years", age) % {"age": age},
                last_seen(member.case_link) if member.case_link else "",
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every row built by format_html)
