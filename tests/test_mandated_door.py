"""MANDATED is entered only by recording a court measure and left only when the last measure ends."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import AccessEvent
from cases import services
from cases.access import case_permissions
from cases.models import Case, PhaseChange
from measures import services as measure_services
from tests import factories

pytestmark = pytest.mark.django_db


def _to(case, by, *phases):
    factories.walk(case, by, *phases)


def test_the_phase_form_offers_no_way_into_mandated(client, a_case, worker):
    _to(a_case, worker, "voluntary", "pressure", "investigation")
    client.force_login(worker)

    page = client.get(f"/casussen/{a_case.pk}/fase/").content.decode()
    assert 'value="mandated"' not in page

    response = client.post(
        f"/casussen/{a_case.pk}/fase/", {"to": "mandated", "reason": "Rechter", "version": a_case.version}
    )
    assert response.status_code == 200  # the form again, with the refusal
    a_case.refresh_from_db()
    assert a_case.phase == "investigation"


def test_a_mandated_case_cannot_be_moved_out_by_hand(client, a_case, worker, gi_worker):
    factories.measure(case=a_case, by=worker, gi_worker=gi_worker)
    a_case.refresh_from_db()
    client.force_login(gi_worker)

    page = client.get(f"/casussen/{a_case.pk}/fase/").content.decode()
    assert "Alleen de kinderrechter" in page or "kinderrechter" in page
    for target in ("voluntary", "closed"):
        response = client.post(
            f"/casussen/{a_case.pk}/fase/",
            {"to": target, "reason": "Klaar", "closing_reason": "safe_enough", "version": a_case.version},
        )
        assert response.status_code == 200
        a_case.refresh_from_db()
        assert a_case.phase == "mandated"


def _orphan(case, worker) -> Case:
    """A case that went through the old manual edge: MANDATED without a measure, as the data still has."""
    _to(case, worker, "voluntary", "pressure", "investigation")
    services.case_phase_set(case=case, to="mandated", by=worker, reason="Met de hand naar gedwongen kader")
    case.refresh_from_db()
    return case


def test_check_mandated_cases_finds_and_returns_orphaned_mandated_cases(client, a_case, worker, lead):
    orphan = _orphan(a_case, worker)
    assert "direct_case" not in case_permissions(worker, orphan)  # locked out: nobody directs

    with pytest.raises(CommandError, match="without a measure"):
        call_command("check_mandated_cases")
    orphan.refresh_from_db()
    assert orphan.phase == "mandated"  # reporting changes nothing

    call_command("check_mandated_cases", "--fix")

    orphan.refresh_from_db()
    assert orphan.phase == "investigation"
    change = PhaseChange.objects.filter(case=orphan).latest("pk")
    assert (change.from_phase, change.to_phase, change.changed_by) == ("mandated", "investigation", None)
    assert "zonder" in change.reason
    # Access follows at once: the director directs again, through HTTP.
    client.force_login(worker)
    assert client.get(f"/casussen/{orphan.pk}/regie/").status_code == 200
    page = client.get(f"/casussen/{orphan.pk}/").content.decode()
    assert "door Zicht" in page
    call_command("check_mandated_cases")  # clean now
    call_command("check_case_permissions")  # and access followed the phase


def test_the_repair_leaves_cases_with_a_measure_alone(a_case, worker, gi_worker):
    factories.measure(case=a_case, by=worker, gi_worker=gi_worker)
    events = AccessEvent.objects.count()

    assert measure_services.cases_mandated_without_measure_repair() == []
    a_case.refresh_from_db()
    assert a_case.phase == "mandated"
    assert AccessEvent.objects.count() == events
