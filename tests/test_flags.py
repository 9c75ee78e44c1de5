"""Stalled-case rules: each rule around its threshold, the engine's guarantees, and the people side."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification, Organisation
from audit.models import AccessEvent
from cases import services
from cases.models import Case, CaseAssignment, CaseChild
from core.dates import add_working_days, months_before, subtract_working_days, working_days_between
from flags.models import Flag, RuleSetting
from flags.registry import RULES
from flags.services import flags_evaluate
from flags.tasks import flag_stalled_cases
from measures import services as measure_services
from measures.models import MeasureKind
from referrals import services as referral_services
from referrals.models import Referral
from safetyplans import services as plan_services
from tests import factories
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db


def open_rules(case: Case) -> set[str]:
    return set(Flag.objects.filter(case=case, resolved_at__isnull=True).values_list("rule", flat=True))


class TestWorkingDays:
    def test_kings_day_easter_and_christmas_are_not_working_days(self):
        assert (
            working_days_between(dt.date(2026, 4, 24), dt.date(2026, 4, 28)) == 1
        )  # Mon 27 April: King's Day
        assert (
            working_days_between(dt.date(2026, 4, 2), dt.date(2026, 4, 7)) == 1
        )  # Good Friday, Easter Monday
        assert (
            working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 28)) == 1
        )  # 25 and 26 Dec, weekend
        assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)
        assert subtract_working_days(dt.date(2026, 4, 28), 1) == dt.date(2026, 4, 24)


def _sent_referral(vt, team, sent_on: dt.date) -> Referral:
    referral = Referral.objects.create(
        reference="VT-9", organisation=vt.organisation, created_by=vt, receiving_team=team, what_happened="x",
        outcome_code="VT-02", street="Dam", house_number="1", postcode="1501AB", city="Zaandam",
        municipality=factories.municipality(), state="sent", sent_at=factories.at(sent_on),
    )  # fmt: skip
    return referral


@pytest.fixture
def vt(db):
    organisation = factories.organisation("Veilig Thuis", Organisation.Kind.VEILIG_THUIS)
    return factories.user("ingrid", role="vt_worker", organisation=organisation)


class TestVT05HandoverNotAccepted:
    @pytest.mark.parametrize(("working_days", "flagged"), [(4, False), (5, False), (6, True)])
    def test_around_five_working_days_over_kings_day(self, vt, oost, working_days, flagged):
        sent_on = dt.date(2026, 4, 22)  # a Wednesday; King's Day (Mon 27 April) does not count
        referral = _sent_referral(vt, oost, sent_on)
        flags_evaluate(now=factories.at(add_working_days(sent_on, working_days)), rules=["VT-05"])
        assert Flag.objects.filter(referral=referral, rule="VT-05").exists() is flagged

    def test_an_organisation_can_set_its_own_threshold(self, vt, oost):
        sent_on = dt.date(2026, 11, 2)
        referral = _sent_referral(vt, oost, sent_on)
        RuleSetting.objects.create(rule="VT-05", organisation=oost.organisation, threshold=2)
        flags_evaluate(now=factories.at(add_working_days(sent_on, 3)), rules=["VT-05"])
        assert Flag.objects.filter(referral=referral).exists()

    def test_a_switched_off_rule_flags_nothing(self, vt, oost):
        referral = _sent_referral(vt, oost, dt.date(2026, 10, 1))
        RuleSetting.objects.create(rule="VT-05", organisation=oost.organisation, threshold=5, enabled=False)
        flags_evaluate(rules=["VT-05"])
        assert not Flag.objects.filter(referral=referral).exists()

    def test_a_decision_on_the_handover_resolves_the_flag(self, vt, oost, worker):
        referral = _sent_referral(vt, oost, dt.date(2026, 10, 1))
        flags_evaluate(rules=["VT-05"])
        assert Flag.objects.get(referral=referral).resolved_at is None
        referral_services.referral_return(
            referral=referral, by=worker, reason="Welk adres?", expected_version=referral.version
        )
        flags_evaluate(rules=["VT-05"])
        assert Flag.objects.get(referral=referral).resolved_at is not None


class TestOV01OutOfView:
    @pytest.mark.parametrize(("days", "flagged"), [(27, False), (28, False), (29, True)])
    def test_four_weeks_without_seeing_a_child(self, a_case, worker, days, flagged):
        seen = factories.days_ago(40)
        Case.objects.filter(pk=a_case.pk).update(opened_on=timezone.localdate(seen) - dt.timedelta(days=10))
        services.contact_log(case=a_case, by=worker, occurred_at=seen, kind="home_visit",
                             children_seen=factories.children_of(a_case), safety_scale=6)  # fmt: skip
        flags_evaluate(now=seen + dt.timedelta(days=days), rules=["OV-01"])
        assert ("OV-01" in open_rules(a_case)) is flagged

    @pytest.mark.parametrize(("days", "flagged"), [(14, False), (15, True)])
    def test_two_weeks_when_the_safety_scale_is_low(self, a_case, worker, days, flagged):
        seen = factories.days_ago(20)
        services.contact_log(case=a_case, by=worker, occurred_at=seen, kind="home_visit",
                             children_seen=factories.children_of(a_case), safety_scale=3)  # fmt: skip
        flags_evaluate(now=seen + dt.timedelta(days=days), rules=["OV-01"])
        assert ("OV-01" in open_rules(a_case)) is flagged

    def test_the_latest_safety_scale_decides_the_term(self, a_case, worker):
        children = factories.children_of(a_case)
        now = timezone.now()
        services.contact_log(case=a_case, by=worker, occurred_at=now - dt.timedelta(days=30), kind="home_visit",
                             children_seen=children, safety_scale=2)  # fmt: skip
        services.contact_log(case=a_case, by=worker, occurred_at=now - dt.timedelta(days=16), kind="home_visit",
                             children_seen=children, safety_scale=7)  # fmt: skip
        flags_evaluate(rules=["OV-01"])
        assert "OV-01" not in open_rules(a_case)  # seen 16 days ago, the last scale 7: four weeks
        services.contact_log(case=a_case, by=worker, occurred_at=now - dt.timedelta(days=2), kind="home_visit",
                             children_seen=[], safety_scale=3)  # fmt: skip
        flags_evaluate(rules=["OV-01"])
        assert "OV-01" in open_rules(a_case)  # the last scale is now 3: two weeks, and 16 days have passed

    @pytest.mark.parametrize(("scale", "flagged"), [(3, True), (7, False)])
    def test_an_organisations_own_term_halves_too(self, a_case, worker, scale, flagged):
        RuleSetting.objects.create(rule="OV-01", organisation=a_case.team.organisation, threshold=21)
        services.contact_log(case=a_case, by=worker, occurred_at=factories.days_ago(12),
                             kind="home_visit", children_seen=factories.children_of(a_case),
                             safety_scale=scale)  # fmt: skip
        flags_evaluate(rules=["OV-01"])
        assert ("OV-01" in open_rules(a_case)) is flagged  # 12 days: past half of 21, within 21

    def test_seeing_the_children_resolves_it(self, a_case, worker):
        Case.objects.filter(pk=a_case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
        flags_evaluate(rules=["OV-01"])
        assert "OV-01" in open_rules(a_case)
        services.contact_log(case=a_case, by=worker, occurred_at=timezone.now(), kind="school",
                             children_seen=factories.children_of(a_case))  # fmt: skip
        flags_evaluate(rules=["OV-01"])
        assert "OV-01" not in open_rules(a_case)
        assert Flag.objects.filter(case=a_case, rule="OV-01", resolved_at__isnull=False).exists()

    def test_a_never_seen_child_shows_as_not_seen_never_as_the_opening_date(self, client, a_case, worker):
        opened = timezone.localdate() - dt.timedelta(days=60)
        Case.objects.filter(pk=a_case.pk).update(opened_on=opened)
        flags_evaluate(rules=["OV-01"])
        assert Flag.objects.get(case=a_case, rule="OV-01").facts == {"oldest_seen": None}
        client.force_login(worker)
        page = client.get(f"/casussen/{a_case.pk}/").content.decode()
        signals = page[page.index('id="flags-title"') :]
        assert "Laatst gezien" in signals and "nog niet gezien" in signals
        assert opened.strftime("%d-%m-%Y") not in signals

    def test_a_seen_child_shows_its_date(self, a_case, worker):
        seen = factories.days_ago(40)
        services.contact_log(case=a_case, by=worker, occurred_at=seen, kind="home_visit",
                             children_seen=factories.children_of(a_case), safety_scale=6)  # fmt: skip
        flags_evaluate(rules=["OV-01"])
        assert Flag.objects.get(case=a_case, rule="OV-01").facts == {
            "oldest_seen": timezone.localdate(seen).isoformat()
        }


def test_ov02_two_missed_visits_in_a_row(a_case, worker):
    now = timezone.now()
    services.contact_log(case=a_case, by=worker, occurred_at=now - dt.timedelta(days=3), kind="cancelled")
    flags_evaluate(rules=["OV-02"])
    assert "OV-02" not in open_rules(a_case)
    services.contact_log(case=a_case, by=worker, occurred_at=now - dt.timedelta(days=1), kind="no_show")
    flags_evaluate(rules=["OV-02"])
    assert "OV-02" in open_rules(a_case)


def test_ov03_a_move_out_of_the_area_flags_at_once(a_case, worker):
    services.address_record_move(
        case=a_case, by=worker, street="Damrak", house_number="1", postcode="1012LG", city="Amsterdam",
        municipality=factories.municipality("Amsterdam", "GM0363"), moved_on=timezone.localdate(),
    )  # fmt: skip
    assert "OV-03" in open_rules(a_case)  # from the service, not from the next run


def test_ov04_a_new_signal_soon_after_closing_flags_at_once(a_case, worker, oost):
    services.case_transition(case=a_case, to="closed", by=worker, reason="Klaar", closing_reason="safe_enough",
                             expected_version=a_case.version)  # fmt: skip
    follow_up = services.case_open(family=a_case.family, team=oost, director=worker, by=worker, reason="Nieuw",
                                   follow_up_of=a_case)  # fmt: skip
    assert "OV-04" in open_rules(follow_up)


def test_ov05_nobody_holds_oversight(a_case, worker):
    flags_evaluate(rules=["OV-05"])
    assert "OV-05" not in open_rules(a_case)
    CaseAssignment.objects.filter(case=a_case, role="director").update(ends_at=timezone.now())
    flags_evaluate(rules=["OV-05"])
    assert "OV-05" in open_rules(a_case)


def test_ov05_under_a_measure_the_child_protection_worker_holds_it_not_the_local_director(
    a_case, worker, gi_worker
):
    _measure(a_case, worker, gi_worker, MeasureKind.SUPERVISION, timezone.localdate(), 12)
    a_case.refresh_from_db()
    assert a_case.phase == "mandated"
    flags_evaluate(rules=["OV-05"])
    assert "OV-05" not in open_rules(a_case)
    CaseAssignment.objects.filter(case=a_case, role="gi_worker").update(ends_at=timezone.now())
    assert CaseAssignment.objects.filter(case=a_case, role="director", ends_at__isnull=True).exists()
    flags_evaluate(rules=["OV-05"])
    assert "OV-05" in open_rules(a_case)


def _agreed_plan(case, by, **overrides):
    from tests.test_safetyplans import complete_content

    plan = plan_services.plan_start(case=case, by=by)
    plan_services.plan_save(plan=plan, by=by, content=complete_content(**overrides), expected_edit_version=1)
    plan.refresh_from_db()
    return plan_services.plan_agree(plan=plan, by=by, how="signed", agreed_with="moeder",
                                    expected_edit_version=plan.edit_version)  # fmt: skip


def test_sp01_an_agreed_plan_without_emergency_steps(a_case, worker):
    _agreed_plan(a_case, worker, emergency_steps=[])
    flags_evaluate(rules=["SP-01"])
    assert "SP-01" in open_rules(a_case)


@pytest.mark.parametrize(("working_days", "flagged"), [(5, False), (6, True)])
def test_sp02_evaluation_date_passed(a_case, worker, working_days, flagged):
    evaluation_on = dt.date(2026, 12, 22)
    _agreed_plan(a_case, worker, evaluation_on=evaluation_on)
    flags_evaluate(
        now=factories.at(add_working_days(evaluation_on, working_days)), rules=["SP-02"]
    )  # over Christmas
    assert ("SP-02" in open_rules(a_case)) is flagged


@pytest.mark.parametrize(("days", "flagged"), [(42, False), (43, True)])
def test_sp03_scale_not_rescored(a_case, worker, days, flagged):
    _agreed_plan(a_case, worker)
    flags_evaluate(now=timezone.now() + dt.timedelta(days=days), rules=["SP-03"])
    assert ("SP-03" in open_rules(a_case)) is flagged


def _measure(case, by, gi_worker, kind, start, months):
    return measure_services.measure_record(
        case=case, by=by, kind=kind, children=factories.children_of(case), court="Rechtbank", decided_on=start,
        starts_on=start, ends_on=months_before(start, -months), gi_worker=gi_worker,
        expected_version=case.version,
    )  # fmt: skip


@pytest.mark.parametrize(("days", "flagged"), [(55, False), (56, False), (57, True)])
def test_ots01_interim_order_without_final_decision(a_case, worker, gi_worker, days, flagged):
    start = timezone.localdate() - dt.timedelta(days=days)
    _measure(a_case, worker, gi_worker, MeasureKind.INTERIM_SUPERVISION, start, 3)
    flags_evaluate(rules=["OTS-01"])
    assert ("OTS-01" in open_rules(a_case)) is flagged


@pytest.mark.parametrize(("days_left", "flagged"), [(57, False), (56, True)])
def test_ots02_and_uhp02_orders_ending_soon(a_case, worker, gi_worker, days_left, flagged):
    start = timezone.localdate() - dt.timedelta(days=30)
    ots = _measure(a_case, worker, gi_worker, MeasureKind.SUPERVISION, start, 12)
    muhp = _measure(a_case, gi_worker, gi_worker, MeasureKind.PLACEMENT, start, 12)
    now = factories.at(ots.ends_on - dt.timedelta(days=days_left))
    flags_evaluate(now=now, rules=["OTS-02", "UHP-02"])
    assert ("OTS-02" in open_rules(a_case)) is flagged
    assert ("UHP-02" in open_rules(a_case)) is flagged
    assert muhp.ends_on == ots.ends_on


def test_uhp01_placement_authorisation_not_used(a_case, worker, gi_worker):
    start = timezone.localdate() - dt.timedelta(days=60)
    muhp = _measure(a_case, worker, gi_worker, MeasureKind.PLACEMENT, start, 12)
    flags_evaluate(rules=["UHP-01"])
    assert "UHP-01" in open_rules(a_case)
    child = factories.children_of(a_case)[0]
    measure_services.placement_record(
        measure=muhp, by=gi_worker, child=child, where="Pleeggezin", since=start, until=None
    )
    flags_evaluate(rules=["UHP-01"])
    assert "UHP-01" not in open_rules(a_case)


def test_vt06_vt07_vt08_across_the_handover(client, vt, oost, worker, lead):
    from tests.test_referrals import _accept, _send

    referral = _send(client, vt)
    case = _accept(referral, lead, worker)
    accepted = Referral.objects.get(pk=referral.pk).accepted_at
    flags_evaluate(now=accepted + dt.timedelta(days=20), rules=["VT-06"])
    assert "VT-06" in open_rules(case)  # no contact since the handover
    moment = referral.monitoring_moments.first()
    moment.refresh_from_db()
    flags_evaluate(now=factories.at(add_working_days(moment.due_on, 6)), rules=["VT-07"])
    assert "VT-07" in open_rules(case)
    # A new handover about the same family (same BSN) attaches to the open case and flags it at once.
    second = _send(client, vt, reference="VT-2026-0043")
    assert second.case == case
    assert "VT-08" in open_rules(case)


@pytest.mark.django_db(transaction=True)
def test_two_evaluations_at_once_open_no_duplicates(oost, worker):
    cases = [factories.case(team=oost, director=worker, children=1) for _ in range(3)]
    Case.objects.update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    errors = []

    def run():
        try:
            flags_evaluate(rules=["OV-01", "OV-05"])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Flag.objects.filter(rule="OV-01", resolved_at__isnull=True).count() == len(cases)


def test_an_opened_flag_is_a_whole_row_like_any_other(oost, worker):
    """The evaluation writes its flags in one statement, not through the model: every column as the model
    would set it."""
    case = factories.case(team=oost, director=worker, children=1)
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    now = timezone.now().replace(microsecond=0)
    flags_evaluate(now=now, rules=["OV-01"])
    flag = Flag.objects.get(case=case, rule="OV-01")
    severity = RULES["OV-01"].severity
    expected = Flag(rule="OV-01", severity=severity, facts={"oldest_seen": None}, opened_at=now, case=case)
    fields = [field.attname for field in Flag._meta.concrete_fields if field.attname != "id"]
    assert {name: getattr(flag, name) for name in fields} == {
        name: getattr(expected, name) for name in fields
    }


def test_the_evaluation_stays_within_a_fixed_number_of_queries(oost, worker, django_assert_max_num_queries):
    for _ in range(2):
        factories.case(team=oost, director=worker, children=2)
    with django_assert_max_num_queries(110) as few:
        flags_evaluate()
    for _ in range(8):
        factories.case(team=oost, director=worker, children=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        flags_evaluate()


def test_a_real_celery_worker_runs_the_beat_task(celery_worker, oost, worker):
    case = factories.case(team=oost, director=worker, children=1)
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    flag_stalled_cases.apply_async(queue=celery_worker)
    assert wait_until(lambda: Flag.objects.filter(case=case, rule="OV-01").exists())


def test_with_the_broker_down_pages_keep_saving_and_mail_is_picked_up_later(
    client, outsider, a_case, lead, privacy_officer, django_capture_on_commit_callbacks, mailoutbox
):
    from accounts.tasks import notifications_email_pending
    from config.celery import app

    child = factories.children_of(a_case)[0]
    child.bsn = "111222333"
    child.save()
    original = app.conf.broker_url

    def use_broker(url):
        app.conf.broker_url = url
        app._pool = None  # connection pools are made lazily from the URL
        app.amqp._producer_pool = None

    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        client.force_login(outsider)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/casussen/noodtoegang/", {"bsn": "111222333", "reason": "Acute zorg, kind op SEH."}
            )
    finally:
        use_broker(original)
    assert response.status_code == 302
    pending = Notification.objects.filter(emailed_at__isnull=True)
    assert pending.count() == 2
    pending.update(created_at=timezone.now() - dt.timedelta(minutes=10))
    assert notifications_email_pending() == 2
    assert len(mailoutbox) == 2


def test_the_daily_digest_is_one_message_per_person(oost, worker, lead, django_capture_on_commit_callbacks):
    from accounts.tasks import notifications_email
    from flags.digest import flag_digest_send

    first = factories.case(team=oost, director=worker, children=1)
    second = factories.case(team=oost, director=worker, children=1)
    Case.objects.update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    flags_evaluate(rules=["OV-01"])
    with django_capture_on_commit_callbacks() as callbacks:
        assert flag_digest_send() == 2  # the director and the team lead
    assert callbacks and not mail.outbox  # the e-mail goes out after commit, through Celery
    told = Notification.objects.order_by("recipient__username")
    assert [notification.recipient for notification in told] == [lead, worker]
    for notification in told:
        assert first.number in notification.text and second.number in notification.text
        assert "Kind buiten beeld" in notification.text
    assert told.get(recipient=lead).link == "/casussen/signalen/"
    assert notifications_email([notification.pk for notification in told]) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "mohamed@zicht.example",
        "sanne@zicht.example",
    ]
    assert flag_digest_send() == 0  # every flag is reported once


def test_acknowledging_and_snoozing_land_on_the_timeline_and_in_the_log(client, a_case, worker):
    Case.objects.filter(pk=a_case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    flags_evaluate(rules=["OV-01"])
    flag = Flag.objects.get(case=a_case, rule="OV-01")
    client.force_login(worker)
    page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert "Kind buiten beeld" in page and "Geen landelijke bron: een teamafspraak" in page
    client.post(f"/casussen/{a_case.pk}/signalen/{flag.pk}/", {"note": ""})
    flag.refresh_from_db()
    assert flag.acknowledged_at is None  # a note is required
    client.post(f"/casussen/{a_case.pk}/signalen/{flag.pk}/", {"note": "Huisbezoek gepland voor morgen"})
    until = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    client.post(f"/casussen/{a_case.pk}/signalen/{flag.pk}/", {"until": until, "reason": "Gezin op vakantie"})
    flag.refresh_from_db()
    assert flag.acknowledgement == "Huisbezoek gepland voor morgen"
    assert flag.snoozed_until.isoformat() == until
    page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert "Gezin op vakantie" in page
    assert AccessEvent.objects.filter(case=a_case, object_ref=f"flag:{flag.pk}").count() == 2


def test_the_team_lead_dashboard_shows_flags_by_rule_and_children_out_of_view(client, oost, worker, lead):
    case = factories.case(team=oost, director=worker, children=2)
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    flags_evaluate()
    client.force_login(lead)
    page = client.get("/casussen/signalen/").content.decode()
    assert "OV-01 Kind buiten beeld" in page
    for child in factories.children_of(case):
        assert child.given_name in page
    client.force_login(worker)
    assert client.get("/casussen/signalen/").status_code == 403
    lead_list = client.get("/casussen/").content.decode()
    assert "flag--3" in lead_list  # the worker's caseload shows the worst severity


def test_the_functional_admin_sets_an_organisations_own_threshold(client, functional_admin, oost):
    client.force_login(functional_admin)
    assert client.get("/beheer/flags/rulesetting/").status_code == 200
    form = client.get("/beheer/flags/rulesetting/add/").content.decode()
    for rule in ("OV-01", "VT-05", "SP-01", "OTS-01", "JBT-01"):  # every app's rules, found by flags
        assert f'value="{rule}"' in form, rule
    response = client.post(
        "/beheer/flags/rulesetting/add/",
        {"rule": "VT-05", "organisation": oost.organisation.pk, "threshold": "3", "enabled": "on"},
    )
    assert response.status_code == 302
    assert RuleSetting.objects.get(rule="VT-05", organisation=oost.organisation).threshold == 3


def test_every_apps_rules_are_found():
    """Each app declares its rules in its own rules/ package; the registry finds all of them (domain.md §9)."""
    from flags.registry import RULES

    assert set(RULES) == {
        "OV-01", "OV-02", "OV-03", "OV-04", "OV-05",
        "VT-05", "VT-06", "VT-07", "VT-08",
        "SP-01", "SP-02", "SP-03",
        "OTS-01", "OTS-02", "UHP-01", "UHP-02",
        "JBT-01", "JBT-02", "JBT-03",
        "PV-01",
    }  # fmt: skip


MARKERS = ("[" + "ASSUMPTION", "REGIONAL" + "]", "[" + "CONFLICT")


def test_no_rule_text_carries_a_bracket_marker_in_either_language():
    """Sources and assumptions are plain words for the rule's page; no rule text shows a raw marker."""
    from django.utils import translation

    from flags.registry import RULES

    for rule in RULES.values():
        for language in ("nl", "en"):
            with translation.override(language):
                texts = [
                    rule.title,
                    rule.explanation,
                    rule.unit,
                    rule.source,
                    rule.assumptions,
                    rule.regional,
                ]
                for text in map(str, texts):
                    assert "[" not in text and "]" not in text, (rule.id, language, text)
        assert str(rule.source).strip(), rule.id  # every rule names where it comes from


def test_the_rule_page_shows_source_assumptions_and_regional_agreement_under_headings(client, worker):
    client.force_login(worker)
    page = client.get("/casussen/signalen/regels/VT-06/").content.decode()
    assert "<h1>VT-06 Geen eerste contact na de overdracht</h1>" in page
    for heading, words in (
        ("Bron", "Regionale afspraken: zicht op veiligheid gaat over naar het team"),
        ("Aannames", "tien werkdagen is een aanname"),
        (
            "Regionale afspraak",
            "De termijn voor het eerste contact na een overdracht wordt per regio afgesproken.",
        ),
    ):
        assert f">{heading}</h2>" in page and words in page, heading
    plain = client.get("/casussen/signalen/regels/OV-03/").content.decode()
    assert ">Bron</h2>" in plain and ">Aannames</h2>" not in plain and ">Regionale afspraak</h2>" not in plain
    assert client.get("/casussen/signalen/regels/XX-99/").status_code == 404


def test_the_rule_page_shows_the_organisations_own_term(client, worker):
    RuleSetting.objects.create(rule="OV-01", organisation=worker.organisation, threshold=21)
    client.force_login(worker)
    page = client.get("/casussen/signalen/regels/OV-01/").content.decode()
    assert "28 dagen" in page and "21 dagen" in page


def test_a_term_of_zero_reads_as_direct_not_as_a_number(client, a_case, worker):
    client.force_login(worker)
    page = client.get("/casussen/signalen/regels/SP-01/").content.decode()
    assert "<dd>direct</dd>" in page and "0 direct" not in page
    Case.objects.filter(pk=a_case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    flags_evaluate(rules=["OV-01"])
    case_page = client.get(f"/casussen/{a_case.pk}/").content.decode()
    assert "Termijn: 28 dagen." in case_page and "Drempel" not in case_page


def test_no_page_a_user_sees_shows_a_rule_marker(client, a_case, worker, lead, gi_worker):
    from flags.registry import RULES

    Case.objects.filter(pk=a_case.pk).update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    _measure(
        a_case,
        worker,
        gi_worker,
        MeasureKind.INTERIM_SUPERVISION,
        timezone.localdate() - dt.timedelta(days=60),
        3,
    )
    flags_evaluate()
    assert {"OV-01", "OTS-01"} <= open_rules(a_case)
    client.force_login(lead)
    pages = ["/casussen/signalen/", "/casussen/signalen/lijst/", f"/casussen/{a_case.pk}/"]
    pages += [f"/casussen/signalen/regels/{rule_id}/" for rule_id in RULES]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for marker in MARKERS:
            assert marker not in response.content.decode(), (url, marker)
    assert "BW artikel 1:257" in client.get("/casussen/signalen/regels/OTS-01/").content.decode()


def test_flags_that_stop_matching_are_resolved_in_batches_and_the_others_stay(oost, worker, monkeypatch):
    from flags import services as flag_services

    monkeypatch.setattr(flag_services, "RESOLVE_BATCH", 2)  # five stale flags: three UPDATEs
    cases = [factories.case(team=oost, director=worker, children=1) for _ in range(6)]
    Case.objects.update(opened_on=timezone.localdate() - dt.timedelta(days=60))
    assert flags_evaluate(rules=["OV-01"])["OV-01"] == (6, 0)
    seen_now = timezone.now()
    CaseChild.objects.filter(case__in=cases[1:]).update(last_seen_at=seen_now)
    with CaptureQueriesContext(connection) as queries:
        assert flags_evaluate(rules=["OV-01"])["OV-01"] == (0, 5)
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum(statement.startswith('UPDATE "cases_flag"') for statement in sql) == 3
    assert sum('FROM "cases_casechild"' in statement for statement in sql) == 1  # the rule's query, once
    still_open = Flag.objects.filter(rule="OV-01", resolved_at__isnull=True)
    assert list(still_open.values_list("case_id", flat=True)) == [cases[0].pk]
