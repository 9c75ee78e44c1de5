"""What an access event's object reference means, in words a family understands.

Events store a short reference ("safety_plan:3", "contact:12", "mine"). Each app says what its prefixes
mean in its own ``access_refs`` module, with register(); describe() turns a page of events into text
("Veiligheidsplan versie 2", "Contact van 3-11-2026") with one query per kind of object on the page,
never one per row, so the log pages cost the same however many events they show.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import ngettext

from audit.models import AccessEvent

# A describer gets every event of one prefix on the page and returns their text by event id; an event
# it leaves out (its object is gone, say) falls back to the reference itself.
Describer = Callable[[list[AccessEvent]], dict[int, str]]

_DESCRIBERS: dict[str, Describer] = {}
_discovered = False


def register(prefix: str, describer: Describer) -> None:
    _DESCRIBERS[prefix] = describer


def registered() -> set[str]:
    _discover()
    return set(_DESCRIBERS)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("access_refs")
        _discovered = True


def ref_id(event: AccessEvent) -> int | None:
    """The number after the colon of the event's reference, if there is one."""
    rest = event.object_ref.partition(":")[2]
    return int(rest) if rest.isascii() and rest.isdigit() and len(rest) <= 18 else None


def short_date(value) -> str:
    """A date (or a moment, in local time) as a family writes it: 3-11-2026."""
    return date_format(timezone.localtime(value) if hasattr(value, "hour") else value, "j-n-Y")


def label(text) -> Describer:
    """Every event of the prefix reads the same (``text`` is a lazy translation)."""
    return lambda events: {event.pk: str(text) for event in events}


def by_id(load: Callable[[set[int]], dict[int, str]], fallback=None) -> Describer:
    """Resolve the referenced objects in one query: ``load(ids)`` returns their text by object id.

    ``fallback`` (a lazy translation) is the text when the object cannot be found.
    """

    def describe(events: list[AccessEvent]) -> dict[int, str]:
        ids = {pk for pk in map(ref_id, events) if pk is not None}
        texts = load(ids) if ids else {}
        described = {}
        for event in events:
            text = texts.get(ref_id(event))
            if text is None and fallback is not None:
                text = str(fallback)
            if text is not None:
                described[event.pk] = text
        return described

    return describe


def listing(title) -> Describer:
    """A list or search: its title, and how many cases it showed (stored in ``detail["cases"]``)."""

    def describe(events: list[AccessEvent]) -> dict[int, str]:
        described = {}
        for event in events:
            cases = event.detail.get("cases") if isinstance(event.detail, dict) else None
            if isinstance(cases, list):
                count = ngettext("%(count)d case", "%(count)d cases", len(cases)) % {"count": len(cases)}
                described[event.pk] = f"{title} ({count})"
            else:
                described[event.pk] = str(title)
        return described

    return describe


def describe(events: Iterable[AccessEvent]) -> list[AccessEvent]:
    """The events, each with ``description``: what was read or written, in words."""
    _discover()
    events = list(events)
    by_prefix: dict[str, list[AccessEvent]] = defaultdict(list)
    for event in events:
        by_prefix[event.object_ref.partition(":")[0]].append(event)
    for prefix, group in by_prefix.items():
        describer = _DESCRIBERS.get(prefix)
        texts = describer(group) if describer else {}
        for event in group:
            event.description = texts.get(event.pk) or event.object_ref
    return events


def describe_in_chunks(events: Iterable[AccessEvent], size: int = 1000) -> Iterator[AccessEvent]:
    """describe() for a long stream (the CSV export): one query per kind per ``size`` events."""
    chunk = []
    for event in events:
        chunk.append(event)
        if len(chunk) == size:
            yield from describe(chunk)
            chunk = []
    yield from describe(chunk)


def case_numbers_text(event: AccessEvent) -> str:
    """For a list: the case numbers it showed, comma-separated."""
    cases = event.detail.get("cases") if isinstance(event.detail, dict) else None
    return ", ".join(str(number) for number in cases) if isinstance(cases, list) else ""
