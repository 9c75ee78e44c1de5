"""Veilig Thuis's monitoring: the list of moments due across its families, and recording a moment in time."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from accounts.models import Organisation
from accounts.roles import Role
from audit.models import AccessEvent
from referrals.models import MonitoringMoment, Referral
from tests import factories
from tests.test_referrals import _accept, _send

pytestmark = pytest.mark.django_db

URL = "/overdrachten/monitoring/"


@pytest.fixture
def vt(db):
    organisation = factories.organisation("Veilig Thuis Zaanstreek-Waterland", Organisation.Kind.VEILIG_THUIS)
    return factories.user("ingrid", role=Role.VT_WORKER, organisation=organisation)


def _monitored(client, vt, lead, worker, reference: str, *due_in_days: int, surname: str = "Bakker"):
    """A handover accepted by Oost, its moments (3 and 6 months) due in the given numbers of days."""
    family = {
        "persons-0-bsn": "",
        "persons-0-surname": surname,
        "persons-1-surname": surname,
    }  # its own family
    referral = _send(client, vt, reference=reference, **family)
    case = _accept(referral, lead, worker)
    today = timezone.localdate()
    for moment, days in zip(
        referral.monitoring_moments.order_by("months_after_acceptance"), due_in_days, strict=True
    ):
        MonitoringMoment.objects.filter(pk=moment.pk).update(due_on=today + dt.timedelta(days=days))
    return referral, case


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [row for row in re.split(r"<tr>", body) if row.strip()]


def _reference(row: str) -> str:
    return re.search(r">(VT-[A-Z0-9-]+)</a>", row)[1]


class TestTheListOfMomentsDue:
    def test_overdue_first_then_by_date_across_families(self, client, vt, oost, lead, worker):
        _monitored(client, vt, lead, worker, "VT-A", -10, 80)
        _monitored(client, vt, lead, worker, "VT-B", 5, 95)
        c, _case = _monitored(client, vt, lead, worker, "VT-C", -40, -2)
        MonitoringMoment.objects.filter(referral=c, months_after_acceptance=3).update(
            result="met", recorded_at=timezone.now(), recorded_by=vt
        )  # recorded: no longer due
        client.force_login(vt)
        rows = _rows(client.get(URL).content.decode())
        assert [_reference(row) for row in rows] == ["VT-A", "VT-C", "VT-B", "VT-A", "VT-B"]
        assert ["te laat" in row for row in rows] == [True, True, False, False, False]
        today = timezone.localdate()
        assert formats.date_format(today - dt.timedelta(days=10), "j b Y") in rows[0]
        assert "3 maanden na acceptatie" in rows[0] and "6 maanden na acceptatie" in rows[1]

    def test_only_its_own_organisations_families(self, client, vt, oost, lead, worker):
        _monitored(client, vt, lead, worker, "VT-OWN", 10, 100)
        other = factories.user(
            "amsterdam", role=Role.VT_WORKER,
            organisation=factories.organisation("Veilig Thuis Amsterdam-Amstelland", Organisation.Kind.VEILIG_THUIS),
        )  # fmt: skip
        _monitored(client, other, lead, worker, "VT-OTHER", 10, 100)
        client.force_login(vt)
        html = client.get(URL).content.decode()
        assert "VT-OWN" in html and "VT-OTHER" not in html
        client.force_login(other)
        html = client.get(URL).content.decode()
        assert "VT-OTHER" in html and "VT-OWN" not in html

    def test_the_case_is_linked_only_while_veilig_thuis_may_see_it(self, client, vt, oost, lead, worker):
        _seen, seen_case = _monitored(client, vt, lead, worker, "VT-SEEN", 10, 100, surname="Jansen")
        ended, ended_case = _monitored(client, vt, lead, worker, "VT-ENDED", -30, -20)
        Referral.objects.filter(pk=ended.pk).update(
            monitoring_ends_on=timezone.localdate() - dt.timedelta(days=1)
        )
        client.force_login(vt)
        html = client.get(URL).content.decode()
        assert f'href="/casussen/{seen_case.pk}/"' in html and seen_case.family.name in html
        assert ended_case.number in html and f'href="/casussen/{ended_case.pk}/"' not in html
        assert ended_case.family.name not in html  # the family as Veilig Thuis handed it over: the children
        assert "Noor Bakker" in next(row for row in _rows(html) if "VT-ENDED" in row)
        assert client.get(f"/casussen/{ended_case.pk}/").status_code == 404

    def test_the_list_is_logged_with_the_cases_it_showed(self, client, vt, oost, lead, worker):
        _referral, case = _monitored(client, vt, lead, worker, "VT-A", -10, 80)
        client.force_login(vt)
        client.get(URL)
        event = AccessEvent.objects.get(user=vt, object_ref="vt_monitoring")
        assert event.action == AccessEvent.Action.LIST
        assert event.detail["cases"] == [case.number, case.number]

    def test_queries_stay_flat_as_families_are_added(self, client, vt, oost, lead, worker):
        _monitored(client, vt, lead, worker, "VT-1", -10, 80)
        client.force_login(vt)
        client.get(URL)
        with CaptureQueriesContext(connection) as few:
            client.get(URL)
        for number in range(2, 6):
            _monitored(client, vt, lead, worker, f"VT-{number}", number, 90 + number)
        client.force_login(vt)
        with CaptureQueriesContext(connection) as many:
            html = client.get(URL).content.decode()
        assert len(_rows(html)) == 10
        assert len(many) == len(few)

    def test_it_is_veilig_thuis_own_page_with_a_link_in_the_menu(self, client, vt, oost, lead, worker):
        client.force_login(vt)
        home = client.get("/").content.decode()
        assert f'href="{URL}"' in home
        assert "Er staan geen monitormomenten open." in client.get(URL).content.decode()
        for user in (worker, lead):
            client.force_login(user)
            assert f'href="{URL}"' not in client.get("/").content.decode()
            assert client.get(URL).status_code == 403


class TestRecordingAMomentEarly:
    @pytest.fixture
    def moment(self, client, vt, oost, lead, worker):
        referral, case = _monitored(client, vt, lead, worker, "VT-A", 91, 182)  # accepted today
        client.force_login(vt)
        return referral.monitoring_moments.order_by("months_after_acceptance").first(), case

    def test_months_ahead_it_asks_why_and_loses_nothing(self, client, moment):
        moment, case = moment
        due = formats.date_format(moment.due_on, "j F Y")
        page = client.get(f"/overdrachten/casus/{case.pk}/").content.decode()
        assert f"Dit moment is pas op {due}; waarom nu al vastleggen?" in page
        response = client.post(
            f"/overdrachten/casus/{case.pk}/",
            {"moment": moment.pk, "result": "partly", "note": "Vader woont weer thuis."},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Dit moment is pas op {due}: geef aan waarom u het nu al vastlegt." in html
        assert "Vader woont weer thuis." in html  # what was typed and chosen is still there
        assert re.search(r'<input[^>]*value="partly"[^>]*checked', html)
        moment.refresh_from_db()
        assert moment.result == "" and moment.recorded_at is None

    def test_with_a_reason_it_is_recorded_and_the_reason_kept(self, client, moment):
        moment, case = moment
        client.post(
            f"/overdrachten/casus/{case.pk}/",
            {
                "moment": moment.pk,
                "result": "not_met",
                "note": "Politie-inzet.",
                "early_reason": "Nieuwe melding",
            },
        )
        moment.refresh_from_db()
        assert (moment.result, moment.early_reason) == ("not_met", "Nieuwe melding")
        page = client.get(f"/overdrachten/casus/{case.pk}/").content.decode()
        assert "Vastgelegd vóór de datum van het moment. Reden: Nieuwe melding" in page

    def test_within_two_weeks_of_its_date_no_reason_is_asked(self, client, moment):
        moment, case = moment
        MonitoringMoment.objects.filter(pk=moment.pk).update(
            due_on=timezone.localdate() + dt.timedelta(days=14)
        )
        page = client.get(f"/overdrachten/casus/{case.pk}/").content.decode()
        assert f'id="id_moment{moment.pk}_result_0"' in page
        assert f'id="id_moment{moment.pk}_early_reason"' not in page  # the 6 months' moment still asks
        client.post(f"/overdrachten/casus/{case.pk}/", {"moment": moment.pk, "result": "met", "note": ""})
        moment.refresh_from_db()
        assert (moment.result, moment.early_reason) == ("met", "")

    def test_a_reason_posted_for_a_moment_in_time_is_not_kept(self, client, moment):
        moment, case = moment
        MonitoringMoment.objects.filter(pk=moment.pk).update(due_on=timezone.localdate())
        client.post(
            f"/overdrachten/casus/{case.pk}/",
            {"moment": moment.pk, "result": "met", "note": "", "early_reason": "Hoeft niet"},
        )
        moment.refresh_from_db()
        assert (moment.result, moment.early_reason) == ("met", "")
