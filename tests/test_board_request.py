"""INVESTIGATION is entered only through a table outcome or a direct request to the Raad, recorded with its reason."""

import pytest
from django.utils import timezone

from cases import services
from cases.models import PhaseChange
from tests import factories

pytestmark = pytest.mark.django_db


def _request(client, case, investigator, **overrides):
    form = {
        "investigator": investigator.pk,
        "requested_on": timezone.localdate().isoformat(),
        "reason": "Veilig Thuis vroeg de Raad na acute onveiligheid om onderzoek.",
        "version": case.version,
    } | overrides
    return client.post(f"/casussen/{case.pk}/raadsverzoek/", form)


def test_the_phase_form_no_longer_offers_investigation(client, a_case, worker):
    factories.walk(a_case, worker, "voluntary", "pressure")
    client.force_login(worker)

    page = client.get(f"/casussen/{a_case.pk}/fase/").content.decode()
    assert 'value="investigation"' not in page
    assert "/raadsverzoek/" in page
    client.post(
        f"/casussen/{a_case.pk}/fase/", {"to": "investigation", "reason": "x", "version": a_case.version}
    )
    a_case.refresh_from_db()
    assert a_case.phase == "pressure"


def test_a_direct_request_moves_the_case_and_lets_the_investigator_in(client, a_case, worker, investigator):
    factories.walk(a_case, worker, "voluntary")
    client.force_login(investigator)
    assert client.get(f"/casussen/{a_case.pk}/").status_code == 404
    client.force_login(worker)

    response = _request(client, a_case, investigator)

    assert response.status_code == 302
    a_case.refresh_from_db()
    assert a_case.phase == "investigation"
    change = PhaseChange.objects.filter(case=a_case).latest("pk")
    assert change.changed_by == worker and "acute onveiligheid" in change.reason and "Raad" in change.reason
    client.force_login(investigator)
    assert client.get(f"/casussen/{a_case.pk}/").status_code == 200


def test_bad_requests_are_explained_in_dutch_and_change_nothing(
    client, a_case, worker, investigator, colleague
):
    factories.walk(a_case, worker, "voluntary")
    client.force_login(worker)

    no_reason = _request(client, a_case, investigator, reason=" ")
    not_raad = _request(client, a_case, colleague)
    future = _request(client, a_case, investigator, requested_on="2999-01-01")

    assert "Dit veld is verplicht" in no_reason.content.decode()
    assert "Selecteer een geldige keuze" in not_raad.content.decode()  # only Raad investigators are offered
    assert "voordat het gedaan is" in future.content.decode()
    a_case.refresh_from_db()
    assert a_case.phase == "voluntary"


def test_from_intake_the_request_is_refused(client, a_case, worker, investigator):
    client.force_login(worker)
    response = _request(client, a_case, investigator)
    assert "vrijwillig kader" in response.content.decode()
    a_case.refresh_from_db()
    assert a_case.phase == "intake"


@pytest.mark.parametrize("who", ["co_worker", "vt_monitor", "outsider"])
def test_only_who_directs_may_record_it(
    client, a_case, worker, colleague, vt_worker, outsider, investigator, who
):
    factories.walk(a_case, worker, "voluntary")
    services.case_assign(
        case=a_case, by=worker, director=worker, co_workers=[colleague], expected_version=a_case.version
    )
    services.case_involve(
        case=a_case, by=worker, role="vt_monitor", user=vt_worker, expected_version=a_case.version
    )
    client.force_login({"co_worker": colleague, "vt_monitor": vt_worker, "outsider": outsider}[who])

    assert client.get(f"/casussen/{a_case.pk}/raadsverzoek/").status_code == 404
    assert _request(client, a_case, investigator).status_code == 404
    a_case.refresh_from_db()
    assert a_case.phase == "voluntary"
