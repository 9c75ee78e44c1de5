"""The case timeline's query: built and compiled once per process, run with each case's own values (ADR 14)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F

from cases import services, timeline
from cases.models import Contact
from tests import factories


def _rows(page: timeline.TimelinePage) -> list[tuple]:
    return [(entry.item.pk, entry.at, entry.kind) for entry in page.object_list]


def _log(case, worker, days: int) -> None:
    for day in range(days, 0, -1):
        services.contact_log(case=case, by=worker, occurred_at=factories.days_ago(day), kind="phone")


def test_each_case_gets_its_own_entries_as_the_orm_would_read_them(oost, worker, colleague):
    busy = factories.case(team=oost, director=worker, opened_on=dt.date(2026, 1, 5))
    quiet = factories.case(team=oost, director=colleague, opened_on=dt.date(2026, 1, 20))
    _log(busy, worker, 30)
    _log(quiet, colleague, 2)
    for case, by in ((busy, worker), (quiet, colleague)):  # a move: a source using family and opening day
        services.address_record_move(
            case=case, by=by, street="Westzijde", house_number="4", postcode="1506EK", city="Zaandam",
            municipality=factories.municipality(), moved_on=factories.days_ago(1).date(),
        )  # fmt: skip
    for case in (busy, quiet, busy):
        built = list(timeline._union(case))  # the same UNION, built and compiled for this case
        first, second = timeline.case_timeline(case, 1), timeline.case_timeline(case, 2)
        assert _rows(first) + _rows(second) == built
        assert first.has_next is (len(built) > timeline.PAGE_SIZE) and not second.has_next
    kinds = {case: [kind for _, _, kind in timeline._union(case)] for case in (busy, quiet)}
    assert (kinds[busy].count("contact"), kinds[busy].count("move")) == (30, 1)
    assert (kinds[quiet].count("contact"), kinds[quiet].count("move")) == (2, 1)


@pytest.fixture
def extra_source():
    """Registers a source for one test and takes it away again."""
    registered = []

    def register(entries):
        source = timeline.Source(
            kind="test_extra",
            entries=entries,
            load=Contact.objects.filter,
            template="cases/timeline/phase_change.html",
        )
        timeline.register(source)
        registered.append(source)

    yield register
    for source in registered:
        del timeline.SOURCES[source.kind]


def test_a_source_that_works_out_a_value_from_the_case_is_refused(a_case, extra_source):
    extra_source(
        lambda case: Contact.objects.filter(
            occurred_at__date__gt=case.opened_on + dt.timedelta(days=1)
        ).annotate(at=F("occurred_at"))
    )
    with pytest.raises(ImproperlyConfigured, match="derives a query value"):
        timeline.case_timeline(a_case)


def test_a_source_that_reads_more_of_the_case_than_its_key_is_refused(a_case, extra_source):
    extra_source(
        lambda case: Contact.objects.filter(case__team_id=case.team_id).annotate(at=F("occurred_at"))
    )
    with pytest.raises(ImproperlyConfigured, match="reads more of the case than its key fields"):
        timeline.case_timeline(a_case)


def _entry(page: str, contact: Contact) -> str:
    return re.search(rf'id="entry-contact-{contact.pk}".*?</li>', page, re.DOTALL).group(0)


def test_a_contact_entry_says_what_happened_escaped_and_only_its_author_may_correct_it(
    client, a_case, worker, lead
):
    older, younger = factories.children_of(a_case)
    contact = services.contact_log(
        case=a_case, by=worker, occurred_at=factories.days_ago(0), kind="home_visit", children_seen=[older],
        children_spoken_alone=[younger], present="Moeder & <b>oom</b>", safety_scale=4, note="Regel 1\nRegel <2>",
    )  # fmt: skip
    Contact.objects.filter(pk=contact.pk).update(version=2)
    client.force_login(worker)
    entry = _entry(client.get(f"/casussen/{a_case.pk}/").content.decode(), contact)
    for part in (
        '<h3 class="timeline__title">Huisbezoek</h3>',
        f'<p class="timeline__meta">door {worker.get_full_name()} · gewijzigd</p>',
        f"<p>Gezien: {older.given_name}</p>",
        f"<p>Alleen gesproken: {younger.given_name}</p>",
        "<p>Aanwezig: Moeder &amp; &lt;b&gt;oom&lt;/b&gt;</p>",
        "<p>Veiligheidsschaal: 4/10</p>",
        '<div class="timeline__note">Regel 1<br>Regel &lt;2&gt;</div>',
        f'<p><a href="/casussen/{a_case.pk}/contact/{contact.pk}/wijzigen/">Verslag corrigeren</a></p>',
    ):
        assert part in entry, part
    client.force_login(lead)  # reads the notes, but did not write this one
    entry = _entry(client.get(f"/casussen/{a_case.pk}/").content.decode(), contact)
    assert "Regel 1<br>Regel &lt;2&gt;" in entry and "Verslag corrigeren" not in entry
