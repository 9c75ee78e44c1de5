"""The case timeline: one chronological list merged from several sources, one page at a time.

Each source gives, for a case, a queryset of its entries annotated with ``at``, and a way to load the
entries of one page with what their template needs. Apps add their own source (referrals, plans,
table items, flags) with register(); the page costs one UNION query plus one query set per source
that has entries on it, however long the history is.

The UNION of all sources is built and compiled to SQL once per process, not per page (core.prepared, ADR 14):
a source's query may use the case's pk, family_id and opened_on as they are, and nothing else of it.
"""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, F, OuterRef, QuerySet, Value
from django.template import Context
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import user_name
from cases.access import NOTES
from cases.models import Address, Case, Contact, ContactKind, PhaseChange
from cases.services import contact_is_editable_by
from core.html import format_html
from core.prepared import Prepared
from core.urls import url_pattern

PAGE_SIZE = 25


@dataclass(frozen=True)
class Source:
    kind: str
    # The case's entries, annotated with "at" (a datetime); it may read the case's pk, family_id, opened_on.
    entries: Callable[[Case], QuerySet]
    # The entries with these ids, ready to be shown: a queryset, compiled once per process (core.prepared).
    load: Callable[[list[int]], QuerySet]
    template: str = ""  # shows one entry, as "item", in the case page's context
    # Or, for the entries most pages are full of, a function writing the same HTML: (item, context) -> html.
    html: Callable[[Any, Context], str] | None = None
    # What a queryset does not read, added to the loaded entries of a page (e.g. the contacts' children).
    complete: Callable[[list], None] | None = None


SOURCES: dict[str, Source] = {}
_LOADS: dict[str, Prepared] = {}


def register(source: Source) -> None:
    if bool(source.template) == bool(source.html):
        raise ImproperlyConfigured(f"Timeline source {source.kind}: give a template or an html function.")
    SOURCES[source.kind] = source
    _LOADS[source.kind] = Prepared(source.load, ids=list)


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    kind: str
    item: object


@dataclass
class TimelinePage:
    """A page of the timeline; it knows whether there is more without counting all of it."""

    number: int
    object_list: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


# What a source may read of the case.
KEY_FIELDS = ("id", "family_id", "opened_on")


def _union(case: Case) -> QuerySet:
    parts = [
        source.entries(case).annotate(entry=Value(kind)).values_list("pk", "at", "entry").order_by()
        for kind, source in SOURCES.items()
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-at", "-pk")


def _union_of_key(id: int, family_id: int, opened_on: dt.date) -> QuerySet:
    """The UNION for a case of which only the key fields are known. A source reading another field of it
    finds no such case when Prepared builds it for its stand-ins: that is a source's mistake."""
    try:
        return _union(Case.from_db(DEFAULT_DB_ALIAS, KEY_FIELDS, (id, family_id, opened_on)))
    except Case.DoesNotExist as error:
        raise ImproperlyConfigured("A timeline source reads more of the case than its key fields.") from error


# Built and compiled once per process, and anew when a source is registered: building and compiling it took
# more time than the database takes to run it (ADR 14).
_UNION = Prepared(_union_of_key, depends_on=lambda: tuple(SOURCES), id=int, family_id=int, opened_on=dt.date)


def case_timeline(case: Case, page_number: int | str | None = 1) -> TimelinePage:
    """One page of the case's history, newest first."""
    try:
        number = max(int(page_number or 1), 1)
    except ValueError:
        number = 1
    values = {name: getattr(case, name) for name in KEY_FIELDS}
    rows = _UNION.list(limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE, **values)
    page = TimelinePage(number=number, object_list=rows[:PAGE_SIZE], has_next=len(rows) > PAGE_SIZE)

    ids: dict[str, list[int]] = {}
    for pk, _at, kind in page.object_list:
        ids.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, pks in ids.items():
        items = _LOADS[kind].list(ids=pks)
        if SOURCES[kind].complete:
            SOURCES[kind].complete(items)
        loaded.update({(kind, item.pk): item for item in items})
    page.object_list = [Entry(at=at, kind=kind, item=loaded[(kind, pk)]) for pk, at, kind in page.object_list]
    return page


def _load_contacts(ids: list[int]) -> QuerySet[Contact]:
    """The contacts of a page with their author's name, not the author as a user: the whole user row took half
    of the contacts' query, and a user object per contact a quarter of the rest in Python (ADR 14)."""
    return Contact.objects.filter(pk__in=ids).annotate(author_name=user_name("author__"))


def _children_named(ids: list[int]) -> QuerySet:
    """(contact, given name, birth date, "seen" or "alone") for the children seen and spoken to alone."""
    seen = Contact.children_seen.through.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "person__given_name", "person__birth_date", Value("seen")
    )
    alone = Contact.children_spoken_alone.through.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "person__given_name", "person__birth_date", Value("alone")
    )
    return seen.union(alone, all=True)


_CHILDREN_NAMED = Prepared(_children_named, ids=list)


def _name_children(contacts: list[Contact]) -> None:
    """Each contact with the names of the children seen and spoken to alone, oldest first (one query)."""
    names: dict[tuple[int, str], list[tuple]] = {}
    for contact_id, name, born, kind in _CHILDREN_NAMED.list(ids=[contact.pk for contact in contacts]):
        names.setdefault((contact_id, kind), []).append((born, name))
    for contact in contacts:
        contact.seen_names = [name for _, name in sorted(names.get((contact.pk, "seen"), []))]
        contact.spoken_alone_names = [name for _, name in sorted(names.get((contact.pk, "alone"), []))]


@functools.cache
def _contact_words(language: str) -> dict:
    """The words of a contact entry in one language, translated once per process, not per entry."""
    return {
        "kinds": {value: str(label) for value, label in ContactKind.choices},
        "by": _("by %(author)s"),
        "changed": f" · {_('changed')}",
        "seen": _("Seen:"),
        "alone": _("Spoken to alone:"),
        "present": _("Present:"),
        "scale": _("Safety scale:"),
        "correct": _("Correct this note"),
    }


def _contact_html(contact: Contact, context: Context) -> str:
    """A contact on the timeline. Written here, not in a template: a page holds up to 25, and their template
    took a sixth of the case page (ADR 14). Everything people typed is escaped by format_html."""
    words = _contact_words(get_language())
    parts = [
        format_html('<h3 class="timeline__title">{}</h3>', words["kinds"].get(contact.kind, contact.kind)),
        format_html(
            '<p class="timeline__meta">{}{}</p>',
            words["by"] % {"author": contact.author_name.strip()},  # as User.get_full_name()
            words["changed"] if contact.version > 1 else "",
        ),
    ]
    if contact.seen_names:
        parts.append(format_html("<p>{} {}</p>", words["seen"], ", ".join(contact.seen_names)))
    if contact.spoken_alone_names:
        parts.append(format_html("<p>{} {}</p>", words["alone"], ", ".join(contact.spoken_alone_names)))
    if NOTES in context["perms"]:
        if contact.present:
            parts.append(format_html("<p>{} {}</p>", words["present"], contact.present))
        if contact.safety_scale is not None:
            parts.append(format_html("<p>{} {}/10</p>", words["scale"], contact.safety_scale))
        if contact.note:
            parts.append(format_html('<div class="timeline__note">{}</div>', linebreaksbr(contact.note)))
    case = context["case"]
    contact.case = case  # the page's own case: the rule below reads whether it is closed, without a query
    if contact_is_editable_by(contact, context["user"]):
        url = url_pattern("cases:contact-edit", ids=2).format(case.pk, contact.pk)
        parts.append(format_html('<p><a href="{}">{}</a></p>', url, words["correct"]))
    return mark_safe("\n".join(parts))  # noqa: S308 (every part built by format_html)


register(
    Source(
        kind="contact",
        entries=lambda case: Contact.objects.filter(case=case).annotate(at=F("occurred_at")),
        load=_load_contacts,
        html=_contact_html,
        complete=_name_children,
    )
)
register(
    Source(
        kind="phase_change",
        entries=lambda case: PhaseChange.objects.filter(case=case).annotate(at=F("changed_at")),
        load=lambda ids: PhaseChange.objects.filter(pk__in=ids).select_related("changed_by"),
        template="cases/timeline/phase_change.html",
    )
)
register(
    Source(
        kind="move",
        # A move is an address that replaced an earlier one, recorded while the case was open.
        entries=lambda case: Address.objects.filter(
            Exists(
                Address.objects.filter(family_id=OuterRef("family_id"), valid_from__lt=OuterRef("valid_from"))
            ),
            family_id=case.family_id,
            recorded_at__date__gte=case.opened_on,
        ).annotate(at=F("recorded_at")),
        load=lambda ids: Address.objects.filter(pk__in=ids).select_related("municipality", "recorded_by"),
        template="cases/timeline/move.html",
    )
)
