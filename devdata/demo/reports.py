"""A past year for the report, for seed_demo: Zaanstad's funnel, scaled down (seed 004: 195 referrals,
29 to the Beschermtafel, 166 closed with safety sufficiently guaranteed).

Separate historical families, all closed by now, so the demo cases of cases.py keep their numbers and
content: 60 Veilig Thuis handovers to Team Zaandam-Oost (51 accepted; 5 returned with a question, then
taken back by Veilig Thuis; 4 forwarded to Zaandam-West) and 6 straight to Zaandam-West; 9 submissions to
the Beschermtafel at four past meetings (advice, agreements under pressure, and three for the Raad, of
which two lead to measures the court lifts later); first face-to-face contacts a few working days after
acceptance, agreed safety plans, signals raised and resolved, and the cases closed, mostly with safety
sufficiently guaranteed.

Deterministic (fixed counts, a fixed random seed for the dates) and quick: rows go in with bulk_create,
as devdata/dataset.py does, in the shape the services would leave them (phase changes, assignments, events,
permission rows from the same policy). Zaandam-West has no demo staff, so its cases have no director.
"""

import datetime as dt
import itertools
import random

from django.utils import timezone
from faker import Faker

from accounts.models import Municipality, Team, User
from cases.models import (
    Address,
    Case,
    CaseAssignment,
    CaseChild,
    CaseNumber,
    CaseRole,
    ClosingReason,
    Contact,
    ContactKind,
    Family,
    Membership,
    Person,
    Phase,
    PhaseChange,
    Relation,
)
from cases.services import family_names_refresh
from core.dates import add_working_days, months_before
from core.rules import Severity
from core.validators import person_search_name
from devdata.dataset import permission_rows_create
from flags.models import Flag
from measures.models import Measure, MeasureKind, Placement
from referrals.models import MonitoringMoment, Referral, ReferralEvent, ReferralPerson
from referrals.services import DEFAULT_MONITORING_MONTHS, MONITORING_GRACE
from safetyplans.models import SafetyPlan
from tables.models import AgendaItem, Meeting, Outcome, Submission, SubmissionEvent, Table

PREFIX = "VT-H-"  # the references of the historical handovers; their presence means "already seeded"
REFERRALS = 60  # to Zaandam-Oost over the year
RETURNED = {5, 17, 29, 41, 53}  # of those: sent back with a question
FORWARDED = {11, 23, 35, 47}  # and passed to Zaandam-West, which accepts them
WEST_DIRECT = 6  # handovers straight to Zaandam-West
# Why the cases without a measure closed, in turn (those with a measure: when the court lifts it).
REASONS = [ClosingReason.SAFE_ENOUGH] * 7 + [
    ClosingReason.MOVED_AWAY,
    ClosingReason.SAFE_ENOUGH,
    ClosingReason.OTHER,
]
# The Beschermtafel: (meeting's days ago, [(accepted case index, outcome kind, board decision)]).
MEETINGS = [
    (300, [(2, "voluntary_sufficient", ""), (4, "pressure", "")]),
    (230, [(8, "board_investigation", "started"), (10, "voluntary_sufficient", "")]),
    (160, [(14, "pressure", ""), (16, "board_investigation", "started"), (18, "pressure", "")]),
    (95, [(22, "board_investigation", "not_started"), (24, "voluntary_sufficient", "")]),
]
# Measures after the Raad's investigation: accepted case index -> the kinds, started in this order.
MEASURES = {
    8: [MeasureKind.INTERIM_SUPERVISION, MeasureKind.SUPERVISION],
    16: [MeasureKind.SUPERVISION, MeasureKind.PLACEMENT],
}
OUTCOME_PHASE = {"pressure": Phase.PRESSURE, "board_investigation": Phase.INVESTIGATION}
COURT = "Rechtbank Noord-Holland"


def seed(
    *,
    team: Team,
    other_team: Team,
    vt_worker: User,
    directors: list[User],
    chair: User,
    investigator: User,
    gi_worker: User,
    municipality: Municipality,
) -> int:
    """Create the past year once; returns how many handovers were made (0 when they exist)."""
    if Referral.objects.filter(reference__startswith=PREFIX).exists():
        return 0
    return _Year(
        team=team,
        other_team=other_team,
        vt_worker=vt_worker,
        directors=directors,
        chair=chair,
        investigator=investigator,
        gi_worker=gi_worker,
        municipality=municipality,
    ).run()


class _Year:
    def __init__(self, **people):
        self.__dict__.update(people)
        self.rnd = random.Random(16)  # noqa: S311 - demo data, not secrets
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(16)
        self.today = timezone.localdate()

    def at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = self.rnd.randint(9, 16) if hour is None else hour
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rnd.choice((0, 15, 30)))))

    def run(self) -> int:
        handovers = self._handovers()
        accepted = [h for h in handovers if h["accepted_on"]]
        self._families(accepted)
        self._cases(accepted)
        self._table([h for h in accepted if h["team"] == self.team])
        self._measures()
        self._closing()
        self._contacts()
        self._plans()
        self._flags()
        self._referrals(handovers)
        self._permissions()
        return len(handovers)

    # -- what Veilig Thuis sent, and what the teams did with it ------------------------------------------
    def _handovers(self) -> list[dict]:
        handovers = []
        total = REFERRALS + WEST_DIRECT
        for index in range(total):
            west_direct = index >= REFERRALS
            # Spread over the past year, fewer in the autumn (seed 004); the newest seven weeks old.
            position = (index - REFERRALS) * 6 + 3 if west_direct else index
            days_ago = 360 - round(position * 315 / REFERRALS) - self.rnd.randint(0, 4)
            sent_on = self._weekday(self.today - dt.timedelta(days=max(days_ago, 49)))
            fate = "accepted"
            if not west_direct and index in RETURNED:
                fate = "returned"
            elif not west_direct and index in FORWARDED:
                fate = "forwarded"
            handled_on = add_working_days(sent_on, self.rnd.randint(1, 4))
            accepted_on = None
            if fate == "accepted":
                accepted_on = handled_on
            elif fate == "forwarded":
                accepted_on = add_working_days(handled_on, self.rnd.randint(1, 3))
            surname = self.fake.last_name()
            prefix, _, bare = surname.rpartition(" ")
            handovers.append(
                {
                    "reference": f"{PREFIX}{sent_on.year}-{index + 1:03d}",
                    "surname": surname,
                    "name": (prefix, bare) if prefix else ("", surname),
                    "sent_on": sent_on,
                    "fate": fate,
                    "handled_on": handled_on,
                    "accepted_on": accepted_on,
                    "first_team": self.other_team if west_direct else self.team,
                    "team": self.other_team if west_direct or fate == "forwarded" else self.team,
                }
            )
        return handovers

    @staticmethod
    def _weekday(day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    # -- the households of the accepted handovers: a parent and one or two children --------------------
    def _families(self, accepted: list[dict]) -> None:
        families = Family.objects.bulk_create(Family(name=f"Gezin {h['surname']}") for h in accepted)
        people, memberships, addresses = [], [], []
        for handover, family in zip(accepted, families, strict=True):
            prefix, bare = handover["name"]
            handover.update(family=family, children=[])
            for relation, ages in [(Relation.PARENT, (27, 48))] + [(Relation.CHILD, (1, 16))] * (
                1 + (self.rnd.random() < 0.4)
            ):
                given = self.fake.first_name()
                person = Person(
                    given_name=given,
                    surname_prefix=prefix,
                    surname=bare,
                    birth_date=self.fake.date_of_birth(minimum_age=ages[0], maximum_age=ages[1]),
                    gender=self.rnd.choice(["female", "male"]),
                    search_name=person_search_name(given, prefix, bare),
                )
                people.append(person)
                memberships.append((family, person, relation))
                if relation == Relation.CHILD:
                    handover["children"].append(person)
            addresses.append(
                Address(
                    family=family,
                    street=self.fake.street_name(),
                    house_number=str(self.fake.building_number()),
                    postcode=self.fake.postcode().replace(" ", ""),
                    city="Zaandam",
                    municipality=self.municipality,
                    valid_from=handover["accepted_on"] - dt.timedelta(days=self.rnd.randint(300, 3000)),
                    recorded_by=self.vt_worker,
                    recorded_at=self.at(handover["accepted_on"]),
                )
            )
        Person.objects.bulk_create(people)
        Membership.objects.bulk_create(
            Membership(
                family=family,
                person=person,
                relation=relation,
                parental_authority=relation == Relation.PARENT,
            )
            for family, person, relation in memberships
        )
        family_names_refresh({family.pk for family, _, _ in memberships})
        Address.objects.bulk_create(addresses)

    # -- one case per accepted handover, opened in VOLUNTARY on the day of acceptance ------------------
    def _cases(self, accepted: list[dict]) -> None:
        numbers = dict(CaseNumber.objects.values_list("year", "last"))
        cases = []
        for index, handover in enumerate(accepted):
            year = handover["accepted_on"].year
            numbers[year] = numbers.get(year, 0) + 1
            handover["director"] = (
                self.directors[index % len(self.directors)] if handover["team"] == self.team else None
            )
            cases.append(
                Case(
                    number=f"Z-{year}-{numbers[year]:05d}",
                    family=handover["family"],
                    team=handover["team"],
                    phase=Phase.VOLUNTARY,
                    opened_on=handover["accepted_on"],
                )
            )
        Case.objects.bulk_create(cases)
        CaseNumber.objects.bulk_create(
            [CaseNumber(year=year, last=last) for year, last in numbers.items()],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last"],
        )
        self.handovers = accepted
        self.changes, self.assignments = [], []
        for handover, case in zip(accepted, cases, strict=True):
            handover["case"] = case
            handover["phases"] = [Phase.VOLUNTARY]
            by = handover["director"] or self.vt_worker
            opened_at = self.at(handover["accepted_on"])
            reason = f"Overdracht van Veilig Thuis ({handover['reference']}) geaccepteerd."
            self.changes += [
                PhaseChange(
                    case=case,
                    from_phase="",
                    to_phase=Phase.INTAKE,
                    changed_by=by,
                    changed_at=opened_at,
                    reason=reason,
                ),
                PhaseChange(
                    case=case,
                    from_phase=Phase.INTAKE,
                    to_phase=Phase.VOLUNTARY,
                    changed_by=by,
                    changed_at=opened_at,
                    reason=reason,
                ),
            ]
            if handover["director"]:
                self.assignments.append(
                    CaseAssignment(
                        case=case,
                        user=handover["director"],
                        role=CaseRole.DIRECTOR,
                        starts_at=opened_at,
                        assigned_by=handover["director"],
                    )
                )
        CaseChild.objects.bulk_create(
            CaseChild(case=h["case"], child=child) for h in accepted for child in h["children"]
        )
        PhaseChange.objects.bulk_create(self.changes)
        self.changes = []

    def _phase(self, handover: dict, to: Phase, at: dt.datetime, reason: str, by: User) -> PhaseChange:
        change = PhaseChange(
            case=handover["case"],
            from_phase=handover["phases"][-1],
            to_phase=to,
            changed_by=by,
            changed_at=at,
            reason=reason,
        )
        handover["phases"].append(to)
        self.changes.append(change)
        return change

    # -- the Beschermtafel: four past meetings, nine families ------------------------------------------
    def _table(self, oost: list[dict]) -> None:
        table = Table.objects.get(name="Beschermtafel Zaanstad")
        for days_ago, items in MEETINGS:
            date = self._weekday(self.today - dt.timedelta(days=days_ago))
            held_at = self.at(date, 14)
            meeting = Meeting.objects.create(
                table=table,
                date=date,
                starts_at=dt.time(13, 0),
                place=table.default_place,
                capacity_minutes=240,
                state=Meeting.State.PUBLISHED,
                published_at=held_at - dt.timedelta(days=7),
                published_by=self.chair,
                created_by=self.chair,
                created_at=held_at - dt.timedelta(days=14),
            )
            for position, (index, kind, board_decision) in enumerate(items):
                handover = oost[index]
                director = handover["director"]
                submitted_at = self.at(add_working_days(handover["accepted_on"], 10))
                submission = Submission.objects.create(
                    case=handover["case"],
                    table=table,
                    state=Submission.State.DISCUSSED,
                    question="Is vrijwillige hulp nog genoeg?",
                    reason="Na maanden hulp is er opnieuw politie-inzet geweest.",
                    worries="De kinderen zien de ruzies.",
                    strengths="Oma is er elke dag.",
                    earlier_help="Hulp door het jeugdteam.",
                    asked="Een advies van de tafel.",
                    parents_informed_on=submitted_at.date(),
                    parents_invited=True,
                    children_informed_on=submitted_at.date(),
                    created_by=director,
                    created_at=submitted_at,
                    submitted_by=director,
                    submitted_at=submitted_at,
                )
                SubmissionEvent.objects.bulk_create(
                    [
                        SubmissionEvent(
                            submission=submission,
                            kind=SubmissionEvent.Kind.SUBMITTED,
                            at=submitted_at,
                            by=director,
                        ),
                        SubmissionEvent(
                            submission=submission,
                            kind=SubmissionEvent.Kind.SCHEDULED,
                            at=held_at - dt.timedelta(days=8),
                            by=self.chair,
                            meeting=meeting,
                        ),
                        SubmissionEvent(
                            submission=submission,
                            kind=SubmissionEvent.Kind.DISCUSSED,
                            at=held_at,
                            by=self.chair,
                            meeting=meeting,
                        ),
                    ]
                )
                item = AgendaItem.objects.create(
                    meeting=meeting,
                    submission=submission,
                    position=position,
                    minutes="Besproken met de ouders.",
                )
                change = None
                if kind in OUTCOME_PHASE:
                    change = self._phase(
                        handover,
                        OUTCOME_PHASE[kind],
                        held_at,
                        f"Uitkomst van de Beschermtafel op {date:%d-%m-%Y}.",
                        self.chair,
                    )
                    change.save()
                decided_on = add_working_days(date, 15) if board_decision else None
                handover["table"] = (date, kind, decided_on if board_decision == "started" else None)
                Outcome.objects.create(
                    item=item,
                    case=handover["case"],
                    kind=kind,
                    decision="Advies van de tafel.",
                    report_back_on=add_working_days(date, 30) if kind == "pressure" else None,
                    reported_back_on=add_working_days(date, 30) if kind == "pressure" else None,
                    report_back_note="De afspraken zijn nagekomen." if kind == "pressure" else "",
                    investigator=self.investigator if kind == "board_investigation" else None,
                    parents_informed=True,
                    parents_informed_note="Aan tafel verteld.",
                    recorded_by=self.chair,
                    recorded_at=held_at,
                    phase_change=change,
                    board_decision=board_decision,
                    board_decided_on=decided_on,
                    board_decision_by=self.investigator if board_decision else None,
                )
                if kind == "board_investigation":
                    self.assignments.append(
                        CaseAssignment(
                            case=handover["case"],
                            user=self.investigator,
                            role=CaseRole.BOARD_INVESTIGATOR,
                            starts_at=held_at,
                            assigned_by=self.chair,
                            ends_at=self.at(decided_on + dt.timedelta(days=60)),
                        )
                    )
        self.changes = []

    # -- after the Raad: the court's measures, carried out by the GI ----------------------------------
    def _measures(self) -> None:
        oost = [h for h in self.handovers if h["team"] == self.team]
        for index, kinds in MEASURES.items():
            handover = oost[index]
            started = handover["table"][2] + dt.timedelta(days=40)
            last_start = started + dt.timedelta(days=90 * (len(kinds) - 1))
            # The court lifts the order once the family is safe again; with it the case closes.
            lifted = self._weekday(min(last_start + dt.timedelta(days=60), self.today - dt.timedelta(days=3)))
            change = self._phase(
                handover,
                Phase.MANDATED,
                self.at(started),
                "Uitspraak van de kinderrechter.",
                handover["director"],
            )
            measures = []
            for number, kind in enumerate(kinds):
                starts_on = (
                    started if kind == MeasureKind.PLACEMENT else started + dt.timedelta(days=90 * number)
                )
                months = 3 if kind == MeasureKind.INTERIM_SUPERVISION else 12
                measures.append(
                    Measure.objects.create(
                        case=handover["case"],
                        kind=kind,
                        court=COURT,
                        decided_on=starts_on,
                        starts_on=starts_on,
                        ends_on=months_before(starts_on, -months),
                        gi_organisation=self.gi_worker.organisation,
                        gi_worker=self.gi_worker,
                        recorded_by=self.gi_worker,
                        recorded_at=self.at(starts_on),
                        ended_on=lifted,
                        end_reason="De kinderrechter heeft de maatregel opgeheven: het is weer veilig thuis.",
                    )
                )
                measures[-1].children.set(handover["children"])
                if kind == MeasureKind.PLACEMENT:
                    Placement.objects.create(
                        measure=measures[-1],
                        child=handover["children"][0],
                        where="Pleeggezin in Purmerend",
                        since=starts_on + dt.timedelta(days=14),
                        until=lifted,
                        recorded_by=self.gi_worker,
                    )
            for interim, final in itertools.pairwise(measures):
                if interim.kind == MeasureKind.INTERIM_SUPERVISION:  # the final decision replaces it
                    interim.ended_on, interim.end_reason = final.starts_on, "Opgevolgd door de OTS."
                    interim.save(update_fields=["ended_on", "end_reason"])
            self.assignments.append(
                CaseAssignment(
                    case=handover["case"],
                    user=self.gi_worker,
                    role=CaseRole.GI_WORKER,
                    starts_at=change.changed_at,
                    ends_at=self.at(lifted, 17),
                    assigned_by=handover["director"],
                )
            )
            handover["closing"] = (lifted, ClosingReason.MEASURE_ENDED)

    # -- the cases close: weeks to months later, mostly because the family is safe enough -------------
    def _closing(self) -> None:
        reasons = itertools.cycle(REASONS)
        for handover in self.handovers:
            if "closing" not in handover:
                after_table = handover.get("table", (handover["accepted_on"],))[0]
                closed_on = max(
                    after_table + dt.timedelta(days=self.rnd.randint(20, 45)),
                    handover["accepted_on"] + dt.timedelta(days=self.rnd.randint(25, 150)),
                )
                handover["closing"] = (
                    min(self._weekday(closed_on), self.today - dt.timedelta(days=3)),
                    next(reasons),
                )
            closed_on, reason = handover["closing"]
            case = handover["case"]
            case.phase, case.closed_on, case.closing_reason = Phase.CLOSED, closed_on, reason
            self._phase(
                handover,
                Phase.CLOSED,
                self.at(closed_on, 16),
                "Afgesloten na evaluatie met het gezin.",
                handover["director"] or self.vt_worker,
            )
        PhaseChange.objects.bulk_create(self.changes)
        Case.objects.bulk_update(
            [h["case"] for h in self.handovers], ["phase", "closed_on", "closing_reason"]
        )

    # -- contacts: the first face to face a few working days after acceptance, then now and then -------
    def _contacts(self) -> None:
        contacts, seen = [], []
        for handover in self.handovers:
            case, author = handover["case"], handover["director"] or self.vt_worker
            day = add_working_days(handover["accepted_on"], self.rnd.randint(1, 8))
            kinds = [ContactKind.HOME_VISIT]
            while day < case.closed_on:
                contacts.append(
                    Contact(
                        case=case,
                        occurred_at=self.at(day),
                        kind=kinds[-1],
                        author=author,
                        present="Moeder" if kinds[-1] == ContactKind.HOME_VISIT else "",
                        note="Gesprek over de afspraken; het is rustiger thuis.",
                        safety_scale=self.rnd.randint(4, 8) if kinds[-1] == ContactKind.HOME_VISIT else None,
                    )
                )
                seen.append(handover["children"] if kinds[-1] == ContactKind.HOME_VISIT else [])
                day = add_working_days(day, self.rnd.randint(8, 25))
                kinds.append(
                    self.rnd.choice([ContactKind.HOME_VISIT, ContactKind.HOME_VISIT, ContactKind.PHONE])
                )
        for contact in contacts:
            contact.created_at = contact.updated_at = contact.occurred_at
        Contact.objects.bulk_create(contacts)
        through = Contact.children_seen.through
        through.objects.bulk_create(
            through(contact_id=contact.pk, person_id=child.pk)
            for contact, children in zip(contacts, seen, strict=True)
            for child in children
        )
        last_contact, last_seen = {}, {}
        for contact, children in zip(contacts, seen, strict=True):
            last_contact[contact.case_id] = contact.occurred_at
            for child in children:
                last_seen[contact.case_id, child.pk] = contact.occurred_at
        cases = [h["case"] for h in self.handovers]
        for case in cases:
            case.last_contact_at = last_contact.get(case.pk)
        Case.objects.bulk_update(cases, ["last_contact_at"])
        links = list(CaseChild.objects.filter(case__in=cases))
        for link in links:
            link.last_seen_at = last_seen.get((link.case_id, link.child_id))
        CaseChild.objects.bulk_update(links, ["last_seen_at"])

    # -- a safety plan agreed with most families, two to four weeks in ---------------------------------
    def _plans(self) -> None:
        plans = []
        for index, handover in enumerate(self.handovers):
            if index % 6 == 5 or not handover["director"]:
                continue
            agreed_on = add_working_days(handover["accepted_on"], self.rnd.randint(8, 20))
            agreed_at = self.at(min(agreed_on, handover["case"].closed_on))
            plans.append(
                SafetyPlan(
                    case=handover["case"],
                    number=1,
                    state=SafetyPlan.State.AGREED,
                    made_by="Moeder, oma",
                    family_goals="Rust in huis.",
                    strengths="Oma helpt.",
                    supervisor="Oma",
                    evaluation_on=agreed_at.date() + dt.timedelta(days=42),
                    evaluation_with="Moeder en oma",
                    child_section="Als het thuis onrustig is, ga ik naar oma.",
                    created_by=handover["director"],
                    created_at=agreed_at - dt.timedelta(days=7),
                    updated_at=agreed_at,
                    agreed_at=agreed_at,
                    agreed_by=handover["director"],
                    agreed_how=SafetyPlan.AgreedHow.SIGNED,
                    agreed_with="Moeder",
                )
            )
        SafetyPlan.objects.bulk_create(plans)

    # -- signals the nightly job raised and the team resolved ------------------------------------------
    def _flags(self) -> None:
        flags = []
        for index, handover in enumerate(self.handovers):
            if index % 3:
                continue
            case = handover["case"]
            lifetime = (case.closed_on - handover["accepted_on"]).days  # three weeks at least
            opened = handover["accepted_on"] + dt.timedelta(days=min(self.rnd.randint(15, 40), lifetime - 3))
            resolved = min(opened + dt.timedelta(days=self.rnd.randint(3, 30)), case.closed_on)
            rule, severity = self.rnd.choice([("OV-01", Severity.CRITICAL), ("OV-02", Severity.WARNING)])
            flags.append(
                Flag(
                    rule=rule,
                    case=case,
                    severity=severity,
                    opened_at=self.at(opened, 6),
                    resolved_at=self.at(resolved, 6),
                    facts={},
                )
            )
        Flag.objects.bulk_create(flags)

    # -- the handovers themselves, with their trail ----------------------------------------------------
    def _referrals(self, handovers: list[dict]) -> None:
        referrals = []
        for handover in handovers:
            accepted = handover["accepted_on"] is not None
            state = Referral.State.ACCEPTED if accepted else Referral.State.WITHDRAWN
            sent_at = self.at(handover["sent_on"])
            referral = Referral(
                state=state,
                reference=handover["reference"],
                organisation=self.vt_worker.organisation,
                created_by=self.vt_worker,
                receiving_team=handover["team"],
                what_happened="Melding van de politie na ruzie thuis; de kinderen waren erbij.",
                outcome_code="VT-01-02",
                street="Dorpsstraat",
                house_number="1",
                postcode="1501AB",
                city="Zaandam",
                municipality=self.municipality,
                created_at=sent_at - dt.timedelta(hours=2),
                sent_at=sent_at,
                accepted_at=self.at(handover["accepted_on"]) if accepted else None,
                accepted_by=handover.get("director") if accepted else None,
                case=handover.get("case"),
            )
            if accepted:
                # Veilig Thuis's moments are all behind it, so its monitoring list keeps to the demo's own:
                # the usual 3 and 6 months, fewer (or 1) for the handovers of the last half year.
                due = {months: months_before(handover["accepted_on"], -months) for months in (1, 3, 6)}
                months = [m for m in DEFAULT_MONITORING_MONTHS if due[m] < self.today] or [1]
                handover["moments"] = [(m, due[m]) for m in months]
                referral.monitoring_ends_on = due[months[-1]] + MONITORING_GRACE
            handover["referral"] = referral
            referrals.append(referral)
        Referral.objects.bulk_create(referrals)
        events, moments = [], []
        for handover in handovers:
            referral, first = handover["referral"], handover["first_team"]
            handled_at = self.at(handover["handled_on"])
            events.append(
                ReferralEvent(
                    referral=referral,
                    kind=ReferralEvent.Kind.SENT,
                    at=referral.sent_at,
                    by=self.vt_worker,
                    team=first,
                )
            )
            by = self.directors[0] if first == self.team else self.vt_worker
            if handover["fate"] == "returned":
                events.append(
                    ReferralEvent(
                        referral=referral,
                        kind=ReferralEvent.Kind.RETURNED,
                        at=handled_at,
                        by=by,
                        reason="Klopt het adres? Het gezin is bij ons niet bekend.",
                        team=first,
                    )
                )
                # Veilig Thuis found the family elsewhere and took the handover back.
                events.append(
                    ReferralEvent(
                        referral=referral,
                        kind=ReferralEvent.Kind.WITHDRAWN,
                        at=handled_at + dt.timedelta(days=1),
                        by=self.vt_worker,
                        reason="Het gezin woont buiten Zaanstad; overgedragen aan dat team.",
                    )
                )
            if handover["fate"] == "forwarded":
                events.append(
                    ReferralEvent(
                        referral=referral,
                        kind=ReferralEvent.Kind.FORWARDED,
                        at=handled_at,
                        by=by,
                        reason="Het gezin woont in Zaandam-West.",
                        team=self.other_team,
                        from_team=self.team,
                    )
                )
            if referral.accepted_at:
                events.append(
                    ReferralEvent(
                        referral=referral,
                        kind=ReferralEvent.Kind.ACCEPTED,
                        at=referral.accepted_at,
                        by=referral.accepted_by or self.vt_worker,
                        team=referral.receiving_team,
                    )
                )
                for months, due_on in handover["moments"]:
                    moments.append(
                        MonitoringMoment(
                            referral=referral,
                            months_after_acceptance=months,
                            is_default=tuple(m for m, _ in handover["moments"]) == DEFAULT_MONITORING_MONTHS,
                            due_on=due_on,
                            result=MonitoringMoment.Result.MET,
                            note="Geen nieuwe meldingen.",
                            recorded_at=self.at(due_on),
                            recorded_by=self.vt_worker,
                        )
                    )
        ReferralEvent.objects.bulk_create(events)
        MonitoringMoment.objects.bulk_create(moments)
        people = []
        for handover in handovers:
            children = handover.get("children") or [None]  # a handover taken back: its child, never linked
            for child in children:
                people.append(
                    ReferralPerson(
                        referral=handover["referral"],
                        given_name=child.given_name if child else self.fake.first_name(),
                        surname_prefix=handover["name"][0],
                        surname=handover["name"][1],
                        birth_date=child.birth_date if child else self.fake.date_of_birth(maximum_age=16),
                        relation=Relation.CHILD,
                        person=child,
                    )
                )
        ReferralPerson.objects.bulk_create(people)

    # -- access rows, from the same policy the services apply ------------------------------------------
    def _permissions(self) -> None:
        CaseAssignment.objects.bulk_create(self.assignments)
        current: dict[int, list] = {}
        now = timezone.now()
        for assignment in self.assignments:
            if assignment.ends_at is None or assignment.ends_at > now:
                current.setdefault(assignment.case.pk, []).append(assignment)
        permission_rows_create(
            [(handover["case"], current.get(handover["case"].pk, [])) for handover in self.handovers]
        )
