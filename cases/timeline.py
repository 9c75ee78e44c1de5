"""The case timeline: one chronological list merged from several sources, one page at a time.

Each source gives, for a case, a queryset of its entries annotated with ``at``, and a way to load the
entries of one page with what their template needs. Apps add their own source (referrals, plans,
table items, flags) with register(); the page costs one UNION query plus one query set per source
that has entries on it, however long the history is.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet, Value

from cases.models import Address, Case, Contact, PhaseChange

PAGE_SIZE = 25


@dataclass(frozen=True)
class Source:
    kind: str
    entries: Callable[[Case], QuerySet]  # the case's entries, annotated with "at" (a datetime)
    load: Callable[[list[int]], QuerySet]  # the entries with these ids, ready for the template
    template: str


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.kind] = source


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    kind: str
    item: object
    template: str


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


def case_timeline(case: Case, page_number: int | str | None = 1) -> TimelinePage:
    """One page of the case's history, newest first."""
    parts = [
        source.entries(case).annotate(entry=Value(kind)).values_list("pk", "at", "entry").order_by()
        for kind, source in SOURCES.items()
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-at", "-pk")
    try:
        number = max(int(page_number or 1), 1)
    except ValueError:
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(union[start : start + PAGE_SIZE + 1])
    page = TimelinePage(number=number, object_list=rows[:PAGE_SIZE], has_next=len(rows) > PAGE_SIZE)

    ids: dict[str, list[int]] = {}
    for pk, _at, kind in page.object_list:
        ids.setdefault(kind, []).append(pk)
    loaded = {(kind, obj.pk): obj for kind, pks in ids.items() for obj in SOURCES[kind].load(pks)}
    page.object_list = [
        Entry(at=at, kind=kind, item=loaded[(kind, pk)], template=SOURCES[kind].template)
        for pk, at, kind in page.object_list
    ]
    return page


def _load_contacts(ids: list[int]) -> list[Contact]:
    """The contacts of a page, each with the names of the children seen and spoken to alone (one query).

    Of the author only the name is read: the whole user row took half of the contacts' query (ADR 14)."""
    contacts = list(
        Contact.objects.filter(pk__in=ids)
        .select_related("author")
        .only(
            *(field.name for field in Contact._meta.concrete_fields),
            "author__first_name",
            "author__last_name",
        )
    )
    seen = Contact.children_seen.through.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "person__given_name", "person__birth_date", Value("seen")
    )
    alone = Contact.children_spoken_alone.through.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "person__given_name", "person__birth_date", Value("alone")
    )
    names: dict[tuple[int, str], list[tuple]] = {}
    for contact_id, name, born, kind in seen.union(alone, all=True):
        names.setdefault((contact_id, kind), []).append((born, name))
    for contact in contacts:
        contact.seen_names = [name for _, name in sorted(names.get((contact.pk, "seen"), []))]
        contact.spoken_alone_names = [name for _, name in sorted(names.get((contact.pk, "alone"), []))]
    return contacts


register(
    Source(
        kind="contact",
        entries=lambda case: Contact.objects.filter(case=case).annotate(at=F("occurred_at")),
        load=_load_contacts,
        template="cases/timeline/contact.html",
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
