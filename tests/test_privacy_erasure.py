"""Erasing a destroyed file's personal data (issue 17, privacy.erasure): structure stays, content goes.

One family gets every kind of data Zicht holds, made through the services, with the sentinel GEHEIM in every
text and name; a neighbouring family (same team, same street) gets the same with BUUR. After the weekly
sweep and two confirmations the first file is destroyed: GEHEIM is nowhere but in the append-only access
log, the neighbour's rows are unchanged byte for byte, and the report figures are the same.
"""

import datetime as dt
import itertools
import json
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Notification
from accounts.roles import Role
from audit.models import AccessEvent
from cases import services as case_services
from cases.models import (
    Address,
    Case,
    CaseChild,
    Contact,
    ContactKind,
    ContactRevision,
    Family,
    Membership,
    Person,
    Phase,
    PhaseChange,
    Relation,
)
from core.dates import months_before
from core.rules import Severity
from core.validators import bsn_is_valid
from flags import services as flag_services
from flags.models import Flag
from measures import services as measure_services
from measures.models import Measure, MeasureKind
from privacy import erasure
from privacy import services as privacy_services
from privacy.erasure import audit as erasure_audit
from privacy.models import DestructionRecord, DestructionReview, RetentionHold, RightsRequest
from referrals import services as referral_services
from referrals.models import Referral, ReferralEvent, ReferralPerson
from reportingcode import services as reporting_code_services
from reports.periods import Period, PeriodKind
from reports.selectors import report_figures
from safetyplans import services as plan_services
from safetyplans.models import SafetyPlan, Worry
from tables import services as table_services
from tables.models import AgendaPack, Outcome, Submission, SubmissionUserObjectPermission
from tests import factories, tables_helpers
from tests.helpers import ROOT

SECRET = "GEHEIM"
NEIGHBOUR = "BUUR"
_numbers = itertools.count(123456780)


def _bsn() -> str:
    """The next valid BSN (the eleven test), unique within the test."""
    while True:
        candidate = str(next(_numbers))
        if bsn_is_valid(candidate):
            return candidate


def _long_ago() -> dt.date:
    """A closing day whose retention term has passed."""
    return months_before(timezone.localdate(), 12 * settings.RETENTION_YEARS + 1)


# --- The people around the families ---------------------------------------------------------------


@pytest.fixture
def cast(oost, worker, lead, vt_worker, gi_worker, investigator, outsider, privacy_officer):
    chair = tables_helpers.chair()
    return {
        "team": oost,
        "director": worker,
        "lead": lead,
        "vt": vt_worker,
        "gi": gi_worker,
        "investigator": investigator,
        "outsider": outsider,
        "chair": chair,
        "member": tables_helpers.member(),
        "table": tables_helpers.table(chair),
        "officer": privacy_officer,
        "second_officer": factories.user("noor", role=Role.PRIVACY_OFFICER),
    }


def build_family(tag: str, cast: dict, *, house: int) -> Case:
    """A family with every kind of data, from the Veilig Thuis handover to the closing of its file, made
    through each app's services; ``tag`` is written into every text and every name."""

    def t(text: str) -> str:
        return f"{tag} {text}"

    today = timezone.localdate()
    director, vt, gi, chair = cast["director"], cast["vt"], cast["gi"], cast["chair"]
    officer, table = cast["officer"], cast["table"]
    persons = [
        {"given_name": f"{tag}kind", "surname_prefix": tag, "surname": tag, "birth_date": dt.date(2014, 5, 17),
         "bsn": _bsn(), "relation": Relation.CHILD},
        {"given_name": f"{tag}moeder", "surname_prefix": "", "surname": tag, "birth_date": dt.date(1985, 3, 9),
         "bsn": _bsn(), "relation": Relation.PARENT},
    ]  # fmt: skip
    fields = {
        "reference": f"{tag}-VT-1", "urgency": "normal", "outcome_code": "VT-01-02",
        "what_happened": t("ruzie thuis"), "since": t("sinds de zomer"), "reporter": t("wijkagent"),
        "street": "Dorpsstraat", "house_number": f"{house} {tag}", "postcode": "1501AB", "city": "Zaandam",
        "municipality": factories.municipality(), "receiving_team": cast["team"],
    }  # fmt: skip

    def draft(referral=None) -> Referral:
        return referral_services.referral_save_draft(
            by=vt, form_token=uuid.uuid4(), fields=fields, persons=persons,
            conditions=[t("vader slaat niet")], monitoring_months=[3, 6], referral=referral,
        )  # fmt: skip

    # Veilig Thuis hands the family over; the team asks a question first, then accepts.
    referral = referral_services.referral_send(referral=draft(), by=vt)
    referral = referral_services.referral_return(
        referral=referral, by=director, reason=t("klopt het adres?"), expected_version=referral.version
    )
    referral = referral_services.referral_send(referral=draft(referral), by=vt)
    case = referral_services.referral_accept(
        referral=referral, by=director, director=director, family=None, expected_version=referral.version
    )
    referral_services.referral_plan_warm_handover(
        referral=referral, by=director, at=timezone.now() + dt.timedelta(days=1)
    )
    moment = referral.monitoring_moments.order_by("months_after_acceptance").first()
    referral_services.monitoring_record(
        moment=moment, by=vt, result="not_met", note=t("opnieuw politie"), early_reason=t("melding")
    )

    # The household: a baby, a move to another house in the street; contacts, one corrected.
    case_services.person_add_to_family(
        case=case, by=director, relation=Relation.CHILD, parental_authority=False, confirmed_new=True,
        person={"given_name": f"{tag}baby", "surname_prefix": "", "surname": tag,
                "birth_date": dt.date(2021, 8, 30), "gender": "female", "bsn": _bsn()},
    )  # fmt: skip
    case_services.address_record_move(
        case=case, by=director, street="Dorpsstraat", house_number=f"{house + 4} {tag}", postcode="1501AB",
        city="Zaandam", municipality=factories.municipality(), moved_on=today,
    )  # fmt: skip
    children = list(case.children.order_by("birth_date"))
    contact = case_services.contact_log(
        case=case, by=director, occurred_at=timezone.now(),
        kind=ContactKind.HOME_VISIT, present=t("moeder en oma"), children_seen=children,
        children_spoken_alone=children[:1], safety_scale=5, note=t("huisbezoek"),
    )  # fmt: skip
    case_services.contact_update(
        contact=contact, by=director, note=t("huisbezoek, aangevuld"), safety_scale=6,
        expected_version=contact.version,
    )  # fmt: skip
    case_services.emergency_access_request(
        by=cast["outsider"], bsn=persons[1]["bsn"], reason=t("politie belt om middernacht")
    )

    # The meldcode: two steps, the decision with its weighings (steps 3-4 skipped), step 5.
    for step, who in ((1, "juf"), (2, "collega")):
        reporting_code_services.reporting_code_step_record(
            case=case, by=director, step=step, done_on=today, performed_by=t(who), note=t("stap")
        )
    reporting_code_services.reporting_code_decide(
        case=case, by=director, decided_on=today, expected_version=0, skipped_reason=t("acuut"),
        weighings={1: (True, t("vermoeden")), 2: (False, t("niet acuut")), 3: (True, t("hulp")),
                   4: (True, t("ouders willen")), 5: (True, t("resultaat"))},
    )  # fmt: skip
    reporting_code_services.reporting_code_step_record(
        case=case, by=director, step=5, done_on=today, performed_by=t("ik"), note=t("besluit")
    )

    # The safety plan: agreed, then evaluated.
    plan = plan_services.plan_start(case=case, by=director)
    content = {
        "made_by": t("moeder, oma"), "family_goals": t("rust in huis"), "strengths": t("oma helpt"),
        "supervisor": t("oma"), "evaluation_on": today + dt.timedelta(weeks=6),
        "evaluation_with": t("ouders"), "child_section": t("ik bel oma"),
        "worries": [{"who_worried": t("school"), "behaviour": t("schreeuwen"), "consequence": t("bang"),
                     "goal": t("rustig"), "goal_duration": t("drie maanden"),
                     "agreements": [{"who": t("vader"), "what": t("loopt een rondje"), "when": t("altijd")}]}],
        "network": [{"name": t("oma Gerda"), "relation": t("oma"), "phone": f"06-1234 {tag}",
                     "role": t("toezicht"), "child_can_call": True}],
        "emergency_steps": [{"signal": t("vader drinkt"), "action": t("naar oma"), "call": t("oma Gerda")}],
        "scores": [{"participant": t("moeder"), "score": 4}],
    }  # fmt: skip
    plan = plan_services.plan_save(plan=plan, by=director, content=content, expected_edit_version=1)
    plan = plan_services.plan_agree(
        plan=plan,
        by=director,
        how="in_person",
        agreed_with=t("moeder"),
        expected_edit_version=plan.edit_version,
    )
    plan_services.plan_evaluate(
        plan=plan, by=director, evaluated_on=today, with_whom=t("oma"), note=t("gaat beter"),
        results={plan.worries.get().pk: "met"}, scores=[{"participant": t("moeder"), "score": 7}],
    )  # fmt: skip

    # The Beschermtafel: returned with a question, discussed (drang, reported back, a pack made); a request
    # withdrawn; a second discussion sends the family to the Raad, which starts an investigation.
    texts = {
        name: t(name) for name in ("question", "reason", "worries", "strengths", "earlier_help", "asked")
    }
    submission = tables_helpers.submitted(
        case, director, table, plan=plan, **texts, parents_informed_on=None,
        parents_not_informed_reason=t("vader dreigt"), children_informed_on=None,
        children_not_informed_reason=t("te jong"),
    )  # fmt: skip
    submission = table_services.submission_return(
        submission=submission, by=chair, question=t("welke school?"), expected_version=submission.version
    )
    submission = table_services.submission_save_draft(
        case=case, by=director, form_token=uuid.uuid4(), fields={"asked": t("asked, answered")},
        submission=submission, expected_version=submission.version,
    )  # fmt: skip
    submission = table_services.submission_submit(
        submission=submission, by=director, expected_version=submission.version
    )
    meeting = tables_helpers.meeting(table, chair, [submission], members=[cast["member"]])
    outcome = table_services.outcome_record(
        item=tables_helpers.item_of(submission), by=chair, kind=Outcome.Kind.PRESSURE, decision=t("drang"),
        minutes=t("moeder vertelde"), report_back_on=table_services.report_back_default(today),
        agreements=[{"who": t("vader"), "what": t("cursus"), "when": t("binnen 4 weken")}],
        parents_informed=False, parents_informed_note=t("brief volgt"),
    )  # fmt: skip
    table_services.outcome_report_back(outcome=outcome, by=chair, on=today, note=t("afspraken nagekomen"))
    pack = table_services.pack_request(meeting=meeting, by=chair)
    assert table_services.pack_build(pack_id=pack.pk)
    withdrawn = tables_helpers.submitted(case, director, table, **texts)
    table_services.submission_withdraw(submission=withdrawn, by=director, reason=t("dubbel"))
    second = tables_helpers.submitted(case, director, table, **texts)
    tables_helpers.meeting(table, chair, [second], members=[cast["member"]])
    to_board = table_services.outcome_record(
        item=tables_helpers.item_of(second), by=chair, kind=Outcome.Kind.BOARD_INVESTIGATION,
        decision=t("raadsonderzoek"), minutes=t("niet nagekomen"), investigator=cast["investigator"],
        parents_informed=True, parents_informed_note=t("aan tafel"),
    )  # fmt: skip
    table_services.outcome_board_decision(
        outcome=to_board, by=cast["investigator"], decision="started", decided_on=today, note=t("gestart")
    )

    # The court: an OTS (extended) and a placement authorisation with a placement.
    case.refresh_from_db()
    ends_on = months_before(today, -12)
    ots = measure_services.measure_record(
        case=case, by=director, kind=MeasureKind.SUPERVISION, children=children, court=t("Rechtbank"),
        decided_on=today, starts_on=today, ends_on=ends_on, gi_worker=gi, expected_version=case.version,
    )  # fmt: skip
    case.refresh_from_db()
    placement = measure_services.measure_record(
        case=case, by=gi, kind=MeasureKind.PLACEMENT, children=children[:1], court=t("Rechtbank"),
        decided_on=today, starts_on=today, ends_on=ends_on, gi_worker=gi, expected_version=case.version,
    )  # fmt: skip
    measure_services.placement_record(
        measure=placement, by=gi, child=children[0], where=t("pleeggezin"), since=today, until=None
    )
    measure_services.measure_extend(
        measure=ots, by=gi, decided_on=today, new_ends_on=months_before(ends_on, -6)
    )

    # Signals: one on the case, acknowledged and snoozed; one on the handover, resolved.
    flag = Flag.objects.create(
        rule="OV-01", case=case, severity=Severity.WARNING, facts={"oldest_seen": None}
    )
    flag_services.flag_acknowledge(flag=flag, by=gi, note=t("gezien"))
    flag_services.flag_snooze(flag=flag, by=gi, until=today + dt.timedelta(days=7), reason=t("wacht"))
    Flag.objects.create(
        rule="VT-06", referral=referral, severity=Severity.WARNING, resolved_at=timezone.now(),
        facts={"reference": referral.reference, "accepted_at": "2026-01-01"}, acknowledgement=t("gebeld"),
    )  # fmt: skip

    # The family's rights: a correction (extended, partly granted) and a copy of the file.
    parent = Person.objects.get(bsn=persons[1]["bsn"])
    correction = privacy_services.rights_request_record(
        by=officer, kind="correction", person=parent, case=case, requester="self",
        requester_name=t("moeder zelf"), details=t("adres klopt niet"), received_on=today,
    )  # fmt: skip
    correction = privacy_services.rights_request_extend(
        by=officer, request=correction, reason=t("drukte"), version=correction.version
    )
    privacy_services.rights_request_decide(
        by=officer, request=correction, outcome="partly", note=t("deels"), version=correction.version
    )
    copy = privacy_services.rights_request_record(
        by=officer, kind="inzage", person=parent, case=None, requester="self",
        requester_name=t("moeder"), details=t("alles"), received_on=today,
    )  # fmt: skip
    RightsRequest.objects.filter(pk=copy.pk).update(copy_made_at=timezone.now())  # the PDF: test_inzage
    copy.refresh_from_db()
    privacy_services.rights_request_decide(
        by=officer, request=copy, outcome="granted", handed_over_on=today, handed_over_how=t("per post"),
        third_parties_reviewed=True, version=copy.version,
    )  # fmt: skip

    # The court ends both measures; the file closes.
    measure_services.measure_end(measure=ots, by=gi, ended_on=today, reason=t("einde OTS"), then="")
    measure_services.measure_end(
        measure=placement, by=gi, ended_on=today, reason=t("thuis veilig"), then=Phase.CLOSED,
        closing_reason="safe_enough",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED
    return case


def close_long_ago(case: Case) -> None:
    """The file closed so long ago that its retention term has passed."""
    Case.objects.filter(pk=case.pk).update(closed_on=_long_ago())


def destroy(case: Case, first, second, *, keep_note: str = "") -> DestructionRecord:
    """The weekly sweep lists the file; two privacy officers confirm. With ``keep_note`` it is kept once
    first (a hold with that explanation, then lifted) and listed again by the next sweep."""
    privacy_services.retention_sweep()
    review = DestructionReview.objects.get(case=case, status__in=DestructionReview.OPEN)
    if keep_note:
        hold = privacy_services.destruction_keep(
            by=first, review=review, reason="family", note=keep_note, until=None, version=review.version
        )
        privacy_services.hold_lift(by=first, hold=hold)
        privacy_services.retention_sweep()
        review = DestructionReview.objects.get(case=case, status__in=DestructionReview.OPEN)
    review = privacy_services.destruction_confirm(by=first, review=review, version=review.version)
    privacy_services.destruction_confirm(by=second, review=review, version=review.version)
    return DestructionRecord.objects.get(case=case)


# --- Scanning every table ---------------------------------------------------------------------------


def project_models() -> list[type[models.Model]]:
    """Every concrete model of the project's own apps (not Django's, guardian's, otp's or axes's)."""
    own = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    }
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in own and not model._meta.proxy
    ]


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def scan(tag: str) -> dict[str, int]:
    """Where ``tag`` occurs: "app.Model.field" -> how many rows (every text, char and JSON column, and the
    binary ones)."""
    hits: dict[str, int] = {}
    for model in project_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        binary = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)]
        for row in model._base_manager.values(*names, *binary):
            for name in names:
                if row[name] is not None and tag in _as_text(row[name]):
                    key = f"{model._meta.label}.{name}"
                    hits[key] = hits.get(key, 0) + 1
            for name in binary:
                if row[name] is not None and tag.encode() in bytes(row[name]):
                    key = f"{model._meta.label}.{name}"
                    hits[key] = hits.get(key, 0) + 1
    return hits


def dump_of(tag: str, case: Case) -> dict[tuple[str, object], dict]:
    """Every row that holds ``tag`` or points at the case, its household or its people: all columns."""
    family = case.family_id
    people = set(Membership.objects.filter(family_id=family).values_list("person_id", flat=True))
    people |= set(CaseChild.objects.filter(case=case).values_list("child_id", flat=True))
    owners = {Case: {case.pk}, Family: {family}, Person: people}
    dump = {}
    for model in project_models():
        fields = model._meta.concrete_fields
        for row in model._base_manager.values(*(f.attname for f in fields)):
            mine = any(
                f.is_relation and row[f.attname] in owners.get(f.related_model, ()) for f in fields
            ) or any(
                isinstance(f, TEXT_FIELDS) and row[f.attname] is not None and tag in _as_text(row[f.attname])
                for f in fields
            )
            if model in owners and row[model._meta.pk.attname] in owners[model]:
                mine = True
            if mine:
                dump[(model._meta.label, row[model._meta.pk.attname])] = {
                    key: bytes(value) if isinstance(value, memoryview) else value
                    for key, value in row.items()
                }
    return dump


def structure_of(case: Case) -> dict[str, int]:
    """The rows the reports count, per kind."""
    return {
        "contacts": Contact.objects.filter(case=case).count(),
        "children_seen": Contact.children_seen.through.objects.filter(contact__case=case).count(),
        "phase_changes": PhaseChange.objects.filter(case=case).count(),
        "case_children": CaseChild.objects.filter(case=case).count(),
        "referrals": Referral.objects.filter(case=case).count(),
        "referral_events": ReferralEvent.objects.filter(referral__case=case).count(),
        "submissions": Submission.objects.filter(case=case).count(),
        "outcomes": Outcome.objects.filter(case=case).count(),
        "measures": Measure.objects.filter(case=case).count(),
        "plans_agreed": SafetyPlan.objects.filter(case=case, agreed_at__isnull=False).count(),
        "flags": Flag.objects.filter(Q(case=case) | Q(referral__case=case)).count(),
    }


# --- 1. Nothing of the family is left, nothing of the neighbours is touched -----------------------


def test_destroying_a_file_leaves_no_personal_data_and_touches_no_neighbour(cast):
    secret = build_family(SECRET, cast, house=12)
    neighbour = build_family(NEIGHBOUR, cast, house=14)
    close_long_ago(secret)
    # The scan finds the sentinel wherever the file put it (so the check below can fail).
    before = scan(SECRET)
    for where in ("cases.Person.given_name", "cases.Family.name", "cases.Address.house_number",
                  "cases.Contact.note", "cases.ContactRevision.note", "referrals.ReferralPerson.surname",
                  "safetyplans.Worry.behaviour", "safetyplans.NetworkMember.phone", "tables.Submission.question",
                  "tables.OutcomeAgreement.what", "tables.AgendaItem.minutes", "reportingcode.Weighing.explanation",
                  "flags.Flag.snooze_reason", "privacy.RightsRequest.details", "accounts.Notification.text",
                  "measures.Placement.where", "audit.AccessEvent.reason"):  # fmt: skip
        assert where in before, where
    neighbour_rows = dump_of(NEIGHBOUR, neighbour)
    structure = structure_of(secret)
    people = sorted(Membership.objects.filter(family=secret.family).values_list("person_id", flat=True))
    assert len(neighbour_rows) > 100 and len(people) == 3

    record = destroy(secret, cast["officer"], cast["second_officer"], keep_note=f"{SECRET} rechtszaak")

    left = {where: rows for where, rows in scan(SECRET).items() if not where.startswith("audit.AccessEvent.")}
    assert left == {}
    assert "audit.AccessEvent.reason" in scan(SECRET)  # the append-only log keeps its reasons
    assert dump_of(NEIGHBOUR, neighbour) == neighbour_rows
    # The rows the reports count are all there; the content is not.
    assert structure_of(secret) == structure
    secret.refresh_from_db()
    assert (secret.phase, secret.closed_on, secret.closing_reason) == (
        Phase.CLOSED,
        _long_ago(),
        "safe_enough",
    )
    assert not Address.objects.filter(family=secret.family).exists()
    assert not Membership.objects.filter(family=secret.family).exists()
    assert Family.objects.get(pk=secret.family_id).search_names == ""  # name search finds nobody there
    assert not ContactRevision.objects.filter(contact__case=secret).exists()
    assert not ReferralPerson.objects.filter(referral__case=secret).exists()
    assert not Worry.objects.filter(plan__case=secret).exists()
    assert not SubmissionUserObjectPermission.objects.filter(content_object__case=secret).exists()
    assert not AgendaPack.objects.filter(case_ids__contains=[secret.pk]).exists()
    assert AgendaPack.objects.filter(case_ids__contains=[neighbour.pk]).exists()
    for person in Person.objects.filter(pk__in=people):
        assert (person.full_name, person.bsn, person.gender, person.search_name) == ("", None, "", "")
        assert (person.birth_date.month, person.birth_date.day) == (1, 1)
    # The record: numbers per kind, in words the pages know; no names.
    assert record.first_by == cast["officer"] and record.second_by == cast["second_officer"]
    assert set(record.removed) <= set(erasure.LABELS)
    assert all(isinstance(number, int) and number > 0 for number in record.removed.values())
    assert record.removed["persons"] == 3
    assert record.removed["addresses"] == 2
    assert record.removed["contacts"] == 1
    assert record.removed["contact_revisions"] == 1
    assert record.removed["safety_plans"] == 1
    assert record.removed["submissions"] == 3
    assert record.removed["referral_persons"] == 2
    assert record.removed["families"] == 1
    assert record.removed["agenda_packs"] == 1
    assert record.removed["notifications"] >= 5


# --- 2. The reports count the same ---------------------------------------------------------------


def test_report_figures_are_the_same_after_destruction(cast):
    secret = build_family(SECRET, cast, house=12)
    close_long_ago(secret)
    today = timezone.localdate()
    secret.refresh_from_db()
    periods = [
        Period(PeriodKind.YEAR, today.year),
        Period(PeriodKind.MONTH, today.year, today.month),
        Period(PeriodKind.YEAR, secret.closed_on.year),
    ]
    team = [cast["team"].pk]
    before = [report_figures(team_ids=team, period=period, days=42) for period in periods]
    # Something of this file is counted (so the comparison below can fail).
    assert before[0].referrals and before[0].outcomes and before[0].measures and before[0].submitted
    assert before[2].closed[team[0]]["safe_enough"] == 1
    assert before[0].throughput["accepted_child_seen"].pairs == 1
    assert before[0].throughput["accepted_plan_agreed"].pairs == 1

    destroy(secret, cast["officer"], cast["second_officer"])

    assert [report_figures(team_ids=team, period=period, days=42) for period in periods] == before


# --- 3. What a living file still needs stays -----------------------------------------------------


def _closed_case(team, director, *, first_child=None, children=1) -> Case:
    case = factories.case(team=team, director=director, children=children, first_child=first_child)
    return factories.walk(case, director, "voluntary", "closed")


def test_a_person_shared_with_a_living_household_keeps_name_and_bsn(cast):
    team, director = cast["team"], cast["director"]
    old = _closed_case(team, director)
    father = Person.objects.get(memberships__family=old.family, memberships__relation=Relation.PARENT)
    Person.objects.filter(pk=father.pk).update(bsn=_bsn())
    father.refresh_from_db()
    child = old.children.get()
    # The father has a new household, with a file still open.
    living = factories.case(team=team, director=director, children=1)
    case_services.person_add_to_family(
        case=living, by=director, relation=Relation.PARENT, parental_authority=True, existing=father
    )
    close_long_ago(old)

    record = destroy(old, cast["officer"], cast["second_officer"])

    kept = Person.objects.get(pk=father.pk)
    assert (kept.given_name, kept.surname, kept.bsn, kept.birth_date) == (
        father.given_name,
        father.surname,
        father.bsn,
        father.birth_date,
    )
    assert Membership.objects.filter(person=father, family=living.family).exists()
    assert not Membership.objects.filter(family=old.family).exists()  # the old household is gone
    child.refresh_from_db()
    assert (child.given_name, child.surname) == ("", "")
    # Name search: the father is still found in his new household; the old one holds no names any more.
    assert father.search_name in Family.objects.get(pk=living.family_id).search_names.split("\n")
    assert Family.objects.get(pk=old.family_id).search_names == ""
    assert record.removed["persons"] == 1


def test_a_household_with_a_younger_file_keeps_its_name_and_members(cast):
    team, director = cast["team"], cast["director"]
    old = _closed_case(team, director, children=2)
    close_long_ago(old)
    younger = case_services.case_open(
        family=old.family, team=team, director=director, by=director, reason="Nieuwe zorgen"
    )
    factories.walk(younger, director, "voluntary", "closed")  # closed today: years from its term
    family = Family.objects.get(pk=old.family_id)
    members = sorted(Membership.objects.filter(family=family).values_list("person_id", "relation"))
    people = list(Person.objects.filter(memberships__family=family).order_by("pk").values())
    addresses = list(Address.objects.filter(family=family).values())

    record = destroy(old, cast["officer"], cast["second_officer"])

    assert Family.objects.get(pk=family.pk).name == family.name != ""
    assert sorted(Membership.objects.filter(family=family).values_list("person_id", "relation")) == members
    assert list(Person.objects.filter(memberships__family=family).order_by("pk").values()) == people
    assert list(Address.objects.filter(family=family).values()) == addresses
    assert {"persons", "families", "addresses", "memberships"}.isdisjoint(record.removed)
    assert not DestructionReview.objects.filter(case=younger).exists()


# --- 4. The sweep and the confirmations, repeated or overtaken -----------------------------------


@pytest.fixture
def due_case(cast):
    case = _closed_case(cast["team"], cast["director"])
    close_long_ago(case)
    return case


def _names(case: Case) -> list[str]:
    return sorted(Person.objects.filter(case_links__case=case).values_list("given_name", flat=True))


def test_the_sweep_run_twice_lists_a_file_once(due_case):
    assert privacy_services.retention_sweep() == {"listed": 1, "withdrawn": 0}
    assert privacy_services.retention_sweep() == {"listed": 0, "withdrawn": 0}
    assert DestructionReview.objects.filter(case=due_case).count() == 1


def test_four_eyes_the_same_officer_cannot_confirm_twice(cast, due_case):
    privacy_services.retention_sweep()
    review = DestructionReview.objects.get(case=due_case)
    review = privacy_services.destruction_confirm(by=cast["officer"], review=review, version=review.version)
    with pytest.raises(ValidationError) as refused:
        privacy_services.destruction_confirm(by=cast["officer"], review=review, version=review.version)
    assert refused.value.code == "same_person"
    assert DestructionReview.objects.get(pk=review.pk).status == DestructionReview.Status.CONFIRMED_ONCE
    assert not DestructionRecord.objects.exists()
    assert "" not in _names(due_case)


def test_a_hold_after_the_first_confirmation_stops_the_second(cast, due_case):
    privacy_services.retention_sweep()
    review = DestructionReview.objects.get(case=due_case)
    review = privacy_services.destruction_confirm(by=cast["officer"], review=review, version=review.version)
    privacy_services.hold_place(by=cast["officer"], case=due_case, reason="procedure", note="Klacht loopt")
    with pytest.raises(ValidationError) as refused:
        privacy_services.destruction_confirm(by=cast["second_officer"], review=review, version=review.version)
    # hold_place takes the file off the list at once: the review is no longer open.
    assert refused.value.code == "closed"
    assert DestructionReview.objects.get(pk=review.pk).status == DestructionReview.Status.KEPT
    assert not DestructionRecord.objects.exists()
    assert "" not in _names(due_case)


@pytest.mark.parametrize("overtaken_by", ["hold", "help_again"])
def test_a_file_no_longer_due_at_the_second_confirmation_is_refused_not_due(cast, due_case, overtaken_by):
    privacy_services.retention_sweep()
    review = DestructionReview.objects.get(case=due_case)
    review = privacy_services.destruction_confirm(by=cast["officer"], review=review, version=review.version)
    if overtaken_by == "hold":  # a hold that did not come through hold_place (e.g. made in the admin)
        RetentionHold.objects.create(
            case=due_case, reason="procedure", note="Klacht loopt", placed_by=cast["officer"]
        )
    else:  # help started again in the household
        case_services.case_open(
            family=due_case.family, team=cast["team"], director=cast["director"], by=cast["director"],
            reason="Nieuwe melding",
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        privacy_services.destruction_confirm(by=cast["second_officer"], review=review, version=review.version)
    assert refused.value.code == "not_due"
    assert not DestructionRecord.objects.exists()
    assert "" not in _names(due_case)


# --- 5. Every model that can hold a family's data is covered --------------------------------------


def linked_models() -> set[type[models.Model]]:
    """Project models with a foreign-key or many-to-many path to a case, a household or a person."""
    linked = {Case, Family, Person}
    candidates = project_models()
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in linked:
                continue
            targets = {
                field.related_model
                for field in model._meta.get_fields()
                if isinstance(field, (models.ForeignKey, models.ManyToManyField))  # one-to-one is a FK
            }
            if targets & linked:
                linked.add(model)
                grew = True
    return linked


def test_every_model_linked_to_a_family_is_covered_by_exactly_one_module():
    covered: dict[type[models.Model], list[str]] = {}
    for module in erasure._modules():
        assert callable(module.erase)
        for model in module.COVERS:
            covered.setdefault(model, []).append(module.__name__)
    twice = {model._meta.label: where for model, where in covered.items() if len(where) > 1}
    assert twice == {}
    linked = linked_models()
    # The path search sees through other models and many-to-many tables.
    assert {AccessEvent, ReferralPerson, Worry, SubmissionUserObjectPermission} <= linked
    assert Contact.children_seen.through in linked and Notification not in linked
    missing = sorted(model._meta.label for model in linked - set(covered))
    assert missing == []
    assert AccessEvent in erasure_audit.COVERS  # kept: the append-only log


# --- 6. The destroyed file's page ----------------------------------------------------------------


def test_the_team_lead_opens_the_destroyed_file_without_personal_data(cast, client, login):
    secret = build_family(SECRET, cast, house=12)
    close_long_ago(secret)
    login(cast["lead"].username)
    page = client.get(f"/casussen/{secret.pk}/")
    assert page.status_code == 200
    assert SECRET in page.content.decode()

    destroy(secret, cast["officer"], cast["second_officer"])

    page = client.get(f"/casussen/{secret.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET not in html
    assert secret.number in html
