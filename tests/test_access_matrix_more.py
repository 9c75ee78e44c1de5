"""The rest of the policy table through HTTP: plan, table, measure and monitoring permissions per phase and role.

tests/test_access.py covers view, notes, work, direct, log and reopen. Expected values are written out here,
independent of cases.access.POLICY.
"""

import pytest

from cases import services
from safetyplans import services as plan_services
from tests import factories
from tests.test_access import PHASES, ROLES, ROUTE

pytestmark = pytest.mark.django_db

LOCAL = {
    "edit_plan": {"director", "co_worker"},
    "agree_plan": {"director", "team_lead"},
    "submit": {"director", "vt_monitor"},
    "measure": {"director"},
    "monitor": {"vt_monitor"},
}
EXPECTED = {
    "intake": LOCAL,
    "voluntary": LOCAL,
    "pressure": LOCAL,
    "investigation": LOCAL,
    "mandated": {
        "edit_plan": {"gi_worker"},
        "agree_plan": {"gi_worker"},
        "submit": {"gi_worker"},
        "measure": {"gi_worker"},
        "monitor": {"vt_monitor"},
    },
    "closed": {"edit_plan": set(), "agree_plan": set(), "submit": set(), "measure": set(), "monitor": set()},
}


def _allowed(client, case, plan, action: str) -> bool:
    """Try the action through HTTP: refused is 403 or 404; anything else (a page, a form error) is allowed."""
    if action == "edit_plan":
        response = client.get(f"/veiligheidsplan/{plan.pk}/bewerken/")
    elif action == "agree_plan":
        response = client.post(f"/veiligheidsplan/{plan.pk}/vaststellen/", {})
    elif action == "submit":
        response = client.get(f"/beschermtafel/casus/{case.pk}/aanmelden/")
    elif action == "measure":
        response = client.post(f"/casussen/{case.pk}/maatregelen/", {"action": "record"})
    else:
        response = client.post(f"/overdrachten/casus/{case.pk}/", {})
    assert response.status_code < 500, (action, response.status_code)
    return response.status_code not in (403, 404)


@pytest.mark.parametrize("phase", PHASES)
def test_plan_table_measure_and_monitoring_permissions_through_http(client, people, oost, phase):
    director = people["director"]
    case = factories.case(team=oost, director=director, children=1)
    plan = plan_services.plan_start(case=case, by=director)
    services.case_assign(
        case=case,
        by=director,
        director=director,
        co_workers=[people["co_worker"]],
        expected_version=case.version,
    )
    services.case_involve(
        case=case, by=director, role="vt_monitor", user=people["vt_monitor"], expected_version=case.version
    )
    factories.walk(
        case, director, *ROUTE[phase], investigator=people["investigator"], gi_worker=people["gi_worker"]
    )
    wrong = []
    for role in ROLES:
        client.force_login(people[role])
        for action, allowed_roles in EXPECTED[phase].items():
            if _allowed(client, case, plan, action) != (role in allowed_roles):
                wrong.append(
                    f"{phase}/{role}/{action}: {'allowed' if role not in allowed_roles else 'refused'}"
                )
        client.logout()
    assert not wrong, "\n".join(wrong)
