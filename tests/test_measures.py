"""Court-mandated phase: measures move direction to the GI; the youth worker stays."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseAssignment, PhaseChange
from core.dates import months_before
from flags.models import Flag
from flags.registry import RULES
from flags.services import flags_evaluate
from measures import services
from measures.models import Measure
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _record(case, by, gi_worker, kind="supervision", months=12, **overrides):
    data = {
        "case": case,
        "by": by,
        "kind": kind,
        "children": factories.children_of(case),
        "court": "Rechtbank Noord-Holland",
        "decided_on": TODAY,
        "starts_on": TODAY,
        "ends_on": months_before(TODAY, -months) if months else None,
        "gi_worker": gi_worker,
        "expected_version": case.version,
    }
    data.update(overrides)
    return services.measure_record(**data)


def _to(case, by, *phases):
    factories.walk(case, by, *phases)


@pytest.mark.parametrize(
    "route", [["voluntary", "pressure", "investigation"], ["voluntary"], ["voluntary", "pressure"], []]
)
def test_a_measure_moves_the_case_to_mandated_from_any_open_phase(a_case, worker, gi_worker, route):
    _to(a_case, worker, *route)
    _record(a_case, worker, gi_worker)
    a_case.refresh_from_db()
    assert a_case.phase == "mandated"
    change = PhaseChange.objects.filter(case=a_case).latest("pk")
    assert change.to_phase == "mandated" and "Rechtbank Noord-Holland" in change.reason
    assert CaseAssignment.objects.filter(
        case=a_case, user=gi_worker, role="gi_worker", ends_at__isnull=True
    ).exists()


def test_afterwards_the_gi_directs_and_the_youth_worker_logs_contacts(client, a_case, worker, gi_worker):
    _record(a_case, worker, gi_worker)
    client.force_login(gi_worker)
    page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert gi_worker.get_full_name() in page.split("Geopend")[0]  # named as regisseur in the header
    assert client.get(f"/casussen/{a_case.pk}/regie/").status_code == 200
    assert a_case.number in client.get("/casussen/").content.decode()  # the jeugdbeschermer's caseload
    client.force_login(worker)
    assert client.get(f"/casussen/{a_case.pk}/regie/").status_code == 404
    now = timezone.localtime()
    form = {
        "occurred_on": now.date().isoformat(),
        "occurred_time": "00:00",
        "kind": "home_visit",
        "note": "x",
    }
    assert client.post(f"/casussen/{a_case.pk}/contact/", form).status_code == 302


@pytest.mark.parametrize(
    ("kind", "months", "message"),
    [
        ("interim_supervision", 4, "ten hoogste 3 maanden"),
        ("supervision", 13, "ten hoogste 12 maanden"),
        ("placement", 13, "ten hoogste 12 maanden"),
        ("supervision", None, "heeft een einddatum"),
    ],
)
def test_the_legal_maxima_are_enforced_in_dutch(a_case, worker, gi_worker, kind, months, message):
    with pytest.raises(ValidationError, match=message):
        _record(a_case, worker, gi_worker, kind=kind, months=months)
    a_case.refresh_from_db()
    assert a_case.phase == "intake" and not Measure.objects.exists()


def test_the_maxima_hold_to_the_day(a_case, worker, gi_worker):
    _record(a_case, worker, gi_worker, kind="interim_supervision", months=3)
    assert Measure.objects.get().ends_on == months_before(TODAY, -3)


def test_an_ots_is_extended_a_year_at_a_time(a_case, worker, gi_worker):
    measure = _record(a_case, worker, gi_worker)
    old_end = measure.ends_on
    with pytest.raises(ValidationError, match="ten hoogste 12 maanden"):
        services.measure_extend(measure=measure, by=gi_worker, decided_on=TODAY,
                                new_ends_on=months_before(old_end, -13))  # fmt: skip
    services.measure_extend(
        measure=measure, by=gi_worker, decided_on=TODAY, new_ends_on=months_before(old_end, -12)
    )
    measure.refresh_from_db()
    assert measure.ends_on == months_before(old_end, -12)
    assert measure.extensions.get().previous_ends_on == old_end


def test_when_the_last_measure_ends_the_case_returns_or_closes(a_case, worker, gi_worker):
    ots = _record(a_case, worker, gi_worker)
    muhp = _record(a_case, gi_worker, gi_worker, kind="placement", children=factories.children_of(a_case)[:1])
    services.measure_end(measure=muhp, by=gi_worker, ended_on=TODAY, reason="Kind is thuis", then="voluntary")
    a_case.refresh_from_db()
    assert a_case.phase == "mandated"  # the OTS still runs
    with pytest.raises(ValidationError, match="Kies waarom"):
        services.measure_end(
            measure=ots, by=gi_worker, ended_on=TODAY, reason="Rechter heft op", then="closed"
        )
    services.measure_end(
        measure=ots, by=gi_worker, ended_on=TODAY, reason="Rechter heft op", then="voluntary"
    )
    a_case.refresh_from_db()
    assert a_case.phase == "voluntary"
    assert not CaseAssignment.objects.get(
        case=a_case, role="gi_worker"
    ).ends_at  # the GI worker is still named
    assert PhaseChange.objects.filter(case=a_case, to_phase="voluntary", reason="Rechter heft op").exists()


def test_placements_belong_to_a_placement_authorisation(a_case, worker, gi_worker):
    ots = _record(a_case, worker, gi_worker)
    child = factories.children_of(a_case)[0]
    with pytest.raises(ValidationError):
        services.placement_record(
            measure=ots, by=gi_worker, child=child, where="Pleeggezin", since=TODAY, until=None
        )
    muhp = _record(a_case, gi_worker, gi_worker, kind="placement", children=[child])
    placement = services.placement_record(measure=muhp, by=gi_worker, child=child, where="Pleeggezin", since=TODAY,
                                          until=None)  # fmt: skip
    assert placement.measure == muhp


def test_the_measures_page_records_a_decision_and_refuses_bad_input(client, a_case, worker, gi_worker):
    client.force_login(worker)
    children = [str(child.pk) for child in factories.children_of(a_case)]
    form = {"action": "record", "kind": "interim_supervision", "children": children, "court": "Rechtbank",
            "decided_on": TODAY.isoformat(), "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + dt.timedelta(days=200)).isoformat(), "gi_worker": gi_worker.pk,
            "version": a_case.version}  # fmt: skip
    html = client.post(f"/casussen/{a_case.pk}/maatregelen/", form).content.decode()
    assert "ten hoogste 3 maanden" in html
    form["ends_on"] = (TODAY + dt.timedelta(days=60)).isoformat()
    assert client.post(f"/casussen/{a_case.pk}/maatregelen/", form).status_code == 302
    page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert "Voorlopige ondertoezichtstelling (vOTS)" in page  # in force, with its end date, in the header
    assert (TODAY + dt.timedelta(days=60)).strftime("%Y") in page.split("Kinderen")[0]


def test_the_caseload_shows_which_cases_are_mandated(client, a_case, worker, gi_worker, lead):
    _record(a_case, worker, gi_worker)
    client.force_login(lead)
    row = client.get("/casussen/team/").content.decode().split(a_case.number)[1].split("</tr>")[0]
    assert "Gedwongen kader" in row


def test_outsiders_get_404_on_measures(client, a_case, outsider):
    client.force_login(outsider)
    assert client.get(f"/casussen/{a_case.pk}/maatregelen/").status_code == 404


def test_the_measures_page_is_named_in_the_measures_app(client, a_case, worker):
    assert reverse("measures:case-measures", args=[a_case.pk]) == f"/casussen/{a_case.pk}/maatregelen/"
    client.force_login(worker)
    page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert f'href="/casussen/{a_case.pk}/maatregelen/"' in page  # the case page links to it


def _open_rules(case) -> set[str]:
    return set(Flag.objects.filter(case=case, resolved_at__isnull=True).values_list("rule", flat=True))


def test_the_court_rules_are_declared_by_the_measures_app():
    ids = {"OTS-01", "OTS-02", "UHP-01", "UHP-02"}
    assert ids <= set(RULES)
    assert {RULES[rule_id].matches.__module__ for rule_id in ids} == {
        "measures.rules.not_followed_up",
        "measures.rules.ending_soon",
    }


def test_ots01_is_answered_by_a_final_supervision_order_and_uhp01_by_a_placement(a_case, worker, gi_worker):
    start = TODAY - dt.timedelta(days=60)
    _record(a_case, worker, gi_worker, kind="interim_supervision", months=3, decided_on=start, starts_on=start,
            ends_on=months_before(start, -3))  # fmt: skip
    muhp = _record(a_case, gi_worker, gi_worker, kind="placement", decided_on=start, starts_on=start,
                   ends_on=months_before(start, -12))  # fmt: skip
    flags_evaluate(rules=["OTS-01", "UHP-01"])
    assert {"OTS-01", "UHP-01"} <= _open_rules(a_case)

    a_case.refresh_from_db()
    _record(a_case, gi_worker, gi_worker, kind="supervision")
    child = factories.children_of(a_case)[0]
    services.placement_record(
        measure=muhp, by=gi_worker, child=child, where="Pleeggezin", since=TODAY, until=None
    )
    flags_evaluate(rules=["OTS-01", "UHP-01"])
    assert not {"OTS-01", "UHP-01"} & _open_rules(a_case)
