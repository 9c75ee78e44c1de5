"""Every count on the team lead's signals dashboard leads to exactly the signals it counts (issue 15).

The lists are scoped like the counts: the lead's own teams, the cases the lead may see; nothing in the
query string widens them.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AccessEvent
from cases import services
from cases.models import Case, CaseAssignment
from core.dates import months_before
from flags.models import Flag
from flags.services import flags_evaluate
from measures import services as measure_services
from measures.models import MeasureKind
from tests import factories

pytestmark = pytest.mark.django_db

COUNT_LINK = re.compile(
    r'<a href="(/casussen/signalen/lijst/\?[^"]*)" aria-label="(\d+) open signa[^"]*">(\d+)</a>'
)
TOTAL = re.compile(r"(\d+) open signa(?:al|len) in uw team\.")
LISTED = re.compile(r'<p id="flag-count">(\d+) open signa(?:al|len)</p>')


def _long_ago(case: Case, days: int = 60) -> None:
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=days))


@pytest.fixture
def flagged(oost, west, worker, colleague, outsider, gi_worker):
    """Signals of several rules and directors in Oost (OTS-01 from the measures app among them), and one in West."""
    seen_once = factories.case(team=oost, director=worker, children=2)
    _long_ago(seen_once)
    services.contact_log(
        case=seen_once, by=worker, occurred_at=factories.days_ago(40), kind="home_visit",
        children_seen=factories.children_of(seen_once)[:1],
    )  # fmt: skip
    # Ahmed works alongside on Sanne's case without directing it: her signals there are not his to count.
    seen_once.refresh_from_db()
    services.case_assign(
        case=seen_once, by=worker, director=worker, co_workers=[colleague], expected_version=seen_once.version
    )
    interim = factories.case(team=oost, director=colleague, children=1)
    _long_ago(interim)
    start = timezone.localdate() - dt.timedelta(days=60)
    measure_services.measure_record(
        case=interim, by=colleague, kind=MeasureKind.INTERIM_SUPERVISION, children=factories.children_of(interim),
        court="Rechtbank", decided_on=start, starts_on=start, ends_on=months_before(start, -3), gi_worker=gi_worker,
        expected_version=interim.version,
    )  # fmt: skip
    nobody = factories.case(team=oost, director=worker, children=1, opened_on=timezone.localdate())
    CaseAssignment.objects.filter(case=nobody, role="director").update(ends_at=timezone.now())
    elsewhere = factories.case(team=west, director=outsider, children=1)
    _long_ago(elsewhere)
    flags_evaluate()
    return {"seen_once": seen_once, "interim": interim, "nobody": nobody, "elsewhere": elsewhere}


def _listed(client, url: str) -> tuple[int, str]:
    page = client.get(url).content.decode()
    shown = LISTED.search(page)
    rows = page.count('class="flag-row"')
    assert shown and int(shown.group(1)) == rows, url  # the number above the list is its length
    return rows, page


def test_every_count_on_the_dashboard_leads_to_exactly_its_signals(
    client, lead, flagged, worker, colleague, gi_worker
):
    client.force_login(lead)
    dashboard = client.get("/casussen/signalen/").content.decode()
    links = [(url, count) for url, count, shown in COUNT_LINK.findall(dashboard) if count == shown]
    assert len(links) == len(COUNT_LINK.findall(dashboard))  # the link's name says the number it shows
    by_rule = {url.split("rule=")[1]: int(count) for url, count in links if "rule=" in url}
    by_director = {int(url.split("director=")[1]): int(count) for url, count in links if "director=" in url}
    assert by_rule["OV-01"] == 2 and by_rule["OTS-01"] == 1 and by_rule["OV-05"] == 1
    assert by_director[worker.pk] == 1  # the case without a director counts for nobody
    assert by_director[colleague.pk] == by_director[gi_worker.pk] == 2  # under a measure the GI directs too
    assert len(links) == len(by_rule) + len(by_director)
    for url, count in links:
        rows, page = _listed(client, url.replace("&amp;", "&"))
        assert rows == int(count), url
        assert flagged["elsewhere"].number not in page
    total = int(TOTAL.search(dashboard).group(1))
    assert (
        total
        == sum(by_rule.values())
        == Flag.objects.filter(case__team__name="Team Zaandam-Oost", resolved_at__isnull=True).count()
    )
    assert 'href="/casussen/signalen/lijst/"' in dashboard
    assert _listed(client, "/casussen/signalen/lijst/")[0] == total


def test_a_rule_list_shows_those_cases_and_rules_link_to_their_page(client, lead, flagged):
    client.force_login(lead)
    rows, page = _listed(client, "/casussen/signalen/lijst/?rule=OTS-01")
    assert rows == 1
    assert f'href="/casussen/{flagged["interim"].pk}/">{flagged["interim"].number}</a>' in page
    assert 'href="/casussen/signalen/regels/OTS-01/"' in page
    rows, page = _listed(client, "/casussen/signalen/lijst/?rule=OV-01")
    assert {flagged["seen_once"].number, flagged["interim"].number} <= set(re.findall(r"Z-\d{4}-\d{5}", page))
    event = AccessEvent.objects.filter(object_ref="flag_list").latest("pk")
    assert sorted(event.detail["cases"]) == sorted([flagged["seen_once"].number, flagged["interim"].number])


def test_a_query_string_cannot_widen_the_list(client, lead, flagged, outsider, west):
    client.force_login(lead)
    elsewhere = flagged["elsewhere"].number
    for query in (f"director={outsider.pk}", "rule=XX-99", "director=abc"):
        response = client.get(f"/casussen/signalen/lijst/?{query}")
        page = response.content.decode()
        assert response.status_code == 200, query
        assert "Dit filter is niet herkend, daarom worden geen signalen getoond." in page, query
        assert page.count('class="flag-row"') == 0 and elsewhere not in page, query
    west_lead = factories.user("west-lead", role=Role.TEAM_LEAD, teams=(west,))
    client.force_login(west_lead)
    rows, page = _listed(client, "/casussen/signalen/lijst/")
    assert rows == 1 and elsewhere in page
    assert flagged["interim"].number not in _listed(client, "/casussen/signalen/lijst/?rule=OTS-01")[1]


def test_only_a_team_lead_opens_the_lists(client, worker, flagged):
    client.force_login(worker)
    assert client.get("/casussen/signalen/lijst/").status_code == 403


def test_a_child_never_seen_is_not_seen_yet_not_a_date(client, lead, flagged):
    client.force_login(lead)
    page = client.get("/casussen/signalen/").content.decode()
    seen, never = factories.children_of(flagged["seen_once"])
    seen_on = timezone.localdate() - dt.timedelta(days=40)
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    row = re.search(rf"<tr><td>{re.escape(never.full_name)}</td>.*?</tr>", page).group(0)
    assert "<td>nog niet gezien</td>" in row
    row = re.search(rf"<tr><td>{re.escape(seen.full_name)}</td>.*?</tr>", page).group(0)
    assert f"<td>{seen_on.day} {months[seen_on.month - 1]} {seen_on.year}</td>" in row
    opened = flagged["seen_once"].opened_on  # never seen used to show the day the case opened
    assert f"<td>{opened.day} {months[opened.month - 1]} {opened.year}</td>" not in page
