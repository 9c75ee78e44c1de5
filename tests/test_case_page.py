"""The youth worker's case page (issue 15): the whole household, its moves, days ago in words, who has a
role now, and one truth about when a child was last seen."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cases import services
from cases.models import Contact, Relation
from tests import factories

pytestmark = pytest.mark.django_db


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _household_rows(page: str) -> list[str]:
    table = page.split('<table class="table household">')[1].split("</table>")[0]
    return [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]


def _header(page: str) -> str:
    return page.split('<header class="case-header">')[1].split("</header>")[0]


def _timeline(page: str) -> str:
    return page.split('<ol class="timeline">')[1].split("</ol>")[0]


def _seen(case, by, when, children=None):
    return services.contact_log(
        case=case, by=by, occurred_at=when, kind="home_visit",
        children_seen=children if children is not None else factories.children_of(case),
    )  # fmt: skip


def _day(value: dt.date, fmt: str) -> str:
    with timezone.override(timezone.get_current_timezone()):
        return date_format(value, fmt)


@pytest.fixture
def as_worker(client, worker):
    client.force_login(worker)
    return client


class TestHousehold:
    def test_adults_and_children_with_relation_authority_and_date_of_birth(self, as_worker, a_case, worker):
        services.person_add_to_family(
            case=a_case, by=worker, relation=Relation.STEP_PARENT, parental_authority=False, confirmed_new=True,
            person=factories.person_data(given_name="Jonas", surname_prefix="van", surname="Kusen",
                                         birth_date=dt.date(1983, 3, 9)),
        )  # fmt: skip
        page = as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
        rows = _household_rows(page)
        parent = a_case.family.memberships.get(relation=Relation.PARENT).person
        assert len(rows) == 4  # two children, their parent and the step-parent
        # Oldest first: the step-parent (with the prefix in his name), the parent, then the children.
        assert rows[0] == f"Jonas van Kusen Stiefouder Nee 9 mrt 1983 ({_age(dt.date(1983, 3, 9))} jaar)"
        assert rows[1] == f"{parent.full_name} Ouder Ja 5 mei 1985 ({_age(dt.date(1985, 5, 5))} jaar)"
        for child in factories.children_of(a_case):
            row = next(row for row in rows if row.startswith(child.full_name))
            assert f"{child.full_name} Kind Nee {_day(child.birth_date, 'j b Y')}" in row
            assert "nog niet gezien" in row

    def test_the_current_address_and_the_move_history_one_click_away(self, as_worker, a_case, worker):
        moved_on = timezone.localdate() - dt.timedelta(days=10)
        services.address_record_move(
            case=a_case, by=worker, street="Westzijde", house_number="4a", postcode="1506ek", city="Zaandam",
            municipality=factories.municipality(), moved_on=moved_on,
        )  # fmt: skip
        header = _header(as_worker.get(f"/casussen/{a_case.pk}/").content.decode())
        address = _text(header.split('<dl class="facts household__address">')[1].split("</dl>")[0])
        assert address == f"Adres Westzijde 4a, 1506 EK Zaandam (Zaanstad), sinds {_day(moved_on, 'j F Y')}"
        history = header.split('<details class="household__moves">')[1].split("</details>")[0]
        assert "<summary>Verhuisgeschiedenis (1 eerder adres)</summary>" in history
        items = [_text(item) for item in re.findall(r"<li>(.*?)</li>", history, re.S)]
        recorded = f"(vastgelegd door {worker.get_full_name()} op {_day(timezone.localdate(), 'j F Y')})"
        assert (
            items[0]
            == f"Westzijde 4a, 1506 EK Zaandam (Zaanstad), sinds {_day(moved_on, 'j F Y')} {recorded}"
        )
        assert (
            f"1501 AB Zaandam (Zaanstad), van 1 januari 2020 tot {_day(moved_on, 'j F Y')} {recorded}"
            in items[1]
        )

    def test_a_family_that_never_moved_has_no_history_to_open(self, as_worker, a_case):
        header = _header(as_worker.get(f"/casussen/{a_case.pk}/").content.decode())
        assert "1501 AB Zaandam (Zaanstad), sinds 1 januari 2020" in _text(header)
        assert "<details" not in header

    def test_a_move_on_the_timeline_says_when_it_happened_and_who_recorded_it(
        self, as_worker, a_case, worker
    ):
        moved_on = timezone.localdate() - dt.timedelta(days=40)
        services.address_record_move(
            case=a_case, by=worker, street="Westzijde", house_number="4", postcode="1506EK", city="Zaandam",
            municipality=factories.municipality(), moved_on=moved_on,
        )  # fmt: skip
        timeline = _timeline(as_worker.get(f"/casussen/{a_case.pk}/").content.decode())
        entry = _text(timeline.split("timeline__entry--move")[1].split("</li>")[0])
        typed = timezone.localtime()
        assert f"Verhuisd op {_day(moved_on, 'j F Y')}" in entry
        assert f"vastgelegd door {worker.get_full_name()} op {_day(typed, 'j F Y')}" in entry
        assert "Nieuw adres: Westzijde 4, 1506 EK Zaandam (Zaanstad)" in entry

    def test_each_entry_says_when_in_local_time_with_day_and_month_written_out(
        self, as_worker, a_case, worker
    ):
        # A Monday morning in winter time, and just after midnight in summer time (in UTC still the day before).
        moments = [
            timezone.make_aware(dt.datetime(2025, 3, 3, 9, 5)),
            timezone.make_aware(dt.datetime(2025, 7, 15, 0, 30)),
        ]
        for moment in moments:
            _seen(a_case, worker, moment)
        timeline = _timeline(as_worker.get(f"/casussen/{a_case.pk}/").content.decode())
        for moment in moments:
            local = timezone.localtime(moment)
            written = f'<time datetime="{_day(local, "c")}">{_day(local, "l j F Y, H:i")}</time>'
            assert written in timeline
        assert "maandag 3 maart 2025, 09:05" in timeline and "dinsdag 15 juli 2025, 00:30" in timeline

    def test_the_page_costs_the_same_queries_however_big_the_household_and_its_past(
        self, as_worker, a_case, worker
    ):
        def grow(number):
            services.person_add_to_family(
                case=a_case, by=worker, relation=Relation.CHILD, parental_authority=False,
                person=factories.person_data(), confirmed_new=True,
            )  # fmt: skip
            services.address_record_move(
                case=a_case, by=worker, street=f"Straat {number}", house_number="1", postcode="1501AB",
                city="Zaandam", municipality=factories.municipality(),
                moved_on=timezone.localdate() - dt.timedelta(days=30 - number),
            )  # fmt: skip

        grow(0)  # one move already, so the timeline reads its moves in both counts
        as_worker.get(f"/casussen/{a_case.pk}/")
        with CaptureQueriesContext(connection) as few:
            as_worker.get(f"/casussen/{a_case.pk}/")
        for number in range(1, 4):
            grow(number)
        with CaptureQueriesContext(connection) as many:
            page = as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
        assert len(_household_rows(page)) == 7
        assert "Verhuisgeschiedenis (4 eerdere adressen)" in page
        assert len(many) == len(few)


def _age(born: dt.date) -> int:
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class TestDaysAgo:
    @pytest.mark.parametrize(
        ("days", "words", "warning"),
        [(0, "(vandaag)", False), (1, "(1 dag geleden)", False), (5, "(5 dagen geleden)", False),
         (29, "(29 dagen geleden)", True)],
    )  # fmt: skip
    def test_last_seen_in_words_with_the_warning_after_four_weeks(
        self, as_worker, a_case, worker, days, words, warning
    ):
        when = factories.days_ago(days)
        _seen(a_case, worker, when)
        header = _header(as_worker.get(f"/casussen/{a_case.pk}/").content.decode())
        assert "(0 dagen geleden)" not in header and "(1 dagen geleden)" not in header
        span = '<span class="warning">' if warning else "<span>"
        assert f"{_day(timezone.localtime(when), 'j F Y')}</time> {span}{words}</span>" in header

    def test_month_abbreviations_are_lower_case_in_the_list(self, as_worker, oost, worker):
        case = factories.case(team=oost, director=worker, opened_on=dt.date(2026, 1, 2))
        services.contact_log(case=case, by=worker, occurred_at=timezone.make_aware(dt.datetime(2026, 3, 3, 10)),
                             kind="office")  # fmt: skip
        row = as_worker.get("/casussen/").content.decode().split(case.number)[1].split("</tr>")[0]
        assert "3 mrt 2026" in row


class TestWhoHasARoleNow:
    def test_the_raad_investigator_leaves_the_header_when_the_investigation_ends(
        self, client, a_case, worker, investigator
    ):
        factories.walk(a_case, worker, "voluntary", "investigation", investigator=investigator)
        client.force_login(worker)
        assert investigator.get_full_name() in _header(client.get(f"/casussen/{a_case.pk}/").content.decode())

        factories.walk(a_case, worker, "voluntary")  # the Raad asks no measure
        header = _header(client.get(f"/casussen/{a_case.pk}/").content.decode())
        assert investigator.get_full_name() not in header
        assert "Raadsonderzoeker" not in header
        client.force_login(investigator)
        assert client.get(f"/casussen/{a_case.pk}/").status_code == 404  # the header tells the truth

    def test_under_a_court_measure_the_investigator_is_gone_and_the_gi_directs(
        self, client, a_case, worker, investigator, gi_worker
    ):
        factories.walk(a_case, worker, "voluntary", "investigation", "court", investigator=investigator,
                       gi_worker=gi_worker)  # fmt: skip
        client.force_login(gi_worker)
        header = _header(client.get(f"/casussen/{a_case.pk}/").content.decode())
        assert investigator.get_full_name() not in header
        assert gi_worker.get_full_name() in header.split("Geopend")[0]
        assert worker.get_full_name() in header  # the youth worker stays beside the family

    def test_the_director_still_sees_whom_they_named_on_the_assign_page(
        self, client, a_case, worker, investigator
    ):
        factories.walk(a_case, worker, "voluntary", "investigation", "voluntary", investigator=investigator)
        client.force_login(worker)
        page = client.get(f"/casussen/{a_case.pk}/regie/").content.decode()
        assert re.search(rf'<option value="{investigator.pk}" selected>', page)


class TestLastSeen:
    def test_a_never_seen_child_is_not_yet_seen_on_the_case_and_in_the_list(self, as_worker, oost, worker):
        case = factories.case(team=oost, director=worker, children=1)
        child = factories.children_of(case)[0]
        header = _header(as_worker.get(f"/casussen/{case.pk}/").content.decode())
        row = as_worker.get("/casussen/").content.decode().split(case.number)[1].split("</tr>")[0]
        assert "nog niet gezien" in header
        assert _day(case.opened_on, "j F Y") not in header.split('id="household-title"')[1]
        assert f"{child.given_name}: nog niet gezien" in _text(row)
        assert "nooit" not in row

    def test_a_seen_child_has_the_same_last_seen_day_on_the_case_and_in_the_list(
        self, as_worker, oost, worker
    ):
        case = factories.case(team=oost, director=worker, children=2)
        older, younger = factories.children_of(case)
        seen_at = factories.days_ago(3)
        _seen(case, worker, seen_at, children=[older])
        _seen(case, worker, factories.days_ago(40), children=[older, younger])
        rows = _household_rows(as_worker.get(f"/casussen/{case.pk}/").content.decode())
        list_row = _text(as_worker.get("/casussen/").content.decode().split(case.number)[1].split("</tr>")[0])
        older_row = next(row for row in rows if row.startswith(older.full_name))
        younger_row = next(row for row in rows if row.startswith(younger.full_name))
        assert older_row.endswith(f"{_day(timezone.localtime(seen_at), 'j F Y')} (3 dagen geleden)")
        assert younger_row.endswith("(40 dagen geleden)")
        assert f"{older.given_name}: 3" in list_row and f"{younger.given_name}: 40" in list_row


class TestFocusAfterAnHtmxSave:
    def _form(self, case, **overrides):
        now = timezone.localtime()
        return {
            "occurred_on": now.date().isoformat(), "occurred_time": (now - dt.timedelta(minutes=5)).strftime("%H:%M"),
            "kind": "home_visit", "children_seen": [child.pk for child in factories.children_of(case)],
            "children_spoken_alone": [], "present": "", "safety_scale": "", "note": "Goed gesprek", **overrides,
        }  # fmt: skip

    def test_the_saved_contact_takes_the_focus(self, as_worker, a_case):
        response = as_worker.post(
            f"/casussen/{a_case.pk}/contact/", self._form(a_case), HTTP_HX_REQUEST="true"
        )
        contact = Contact.objects.get()
        page = response.content.decode()
        assert re.search(rf'<li class="timeline__entry timeline__entry--contact" id="entry-contact-{contact.pk}" '
                         r'tabindex="-1" autofocus>', page)  # fmt: skip
        assert page.count("autofocus") == 1
        assert "Goed gesprek" in page  # the redrawn timeline shows the note to who may read notes

    def test_a_contact_beyond_the_first_timeline_page_leaves_the_focus_on_the_forms_first_field(
        self, as_worker, a_case, worker
    ):
        for _ in range(25):
            services.contact_log(case=a_case, by=worker, occurred_at=timezone.now(), kind="office")
        old = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
        response = as_worker.post(
            f"/casussen/{a_case.pk}/contact/", self._form(a_case, occurred_on=old), HTTP_HX_REQUEST="true"
        )
        page = response.content.decode()
        assert re.search(r'<input type="date" name="occurred_on" [^>]*autofocus', page)
        assert page.count("autofocus") == 1

    def test_a_form_with_errors_comes_back_with_the_focus_on_its_error_summary(self, as_worker, a_case):
        form = self._form(a_case, safety_scale="11")
        for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
            page = as_worker.post(f"/casussen/{a_case.pk}/contact/", form, **headers).content.decode()
            summary = page.split(
                '<div class="error-summary" id="contact-form-errors" tabindex="-1" autofocus>'
            )[1]
            summary = summary.split("</div>")[0]
            assert "Het contactmoment is nog niet opgeslagen:" in summary
            assert (
                '<a href="#id_safety_scale">Veiligheidsschaal (0-10): Zorg ervoor dat deze waarde hoogstens 10 is.'
                in (summary)
            )
            assert page.count("autofocus") == 1
        assert not Contact.objects.exists()
