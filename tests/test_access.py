"""Per-case access that follows the phase. The expected matrix is written out here, not imported."""

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts.models import Notification
from accounts.tasks import notifications_email
from audit.models import AccessEvent
from cases import services
from cases.models import Case, CaseUserObjectPermission, Contact, EmergencyAccess
from flags.models import Flag
from referrals.models import Referral
from safetyplans import services as safetyplan_services
from tables import services as table_services
from tests import factories, tables_helpers

pytestmark = pytest.mark.django_db

PHASES = ["intake", "voluntary", "pressure", "investigation", "mandated", "closed"]
ROLES = [
    "director",
    "co_worker",
    "team_lead",
    "vt_monitor",
    "gi_worker",
    "investigator",
    "outsider",
    "admin",
    "privacy",
]

_VOLUNTARY = {
    "director": {"view", "notes", "work", "direct", "log"},
    "co_worker": {"view", "notes", "work"},
    "team_lead": {"view", "notes", "direct", "log"},
    "vt_monitor": {"view"},
    "gi_worker": set(),
    "investigator": set(),
    "outsider": set(),
    "admin": set(),
    "privacy": {"log"},
}
# phase -> role -> what they can do, through HTTP. "reopen" is only asked of closed cases.
EXPECTED = {
    "intake": _VOLUNTARY,
    "voluntary": _VOLUNTARY,
    "pressure": _VOLUNTARY,
    "investigation": {**_VOLUNTARY, "investigator": {"view", "notes"}},
    "mandated": {
        "director": {"view", "notes", "work"},
        "co_worker": {"view", "notes", "work"},
        "team_lead": {"view", "notes", "log"},
        "vt_monitor": {"view"},
        "gi_worker": {"view", "notes", "work", "direct", "log"},
        "investigator": set(),
        "outsider": set(),
        "admin": set(),
        "privacy": {"log"},
    },
    "closed": {
        "director": {"view", "notes", "reopen"},
        "co_worker": set(),
        "team_lead": {"view", "notes", "reopen", "log"},
        "vt_monitor": set(),
        "gi_worker": set(),
        "investigator": set(),
        "outsider": set(),
        "admin": set(),
        "privacy": {"log"},
    },
}
ROUTE = {
    "intake": [],
    "voluntary": ["voluntary"],
    "pressure": ["voluntary", "pressure"],
    "investigation": ["voluntary", "pressure", "investigation"],
    "mandated": ["voluntary", "pressure", "investigation", "court"],
    "closed": ["closed"],
}
SECRET_NOTE = "Vader dronk weer; moeder bang."


def case_in(phase: str, people: dict, team) -> Case:
    """A case with everyone involved in their role, walked to the phase the way a real one would be."""
    director = people["director"]
    case = factories.case(team=team, director=director, children=1)
    services.case_assign(
        case=case,
        by=director,
        director=director,
        co_workers=[people["co_worker"]],
        expected_version=case.version,
    )
    for role, key in (
        ("vt_monitor", "vt_monitor"),
        ("gi_worker", "gi_worker"),
        ("board_investigator", "investigator"),
    ):
        services.case_involve(
            case=case, by=director, role=role, user=people[key], expected_version=case.version
        )
    services.contact_log(
        case=case, by=director, occurred_at=timezone.now(), kind="office", note=SECRET_NOTE,
    )  # fmt: skip
    return factories.walk(
        case, director, *ROUTE[phase], investigator=people["investigator"], gi_worker=people["gi_worker"]
    )


def _can(client, case: Case, action: str) -> bool:
    """Try the action through HTTP; True when it is allowed, False on 404. Anything else is a bug."""
    url = f"/casussen/{case.pk}/"
    if action == "view":
        response = client.get(url)
    elif action == "notes":
        response = client.get(url)
        if response.status_code == 200:
            return SECRET_NOTE in response.content.decode()
    elif action == "work":
        now = timezone.localtime()
        form = {"occurred_on": now.date().isoformat(), "occurred_time": "00:00", "kind": "phone", "note": "x"}
        response = client.post(f"{url}contact/", form)
        if response.status_code == 302:
            return True
    elif action == "direct":
        response = client.get(f"{url}regie/")
    elif action == "reopen":
        response = client.get(f"{url}fase/")
    elif action == "log":
        response = client.get(f"{url}inzagelog/")
    assert response.status_code in (200, 404), (action, response.status_code)
    return response.status_code == 200


@pytest.mark.parametrize("phase", PHASES)
def test_the_access_matrix_through_http(client, people, oost, phase):
    case = case_in(phase, people, oost)
    actions = ["view", "notes", "work", "direct", "log"] + (["reopen"] if phase == "closed" else [])
    wrong = []
    for role in ROLES:
        client.force_login(people[role])
        for action in actions:
            allowed = _can(client, case, action)
            if allowed != (action in EXPECTED[phase][role]):
                wrong.append(f"{phase}/{role}/{action}: {'allowed' if allowed else 'refused'}")
        client.logout()
    assert not wrong, "\n".join(wrong)


def test_the_gi_worker_takes_direction_when_the_court_orders_a_measure(client, people, oost):
    case = case_in("investigation", people, oost)
    client.force_login(people["gi_worker"])
    assert client.get(f"/casussen/{case.pk}/").status_code == 404
    factories.measure(case=case, by=people["director"], gi_worker=people["gi_worker"])
    page = client.get(f"/casussen/{case.pk}/")
    assert page.status_code == 200
    assert client.get(f"/casussen/{case.pk}/regie/").status_code == 200
    assert people["gi_worker"].get_full_name() in page.content.decode().split("Medewerkers")[0]


def test_the_board_investigator_loses_access_when_the_investigation_ends(client, people, oost):
    case = case_in("investigation", people, oost)
    client.force_login(people["investigator"])
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    services.case_transition(
        case=case,
        to="voluntary",
        by=people["director"],
        reason="Geen maatregel",
        expected_version=case.version,
    )
    assert client.get(f"/casussen/{case.pk}/").status_code == 404
    assert case.number not in client.get("/casussen/").content.decode()


def test_the_veilig_thuis_monitor_never_reads_contact_notes(client, people, oost):
    case = case_in("voluntary", people, oost)
    client.force_login(people["vt_monitor"])
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert case.family.name in page
    assert SECRET_NOTE not in page
    assert client.get(f"/casussen/{case.pk}/meldcode/").status_code == 404


def _url_patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin answers for itself: no case data is registered there (test below)
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _url_patterns(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
            yield prefix + pattern.name, list(pattern.pattern.converters)


def test_every_url_with_an_object_id_answers_404_to_an_outsider(client, people, oost):
    from django.urls import reverse

    case = case_in("voluntary", people, oost)
    contact = case.contacts.first()
    notification = Notification.objects.create(recipient=people["director"], text="Alleen voor Sanne")
    referral = Referral.objects.create(
        reference="VT-1", organisation=factories.organisation("VT", "veilig_thuis"), created_by=people["vt_monitor"],
        receiving_team=oost, what_happened="x", outcome_code="VT-02", street="Dam", house_number="1",
        postcode="1501AB", city="Zaandam", municipality=factories.municipality(), state="sent",
    )  # fmt: skip
    plan = safetyplan_services.plan_start(case=case, by=people["director"])
    flag = Flag.objects.create(rule="OV-05", case=case, severity=3)
    chair = tables_helpers.chair()
    table_submission = tables_helpers.submitted(case, people["director"], tables_helpers.table(chair))
    meeting = tables_helpers.meeting(table_submission.table, chair, [table_submission])
    item = tables_helpers.item_of(table_submission)
    outcome = table_services.outcome_record(
        item=item, by=chair, kind="pressure", decision="x", parents_informed=True,
        agreements=[{"who": "Vader", "what": "x", "when": "x"}], report_back_on=table_services.report_back_default(timezone.localdate()),
    )  # fmt: skip
    table_urls = [
        (meeting.pk, "meeting meeting-edit agenda-add agenda-order meeting-publish pack-request pack-status"),
        (meeting.pk, "pack-download"),
        (item.pk, "item-up item-down item-update item-remove invitation item-outcome"),
        (outcome.pk, "outcome outcome-letter outcome-report-back outcome-board-decision"),
    ]
    ids = {
        "cases": {"pk": case.pk, "contact_pk": contact.pk},
        "flags": {"pk": case.pk, "flag_pk": flag.pk},
        "measures": {"pk": case.pk},
        "reportingcode": {"pk": case.pk},
        "accounts": {"pk": notification.pk},
        "referrals": {"pk": referral.pk},
        "referrals:case-monitoring": {"pk": case.pk},
        "safetyplans": {"pk": plan.pk, "case_pk": case.pk},
        "tables:submission-new": {"pk": case.pk},
        "tables": {"pk": table_submission.pk, "identifier": outcome.identifier},
        **{f"tables:{name}": {"pk": pk} for pk, names in table_urls for name in names.split()},
    }
    client.force_login(people["outsider"])
    checked = []
    for name, kwargs in _url_patterns():
        if name == "flags:rule":
            continue  # a stalled-case rule's page (id "OV-01"): no case data, the same for everyone
        if name.startswith("api:"):
            # The chain's API answers a browser session with 401 (a token is needed); another organisation's
            # token gets 404 (tests/test_api_intake.py).
            url = reverse(name, kwargs={key: "VT-1" for key in kwargs})
            assert {client.get(url).status_code, client.post(url).status_code} <= {401, 405}, url
            continue
        if name.startswith("privacy:"):
            # Privacy officers only: 403 before any lookup, so an id tells nothing (tests/test_privacy_views.py).
            url = reverse(name, kwargs={key: 1 for key in kwargs})
            assert {client.get(url).status_code, client.post(url).status_code} == {403}, url
            continue
        known = ids.get(name) or ids.get(name.split(":")[0])
        assert known and set(kwargs) <= set(known), f"add {name} {kwargs} to this sweep"
        url = reverse(name, kwargs={key: known[key] for key in kwargs})
        answers = {client.get(url).status_code, client.post(url, {"note": "x"}).status_code}
        assert answers in ({404}, {404, 405}), (url, answers)  # 405: that method is not served at all
        checked.append(name)
    assert len(checked) >= 10
    assert Contact.objects.count() == 1


def test_no_case_data_in_the_django_admin(client, functional_admin, a_case):
    assert not [model for model in admin.site._registry if model._meta.app_label == "cases"]
    client.force_login(functional_admin)
    index = client.get("/beheer/").content.decode()
    assert "Casussen" not in index and a_case.number not in index
    assert client.get(f"/casussen/{a_case.pk}/").status_code == 404
    assert client.get("/casussen/zoeken/", {"q": a_case.family.name}).status_code == 403


class TestAccessLog:
    def _events(self, case):
        return AccessEvent.objects.filter(case=case).count()

    @pytest.mark.parametrize(
        "path",
        [
            "",
            "fase/",
            "regie/",
            "gezinslid/",
            "verhuizing/",
            "meldcode/",
            "inzagelog/",
            "contact/{contact}/wijzigen/",
        ],
    )
    def test_every_case_page_writes_exactly_one_event(self, client, a_case, worker, path):
        contact = services.contact_log(
            case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="x"
        )
        client.force_login(worker)
        before = self._events(a_case)
        response = client.get(f"/casussen/{a_case.pk}/{path.format(contact=contact.pk)}")
        assert response.status_code == 200
        assert self._events(a_case) == before + 1
        event = AccessEvent.objects.filter(case=a_case).latest("pk")
        assert (event.user, event.action, event.organisation) == (worker, "view", worker.organisation)
        assert event.request_id == response["X-Request-ID"]

    def test_a_write_is_one_event_too(self, client, a_case, worker):
        client.force_login(worker)
        before = self._events(a_case)
        now = timezone.localtime()
        form = {"occurred_on": now.date().isoformat(), "occurred_time": "00:00", "kind": "phone", "note": "x"}
        assert client.post(f"/casussen/{a_case.pk}/contact/", form).status_code == 302
        assert self._events(a_case) == before + 1
        assert AccessEvent.objects.filter(case=a_case).latest("pk").action == "create"

    def test_a_list_and_a_search_write_one_event_naming_what_was_shown(self, client, a_case, worker):
        client.force_login(worker)
        for url, params, action in (
            ("/casussen/", {}, "list"),
            ("/casussen/zoeken/", {"q": a_case.number}, "search"),
        ):
            before = AccessEvent.objects.count()
            client.get(url, params)
            assert AccessEvent.objects.count() == before + 1
            event = AccessEvent.objects.latest("pk")
            assert event.action == action
            assert event.detail["cases"] == [a_case.number]

    def test_the_database_refuses_to_change_or_delete_events(self, client, a_case, worker):
        client.force_login(worker)
        client.get(f"/casussen/{a_case.pk}/")
        event = AccessEvent.objects.latest("pk")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessEvent.objects.filter(pk=event.pk).update(reason="weggepoetst")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessEvent.objects.filter(pk=event.pk).delete()
        assert AccessEvent.objects.filter(pk=event.pk, reason="").exists()

    def test_the_privacy_officer_searches_and_exports_with_formulas_neutralised(
        self, client, people, oost, reauthenticate
    ):
        case = case_in("voluntary", people, oost)
        bsn_child = factories.children_of(case)[0]
        bsn_child.bsn = "111222333"
        bsn_child.save()
        client.force_login(people["outsider"])
        client.post(
            "/casussen/noodtoegang/", {"bsn": "111222333", "reason": '=HYPERLINK("http://x") kind in nood'}
        )
        client.force_login(people["privacy"])
        page = client.get("/account/inzagelog/", {"bsn": "111 222 333"}).content.decode()
        assert "Noodtoegang" in page
        asked = client.get("/account/inzagelog/export.csv", {"case_number": case.number})
        assert asked.status_code == 302  # a bulk export: the password again first (tests/test_reauth.py)
        assert asked["Location"].startswith("/account/bevestigen/?next=")
        reauthenticate()
        export = client.get("/account/inzagelog/export.csv", {"case_number": case.number})
        assert export["Content-Type"].startswith("text/csv")
        text = export.content.decode()
        assert "'=HYPERLINK" in text
        assert "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text
        assert AccessEvent.objects.filter(user=people["privacy"], action="export").exists()

    def test_only_the_privacy_officer_searches_the_whole_log(self, client, worker, lead):
        for user in (worker, lead):
            client.force_login(user)
            assert client.get("/account/inzagelog/", {"case_number": "Z-2026-00001"}).status_code == 403


class TestDrift:
    def test_a_tampered_row_fails_the_check_until_synced(self, people, oost):
        case = case_in("voluntary", people, oost)
        call_command("check_case_permissions", verbosity=0)
        CaseUserObjectPermission.objects.filter(
            content_object=case, user=people["co_worker"]
        ).first().delete()
        extra = CaseUserObjectPermission.objects.filter(content_object=case, user=people["director"]).first()
        CaseUserObjectPermission.objects.create(
            content_object=case, user=people["outsider"], permission_id=extra.permission_id
        )
        with pytest.raises(CommandError, match="1 cases differ"):
            call_command("check_case_permissions")
        call_command("check_case_permissions", fix=True)
        call_command("check_case_permissions")


class TestEmergencyAccess:
    @pytest.fixture
    def hidden(self, people, oost):
        case = case_in("voluntary", people, oost)
        child = factories.children_of(case)[0]
        child.bsn = "111222333"
        child.save()
        return case

    def test_an_exact_bsn_reveals_that_a_file_exists_but_a_name_never_does(self, client, people, hidden):
        client.force_login(people["outsider"])
        by_name = client.get("/casussen/zoeken/", {"q": hidden.family.name}).content.decode()
        assert "Noodtoegang aanvragen" not in by_name
        by_bsn = client.get("/casussen/zoeken/", {"bsn": "111222333"}).content.decode()
        assert "Noodtoegang aanvragen" in by_bsn
        assert hidden.number not in by_bsn and hidden.family.name not in by_bsn

    def test_breaking_the_glass_gives_24_hours_of_reading_logged_and_reported(
        self, client, people, hidden, django_capture_on_commit_callbacks, mailoutbox
    ):
        client.force_login(people["outsider"])
        assert (
            client.post("/casussen/noodtoegang/", {"bsn": "111222333", "reason": "kort"}).status_code == 200
        )
        assert not EmergencyAccess.objects.exists()
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post(
                "/casussen/noodtoegang/",
                {"bsn": "111222333", "reason": "Kind met letsel op de SEH, moeder zoekt hulp."},
            )
        assert response["Location"] == f"/casussen/{hidden.pk}/"
        assert len(callbacks) == 1  # the e-mail goes out after commit, through Celery
        assert client.get(f"/casussen/{hidden.pk}/").status_code == 200
        assert (
            client.post(f"/casussen/{hidden.pk}/contact/", {"kind": "phone"}).status_code == 404
        )  # view only
        event = AccessEvent.objects.get(case=hidden, action="emergency")
        assert event.reason.startswith("Kind met letsel")
        told = set(Notification.objects.values_list("recipient__username", flat=True))
        assert told == {"mohamed", "lisa"}  # the case's team lead and the privacy officer

        notifications_email(list(Notification.objects.values_list("pk", flat=True)))
        notifications_email(
            list(Notification.objects.values_list("pk", flat=True))
        )  # delivered twice: sent once
        assert sorted(message.to[0] for message in mailoutbox) == [
            "lisa@zicht.example",
            "mohamed@zicht.example",
        ]

        EmergencyAccess.objects.update(expires_at=timezone.now())
        assert client.get(f"/casussen/{hidden.pk}/").status_code == 404  # ends on time, whatever the job does
        assert services.emergency_access_expire() == 1
        assert EmergencyAccess.objects.get().revoked_at is not None


def test_who_may_what_explains_the_policy_in_dutch(client, worker):
    client.force_login(worker)
    page = client.get("/casussen/wie-mag-wat/").content.decode()
    assert "Wie mag een dossier zien" in page
    assert "Gedwongen kader" in page
    assert "de contactverslagen lezen" in page
