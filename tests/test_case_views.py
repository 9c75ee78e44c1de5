import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services
from cases.models import Case, CaseChild, Contact, Family, Person
from core.forms import paginate
from tests import factories

pytestmark = pytest.mark.django_db

# Session, user with their roles, case (with "any open signals?"), whether the user holds a role that ends by
# itself, permissions, children, household, addresses, assignments, timeline (page, contacts, both child lists
# in one; other sources only when on the page), and the access event written. Signals cost one more query, only
# on a case that has them.
CASE_PAGE_MAX_QUERIES = 14
MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@pytest.fixture
def as_worker(client, worker):
    client.force_login(worker)
    return client


def _contact_form(case, **overrides):
    # Date and time from one instant, so that just after midnight the moment is not in the future.
    then = timezone.localtime() - dt.timedelta(minutes=10)
    data = {
        "occurred_on": then.date().isoformat(),
        "occurred_time": then.strftime("%H:%M"),
        "kind": "home_visit",
        "children_seen": [child.pk for child in factories.children_of(case)],
        "children_spoken_alone": [],
        "present": "Moeder",
        "safety_scale": "6",
        "note": "Rustig thuis.",
    }
    data.update(overrides)
    return data


def test_the_case_page_shows_header_children_and_timeline(as_worker, a_case):
    page = as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
    assert a_case.family.name in page
    assert a_case.number in page
    assert "Intake" in page
    for child in factories.children_of(a_case):
        assert child.full_name in page
        born = child.birth_date
        row = page[page.index(f'<th scope="row">{child.full_name}</th>') :].split("</tr>")[0]
        assert "<td>Kind</td>" in row
        assert f"{born.day} {MAANDEN[born.month - 1]} {born.year} ({child.age} jaar)" in row
        assert "nog niet gezien" in row
    assert "nog niet gezien" in page
    assert "Casus geopend" in page
    assert "Contactmoment vastleggen" in page


# The case page's actions each user is offered (Dutch labels), by phase: stated here, not derived.
CASE_ACTIONS_OFFERED = {
    ("director", "intake"): [
        "Fase wijzigen", "Regisseur en medewerkers", "Gezinslid toevoegen", "Verhuizing vastleggen", "Maatregelen",
        "Veiligheidsplan", "Aanmelden bij de Beschermtafel", "Voorwaarden en monitoring", "Meldcode",
        "Inzagelog", "Wie mag dit dossier zien?",
    ],
    ("director", "closed"): [
        "Heropenen", "Maatregelen", "Veiligheidsplan", "Voorwaarden en monitoring", "Meldcode",
        "Wie mag dit dossier zien?",
    ],
    ("lead", "intake"): [
        "Fase wijzigen", "Regisseur en medewerkers", "Maatregelen", "Veiligheidsplan",
        "Voorwaarden en monitoring", "Meldcode", "Inzagelog", "Wie mag dit dossier zien?",
    ],
    ("lead", "closed"): [
        "Heropenen", "Maatregelen", "Veiligheidsplan", "Voorwaarden en monitoring", "Meldcode", "Inzagelog",
        "Wie mag dit dossier zien?",
    ],
}  # fmt: skip


@pytest.mark.parametrize(("who", "phase"), list(CASE_ACTIONS_OFFERED))
def test_the_case_page_offers_each_user_the_actions_of_their_role_and_the_phase(
    client, a_case, worker, lead, who, phase
):
    if phase == "closed":
        factories.closed(a_case, lead, on=timezone.localdate())
    client.force_login({"director": worker, "lead": lead}[who])
    page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    actions = page[
        page.index('<nav class="actions"') : page.index("</nav>", page.index('<nav class="actions"'))
    ]
    labels = re.findall(r'<a href="(/[^"]+)">([^<]+)</a>', actions)
    assert [label for _, label in labels] == CASE_ACTIONS_OFFERED[(who, phase)]
    for url, _ in labels:
        assert client.get(url).status_code in (200, 302), url


def test_another_teams_worker_gets_404_on_every_case_url(client, outsider, a_case, worker):
    contact = services.contact_log(case=a_case, by=worker, occurred_at=timezone.now(), kind="office")
    client.force_login(outsider)
    urls = [
        f"/casussen/{a_case.pk}/",
        f"/casussen/{a_case.pk}/contact/<post>",
        f"/casussen/{a_case.pk}/contact/{contact.pk}/wijzigen/",
        f"/casussen/{a_case.pk}/fase/",
        f"/casussen/{a_case.pk}/regie/",
        f"/casussen/{a_case.pk}/gezinslid/",
        f"/casussen/{a_case.pk}/verhuizing/",
        f"/casussen/{a_case.pk}/meldcode/",
    ]
    for url in urls:
        if url.endswith("<post>"):
            response = client.post(url.removesuffix("<post>"), _contact_form(a_case))
        else:
            response = client.get(url)
        assert response.status_code == 404, url
    assert Contact.objects.count() == 1
    missing = client.get("/casussen/999999/")
    assert missing.status_code == 404
    assert _without_csrf(missing) == _without_csrf(client.get(f"/casussen/{a_case.pk}/"))


def _without_csrf(response) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_anonymous_visitors_are_sent_to_login(client, a_case):
    response = client.get(f"/casussen/{a_case.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_logging_a_contact_with_htmx_returns_the_form_and_the_new_timeline(as_worker, a_case):
    response = as_worker.post(
        f"/casussen/{a_case.pk}/contact/", _contact_form(a_case), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="contact-form"' in html
    assert 'id="timeline" hx-swap-oob="true"' in html
    assert "Huisbezoek" in html
    assert "Rustig thuis." in html
    contact = Contact.objects.get()
    assert set(contact.children_seen.all()) == set(factories.children_of(a_case))


def test_logging_a_contact_without_javascript_redirects_back(as_worker, a_case):
    response = as_worker.post(f"/casussen/{a_case.pk}/contact/", _contact_form(a_case))
    assert response.status_code == 302
    assert response["Location"] == f"/casussen/{a_case.pk}/"
    assert Contact.objects.count() == 1


def test_notes_are_shown_escaped(as_worker, a_case):
    as_worker.post(f"/casussen/{a_case.pk}/contact/", _contact_form(a_case, note="<script>alert(1)</script>"))
    page = as_worker.get(f"/casussen/{a_case.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": "2099-01-01"}, "Een contactmoment kan niet in de toekomst liggen."),
        ({"safety_scale": "11"}, "Zorg ervoor dat deze waarde hoogstens 10 is."),
        ({"occurred_on": "gisteren"}, "Voer een geldige datum in."),
        ({"kind": "cancelled"}, "Bij een contact dat niet doorging, is niemand gezien."),
    ],
)
def test_bad_contact_input_gets_a_dutch_message_and_keeps_the_text(as_worker, a_case, overrides, message):
    form = _contact_form(a_case, note="Mijn lange verslag", **overrides)
    response = as_worker.post(f"/casussen/{a_case.pk}/contact/", form, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert message in html
    assert "Mijn lange verslag" in html
    assert not Contact.objects.exists()

    without_js = as_worker.post(f"/casussen/{a_case.pk}/contact/", form)
    assert without_js.status_code == 400
    assert message in without_js.content.decode()


def test_concurrent_note_edits_keep_the_second_text_and_show_the_first(as_worker, a_case, worker):
    contact = services.contact_log(
        case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="Eerst"
    )
    url = f"/casussen/{a_case.pk}/contact/{contact.pk}/wijzigen/"
    as_worker.post(url, {"note": "Uit tab 1", "safety_scale": "", "version": "1"})
    response = as_worker.post(url, {"note": "Uit tab 2", "safety_scale": "", "version": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "Uit tab 2" in html  # their text stays on screen
    assert "Uit tab 1" in html  # and they see what the other saved
    contact.refresh_from_db()
    assert contact.note == "Uit tab 1"


def test_a_refused_transition_is_a_dutch_message_and_nothing_changes(as_worker, a_case):
    response = as_worker.post(
        f"/casussen/{a_case.pk}/fase/",
        {"to": "mandated", "reason": "Rechter", "closing_reason": "", "version": a_case.version},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = as_worker.post(
        f"/casussen/{a_case.pk}/fase/",
        {"to": "closed", "reason": "Klaar", "closing_reason": "", "version": a_case.version},
    )
    assert "Kies waarom de casus wordt gesloten." in response.content.decode()
    a_case.refresh_from_db()
    assert a_case.phase == "intake"


def test_a_phase_change_through_the_page(as_worker, a_case):
    response = as_worker.post(
        f"/casussen/{a_case.pk}/fase/",
        {"to": "voluntary", "reason": "Ouders werken mee", "closing_reason": "", "version": a_case.version},
    )
    assert response.status_code == 302
    a_case.refresh_from_db()
    assert a_case.phase == "voluntary"
    assert "Ouders werken mee" in as_worker.get(f"/casussen/{a_case.pk}/").content.decode()


def test_new_case_warns_about_a_known_person_and_offers_the_family(as_worker, oost, worker):
    known = factories.case(team=oost, director=worker, children=1)
    child = factories.children_of(known)[0]
    services.case_transition(
        case=known,
        to="closed",
        by=worker,
        reason="Klaar",
        closing_reason="safe_enough",
        expected_version=known.version,
    )
    form = {
        "household_name": "Gezin Nieuw",
        "street": "Dam",
        "house_number": "1",
        "postcode": "1501 ab",
        "city": "Zaandam",
        "municipality": factories.municipality().pk,
        "living_since": "2020-01-01",
        "given_name": child.given_name,
        "surname_prefix": "",
        "surname": child.surname,
        "birth_date": child.birth_date.isoformat(),
        "gender": "",
        "bsn": "",
        "relation": "child",
        "team": oost.pk,
        "director": worker.pk,
        "opened_on": timezone.localdate().isoformat(),
        "reason": "Nieuwe melding van school",
    }
    response = as_worker.post("/casussen/nieuw/", form)
    html = response.content.decode()
    assert "Deze persoon is misschien al bekend" in html
    assert known.family.name in html
    assert Case.objects.count() == 1

    response = as_worker.post("/casussen/nieuw/", {**form, "existing_family": known.family_id})
    assert "minder dan drie maanden geleden" in response.content.decode()
    assert Case.objects.count() == 1

    response = as_worker.post(
        "/casussen/nieuw/", {**form, "existing_family": known.family_id, "follow_up": "on"}
    )
    assert response.status_code == 302
    follow_up = Case.objects.exclude(pk=known.pk).get()
    assert follow_up.follow_up_of == known


def test_new_case_refuses_a_bad_bsn_in_dutch(as_worker, oost, worker):
    response = as_worker.post("/casussen/nieuw/", {"bsn": "123456789", "team": oost.pk})
    assert "Dit is geen geldig BSN" in response.content.decode()
    assert not Case.objects.exists()


class TestLists:
    def test_my_cases_lists_only_my_assignments(self, client, oost, worker, colleague):
        mine = factories.case(team=oost, director=worker)
        theirs = factories.case(team=oost, director=colleague)
        client.force_login(worker)
        page = client.get("/casussen/").content.decode()
        assert mine.number in page
        assert theirs.number not in page

    def test_the_team_list_filters_by_phase_and_director_and_sorts(
        self, client, oost, worker, colleague, lead
    ):
        mine = factories.case(team=oost, director=worker)
        theirs = factories.case(team=oost, director=colleague)
        services.case_transition(
            case=theirs, to="voluntary", by=colleague, reason="Start", expected_version=theirs.version
        )
        client.force_login(lead)
        by_phase = client.get("/casussen/team/", {"phase": "voluntary"}).content.decode()
        assert theirs.number in by_phase and mine.number not in by_phase
        by_director = client.get("/casussen/team/", {"director": worker.pk}).content.decode()
        assert mine.number in by_director and theirs.number not in by_director
        descending = client.get("/casussen/team/", {"sort": "-number"}).content.decode()
        assert descending.index(theirs.number) < descending.index(mine.number)

    def test_never_seen_children_sort_first(self, client, oost, worker):
        seen = factories.case(team=oost, director=worker, children=1)
        services.contact_log(
            case=seen, by=worker, occurred_at=timezone.now(), kind="home_visit",
            children_seen=factories.children_of(seen),
        )  # fmt: skip
        unseen = factories.case(team=oost, director=worker, children=1)
        client.force_login(worker)
        page = client.get("/casussen/team/", {"sort": "last_seen"}).content.decode()
        assert page.index(unseen.number) < page.index(seen.number)

    def test_the_team_list_does_not_grow_queries_with_cases(self, client, oost, worker):
        client.force_login(worker)
        factories.case(team=oost, director=worker)
        client.get("/casussen/team/")
        with CaptureQueriesContext(connection) as few:
            client.get("/casussen/team/")
        for _ in range(5):
            factories.case(team=oost, director=worker, children=3)
        with CaptureQueriesContext(connection) as many:
            client.get("/casussen/team/")
        assert len(many) == len(few)

    def test_the_case_page_does_not_grow_queries_with_contacts(self, client, a_case, worker):
        client.force_login(worker)
        children = factories.children_of(a_case)
        services.contact_log(
            case=a_case, by=worker, occurred_at=timezone.now(), kind="home_visit", children_seen=children
        )
        with CaptureQueriesContext(connection) as few:
            client.get(f"/casussen/{a_case.pk}/")
        for days in range(1, 30):
            services.contact_log(
                case=a_case, by=worker, occurred_at=timezone.now() - dt.timedelta(days=days),
                kind="home_visit", children_seen=children, note=f"Bezoek {days}",
            )  # fmt: skip
        with CaptureQueriesContext(connection) as many:
            response = client.get(f"/casussen/{a_case.pk}/")
        assert "Ouder" in response.content.decode()  # a second page of the timeline exists
        assert len(many) <= len(few) <= CASE_PAGE_MAX_QUERIES


class TestSearch:
    def test_partial_accent_insensitive_names(self, client, oost, worker):
        child = factories.person_data(given_name="Fabiënne", surname="Çelik")
        found = factories.case(team=oost, director=worker, first_child=child)
        client.force_login(worker)
        for query in ("celik", "FABIENNE", "biën", "çel"):
            assert found.number in client.get("/casussen/zoeken/", {"q": query}).content.decode(), query

    def test_a_member_added_later_is_found_and_names_do_not_run_into_each_other(self, client, oost, worker):
        first_child = factories.person_data(given_name="Aya", surname="Zwart")
        found = factories.case(team=oost, director=worker, children=1, first_child=first_child)
        services.person_add_to_family(
            case=found, by=worker, relation="parent", parental_authority=True,
            person=factories.person_data(given_name="Bram", surname="Oktay"), confirmed_new=True,
        )  # fmt: skip
        client.force_login(worker)

        def hits(query):
            return found.number in client.get("/casussen/zoeken/", {"q": query}).content.decode()

        assert hits("bram okt") and hits("oktay") and hits("aya zw")
        # The household's names are kept one per line, the latest member last: the end of one name and the
        # start of the next are not one name.
        names = Family.objects.get(pk=found.family_id).search_names.split("\n")
        assert names[0] == "aya zwart" and names[-1] == "bram oktay" and len(names) == 3
        assert not hits(f"{names[-2][-3:]}bra") and not hits(f"{names[-2][-3:]} bra")

    def test_by_birth_date_bsn_and_case_number(self, client, oost, worker):
        child = factories.person_data(birth_date=dt.date(2016, 2, 29), bsn="111222333")
        found = factories.case(team=oost, director=worker, first_child=child)
        other = factories.case(team=oost, director=worker)
        client.force_login(worker)
        for params in ({"birth_date": "2016-02-29"}, {"bsn": "111 222 333"}, {"q": found.number}):
            page = client.get("/casussen/zoeken/", params).content.decode()
            assert found.number in page and other.number not in page, params

    def test_never_reveals_another_teams_files(self, client, oost, worker, outsider):
        child = factories.person_data(given_name="Noor", surname="Bakker", bsn="111222333")
        hidden = factories.case(team=oost, director=worker, first_child=child)
        client.force_login(outsider)
        for params in ({"q": "Bakker"}, {"bsn": "111222333"}, {"q": hidden.number}):
            results = client.get("/casussen/zoeken/", params).content.decode().split("<h2>Resultaten</h2>")[1]
            assert "Geen casussen." in results
            assert hidden.number not in results
            assert hidden.family.name not in results


def test_a_page_and_the_count_of_all_rows_are_one_query(oost, worker, django_assert_num_queries):
    for _ in range(3):
        factories.case(team=oost, director=worker, children=1)
    cases = Case.objects.order_by("pk")
    pks = list(cases.values_list("pk", flat=True))
    expected = {
        (None, 5): (3, pks, False, 1),
        ("1", 2): (3, pks[:2], True, 1),
        ("2", 2): (3, pks[2:], False, 2),
        ("x", 2): (3, pks[:2], True, 1),  # not a number: the first page
    }
    for (number, size), (count, rows, more, page_number) in expected.items():
        with django_assert_num_queries(1):
            page = paginate(cases, number, size)
            assert (page.paginator.count, [case.pk for case in page.object_list], page.has_next(), page.number) == (
                count, rows, more, page_number,
            )  # fmt: skip
    with django_assert_num_queries(1):
        assert paginate(cases.filter(pk=-1), None, 5).paginator.count == 0
    # Past the end, and far past what an offset can hold: the last page, as Django's get_page does.
    assert [case.pk for case in paginate(cases, "9", 2).object_list] == pks[2:]
    assert [case.pk for case in paginate(cases, "99999999999999999999", 2).object_list] == pks[2:]
    # Zero or less: the first page.
    for number in ("0", "-3"):
        assert [case.pk for case in paginate(cases, number, 2).object_list] == pks[:2]
    # Where a window would count other rows, or rows are not objects: Django's paginator, still right.
    assert paginate(cases.values("pk"), None, 2).paginator.count == 3
    assert paginate(Case.objects.filter(team=oost).distinct().order_by("pk"), "2", 2).paginator.count == 3


def test_the_rows_escape_what_people_typed_and_mark_a_child_long_unseen(client, oost, worker):
    case = factories.case(team=oost, director=worker, children=2)
    Family.objects.filter(pk=case.family_id).update(name="<script>alert(1)</script> & Zn")
    first, second = case.case_children.select_related("child").order_by("child__birth_date")
    Person.objects.filter(pk=first.child_id).update(given_name='<b onclick="x">Noor</b>')
    CaseChild.objects.filter(pk=first.pk).update(last_seen_at=factories.days_ago(30))
    CaseChild.objects.filter(pk=second.pk).update(last_seen_at=None)
    client.force_login(worker)
    page = client.get("/casussen/").content.decode()
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Zn" in page
    )
    assert '<b onclick="x">' not in page
    assert "<li>&lt;b onclick=&quot;x&quot;&gt;Noor&lt;/b&gt;: <strong>30</strong></li>" in page
    assert f"<li>{second.child.given_name}: <strong>nog niet gezien</strong></li>" in page


def test_the_rows_link_the_case_and_show_phase_and_last_contact_as_the_templates_would(client, oost, worker):
    from django.utils import translation
    from django.utils.formats import date_format

    contacted = factories.case(team=oost, director=worker)
    quiet = factories.case(team=oost, director=worker)
    last_contact = timezone.make_aware(dt.datetime(2026, 3, 5, 23, 30))  # local time: the day stays the 5th
    Case.objects.filter(pk=contacted.pk).update(last_contact_at=last_contact, phase="pressure")
    client.force_login(worker)
    page = client.get("/casussen/").content.decode()
    with translation.override("nl"):
        day = date_format(timezone.localtime(last_contact), "j b Y")
    assert day == "5 mrt 2026"
    rows = {
        case.number: re.search(
            rf'<tr><td><a href="/casussen/{case.pk}/">{case.number}</a>.*?</tr>', page
        ).group()
        for case in (contacted, quiet)
    }
    assert '<span class="phase phase--pressure">Drang</span>' in rows[contacted.number]
    assert f"<td>{day}</td>" in rows[contacted.number]
    assert "<td>nog geen</td>" in rows[quiet.number]
