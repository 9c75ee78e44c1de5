"""Bad input gets a Dutch 400 or the page with a Dutch message, never a 500 (issue 12, "Bad input").

The regression tests below are the sixteen 500s that were found; the property-based tests feed odd
strings (NUL and other control characters, huge and negative numbers, digits that are not ASCII, long,
SQL- and HTML-like strings) to every GET parameter of every list and case page, and to the ids posted
by the meldcode and monitoring forms.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from audit.forms import AccessLogSearchForm
from audit.models import AccessEvent
from audit.services import access_event_record
from caseloads.forms import CaseListForm, SearchForm
from cases.access import WORK, case_permissions
from referrals.models import MonitoringMoment, Referral
from safetyplans import services as plan_services
from safetyplans.models import SafetyPlan

NUL_MESSAGE = "NUL-teken"
HUGE = "99999999999999999999"

# Odd strings a person, a broken client or an attacker may put in a parameter.
ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "1\x00",
            "²",
            "٣",
            "١٢",
            "¹",
            "𝟙",
            "-1",
            "0",
            "-0",
            "+1",
            "1.5",
            "1e400",
            "NaN",
            "inf",
            HUGE,
            "-" + HUGE,
            "9" * 5000,
            "Z-2026-00001",
            "2026-02-30",
            "9999-12-31",
            "0001-01-01",
            "-number",
            "--",
            "' OR '1'='1' --",
            '"; DROP TABLE cases_case; --',
            "<script>alert(1)</script>",
            "{{ 7*7 }}",
            "%00",
            "%s%s%n",
            "../../etc/passwd",
            "\r\n\x0c",
            "\u202e\ufeff\u200b",
            "😀",
        ]
    ),
    st.integers().map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Cc", "Zs"]), max_size=8),
    st.text(min_size=1, max_size=3).map(lambda text: text * 3000),
)


@dataclass(frozen=True)
class Page:
    url: str
    params: tuple[str, ...] = ()
    base: dict = field(default_factory=dict)  # a query that reaches further into the page, tried too


def _case_list_params() -> tuple[str, ...]:
    return (*CaseListForm.base_fields, "pagina")


def _request(client, method: str, url: str, data: dict):
    """One request, in a savepoint: should it fail in the database, the next example still runs."""
    with transaction.atomic():
        response = getattr(client, method)(url, data)
    assert response.status_code < 500, (url, data, response.status_code)
    return response


@pytest.fixture
def demo(demo_users):
    """The demo data's cases, plans and handovers the pages below are opened with."""
    plan = SafetyPlan.objects.filter(based_on__isnull=False).select_related("case").get()
    moment = (
        MonitoringMoment.objects.filter(referral__state=Referral.State.ACCEPTED)
        .select_related("referral__case")
        .order_by("pk")
        .first()
    )
    assert WORK in case_permissions(demo_users["jeugdprofessional"], plan.case)
    return {
        "users": demo_users,
        "case": plan.case,
        "plan": plan,
        "moment": moment,
        "monitored_case": moment.referral.case,
        "referral": moment.referral,
    }


def _pages(username: str, demo: dict) -> list[Page]:
    case, plan, monitored, referral = demo["case"], demo["plan"], demo["monitored_case"], demo["referral"]
    case_pages = [
        Page(f"/casussen/{case.pk}/", ("pagina",), {"pagina": "2"}),
        Page(f"/casussen/{case.pk}/meldcode/"),
        Page(f"/casussen/{case.pk}/inzagelog/", ("pagina",)),
        Page(f"/casussen/{case.pk}/maatregelen/"),
        Page(f"/veiligheidsplan/casus/{case.pk}/"),
        Page(f"/veiligheidsplan/{plan.pk}/"),
        Page(f"/veiligheidsplan/{plan.pk}/vergelijken/", ("met",), {"met": str(plan.based_on_id)}),
        Page(f"/veiligheidsplan/{plan.pk}/afdrukvoorbeeld/", ("deel",), {"deel": "kind"}),
    ]
    search = Page("/casussen/zoeken/", tuple(SearchForm.base_fields), {"q": "a"})
    return {
        "jeugdprofessional": [
            Page("/casussen/", _case_list_params(), {"sort": "-family"}),
            Page("/casussen/team/", _case_list_params(), {"phase": "voluntary"}),
            search,
            Page("/casussen/wie-mag-wat/"),
            Page("/overdrachten/inbox/"),
            Page(f"/overdrachten/{referral.pk}/"),
            Page(f"/overdrachten/casus/{monitored.pk}/"),
            *case_pages,
        ],
        "teamleider": [
            Page("/casussen/team/", _case_list_params(), {"sort": "flags"}),
            Page("/casussen/signalen/"),
            Page("/overdrachten/inbox/"),
            Page(f"/casussen/{case.pk}/", ("pagina",)),
            Page(f"/casussen/{case.pk}/inzagelog/", ("pagina",), {"pagina": "2"}),
        ],
        "veiligthuis": [
            Page("/overdrachten/"),
            Page(f"/overdrachten/{referral.pk}/"),
            Page(f"/overdrachten/casus/{monitored.pk}/"),
            Page(f"/casussen/{monitored.pk}/", ("pagina",)),
            search,
        ],
        "privacy": [
            Page(
                "/account/inzagelog/",
                (*AccessLogSearchForm.base_fields, "pagina"),
                {"case_number": case.number},
            ),
            Page(
                "/account/inzagelog/export.csv",
                tuple(AccessLogSearchForm.base_fields),
                {"case_number": case.number},
            ),
        ],
    }[username]


@pytest.mark.parametrize("username", ["jeugdprofessional", "teamleider", "veiligthuis", "privacy"])
def test_odd_get_parameters_never_give_a_server_error(client, login, demo, username, reauthenticate):
    login(username)
    if username == "privacy":
        reauthenticate()  # the access-log export asks for the password first (tests/test_reauth.py)
    pages = _pages(username, demo)
    for page in pages:  # each page opens for this user: the odd input below reaches the real view
        assert _request(client, "get", page.url, page.base).status_code == 200, page.url

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def every_page(data):
        for page in pages:
            names = st.sampled_from((*page.params, "x"))  # "x": a parameter no page knows
            odd = data.draw(st.dictionaries(names, ODD_VALUES, min_size=1, max_size=3), label=page.url)
            query = {**page.base, **odd} if page.base and data.draw(st.booleans()) else odd
            note(f"{page.url} {query!r}")
            _request(client, "get", page.url, query)

    every_page()


@pytest.mark.parametrize(
    ("username", "page", "param"),
    [("jeugdprofessional", "meldcode", "step"), ("veiligthuis", "monitoring", "moment")],
)
def test_odd_posted_ids_never_give_a_server_error(client, login, demo, username, page, param):
    login(username)
    url = {
        "meldcode": f"/casussen/{demo['case'].pk}/meldcode/",
        "monitoring": f"/overdrachten/casus/{demo['monitored_case'].pk}/",
    }[page]

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(value=ODD_VALUES)
    @example(value="²")
    @example(value="")
    @example(value=HUGE)
    def posting(value):
        _request(client, "post", url, {param: value})

    posting()


# The sixteen 500s that were found, one by one.


@pytest.mark.parametrize("url", ["/casussen/", "/casussen/team/"])
@pytest.mark.parametrize("param", ["phase", "director", "sort", "pagina", "zoek"])
def test_a_nul_character_in_a_caseload_parameter_gets_a_dutch_400(client, worker, a_case, url, param):
    client.force_login(worker)
    response = client.get(url, {param: "a\x00b"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.parametrize("moment", ["abc", "", "²"])
def test_a_monitoring_moment_that_is_no_number_gets_a_dutch_400(client, login, demo, moment):
    login("veiligthuis")
    url = f"/overdrachten/casus/{demo['monitored_case'].pk}/"
    response = client.post(url, {"moment": moment, "result": MonitoringMoment.Result.MET, "note": ""})
    assert response.status_code == 400
    assert "Kies het monitormoment waarvan u de uitkomst vastlegt." in response.content.decode()


def test_a_meldcode_step_in_unicode_digits_gets_the_page_with_a_dutch_message(client, worker, a_case):
    client.force_login(worker)
    response = client.post(
        f"/casussen/{a_case.pk}/meldcode/",
        {"step": "²", "step2-done_on": "2026-01-05", "step2-performed_by": "Sanne"},
    )
    assert response.status_code == 200
    assert "Deze stap van de meldcode bestaat niet." in response.content.decode()
    assert not a_case.reporting_code_steps.exists()


def test_a_plan_to_compare_in_unicode_digits_gets_the_page_with_a_dutch_message(client, worker, a_case):
    plan = plan_services.plan_start(case=a_case, by=worker)
    client.force_login(worker)
    response = client.get(f"/veiligheidsplan/{plan.pk}/vergelijken/", {"met": "²"})
    assert response.status_code == 200
    assert "Die versie is niet herkend" in response.content.decode()


def test_a_timeline_page_beyond_any_number_gets_the_page_with_a_dutch_message(client, worker, a_case):
    client.force_login(worker)
    response = client.get(f"/casussen/{a_case.pk}/", {"pagina": HUGE})
    assert response.status_code == 200
    assert "Die pagina van de tijdlijn bestaat niet" in response.content.decode()
    assert response.context["timeline"].number == 1


# The layers under those fixes.


def test_a_nul_character_in_a_posted_form_gets_a_dutch_400(client, db):
    response = client.post("/account/inloggen/", {"username": "sanne\x00", "password": "demo"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_the_access_log_stores_a_query_with_a_nul_character_without_it(lead):
    event = access_event_record(
        user=lead,
        action=AccessEvent.Action.LIST,
        object_ref="team\x00",
        detail={"query": {"sort\x00": "a\x00b", "list": ["\x00"]}},
    )
    event.refresh_from_db()
    assert event.object_ref == "team"
    assert event.detail == {"query": {"sort": "ab", "list": [""]}}


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("²", None),
        ("٣", None),
        ("", None),
        (None, None),
        ("0", None),
        ("-3", None),
        ("1.0", None),
        ("1_000", None),
        (HUGE, None),
        ("9" * 5000, None),
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_parse_int_reads_plain_digits_in_range_only(value, number):
    from core.params import parse_int

    assert parse_int(value) == number


def test_a_form_post_without_a_multipart_boundary_gets_the_dutch_form_page_not_a_500(worker):
    """ "multipart/form-data" with no boundary cannot be read as a form: it reads as empty, and the CSRF check
    refuses it with its Dutch page (the API answers such a body itself: tests/test_api_intake.py)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.generic("POST", "/casussen/nieuw/", b"x=1", content_type="multipart/form-data")
    assert response.status_code == 403
    assert "formulier" in response.content.decode()
