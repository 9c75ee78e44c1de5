"""A region-sized, deterministic dataset for the benchmark (domain.md §7), written with bulk inserts.

One Veilig Thuis region over ten years: families referred again (38%), cases in every phase, contacts,
safety plans, handovers, measures, and a share overdue on every stalled-case rule. Rows go in through
bulk_create in large batches; the access rows are computed from the same policy the services use.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, Team, User
from accounts.roles import Role
from accounts.services import team_save
from cases.access import PERMISSIONS, policy_rows
from cases.models import (
    FACE_TO_FACE,
    Address,
    Case,
    CaseAssignment,
    CaseChild,
    CaseGroupObjectPermission,
    CaseNumber,
    CaseUserObjectPermission,
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
from core.validators import person_search_name
from measures.models import Measure, MeasureKind
from referrals.models import MonitoringMoment, Referral, ReferralPerson, SafetyCondition
from safetyplans.models import Agreement, EmergencyStep, NetworkMember, SafetyPlan, ScaleScore, Worry

BATCH = 5000
MARKER = "Jeugdteams regio (benchmark)"
PASSWORD = "bench"  # noqa: S105 - benchmark data only, refused outside settings that allow demo data


@dataclass(frozen=True)
class Scale:
    families: int
    repeat_share: float  # families referred again: a second case
    open_cases: int
    contacts: int
    plans: int
    referrals: int
    teams: int
    users_per_team: int
    heavy_case_contacts: int = 200


SCALES = {
    "small": Scale(
        families=500,
        repeat_share=0.38,
        open_cases=150,
        contacts=5_000,
        plans=200,
        referrals=300,
        teams=5,
        users_per_team=8,
    ),
    "region": Scale(
        families=50_000,
        repeat_share=0.2,
        open_cases=10_000,
        contacts=500_000,
        plans=20_000,
        referrals=30_000,
        teams=25,
        users_per_team=80,
    ),
}

FIRST = [
    "Noor",
    "Sem",
    "Emma",
    "Liam",
    "Julia",
    "Daan",
    "Tess",
    "Finn",
    "Sara",
    "Luuk",
    "Mila",
    "Bram",
    "Yara",
    "Milan",
    "Lotte",
    "Adam",
    "Fleur",
    "Levi",
    "Saar",
    "Mohamed",
    "Fatima",
    "Ayoub",
    "Zeynep",
    "Ravi",
    "Anouk",
    "Thijs",
    "Eva",
    "Jesse",
    "Lina",
    "Noah",
    "Sophie",
    "Mees",
    "Iris",
    "Ruben",
    "Nina",
    "Hamza",
]
LAST = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "van Dijk",
    "Yılmaz",
    "El Amrani",
    "Öztürk",
    "Çelik",
    "Kaya",
    "Ramdin",
    "Pinas",
    "Nguyen",
    "Koster",
]


def permission_rows_create(cases: list[tuple[Case, list]]) -> int:
    """Write the permission rows the access policy gives each (case, its current assignments), in bulk:
    the rows the services would have written one case at a time. Returns how many."""
    ids = dict(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), codename__in=PERMISSIONS
        ).values_list("codename", "id")
    )
    user_rows, group_rows = [], []
    for case, assignments in cases:
        for kind, holder, code in policy_rows(case, assignments):
            if kind == "user":
                user_rows.append(
                    CaseUserObjectPermission(content_object=case, user_id=holder, permission_id=ids[code])
                )
            else:
                group_rows.append(
                    CaseGroupObjectPermission(content_object=case, group_id=holder, permission_id=ids[code])
                )
    CaseUserObjectPermission.objects.bulk_create(user_rows, batch_size=BATCH)
    CaseGroupObjectPermission.objects.bulk_create(group_rows, batch_size=BATCH)
    return len(user_rows) + len(group_rows)


def _bsn(number: int) -> str | None:
    digits = f"{number:08d}"[-8:]
    check = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return None if check > 9 else digits + str(check)


def _split(name: str) -> tuple[str, str]:
    prefix, _, surname = name.rpartition(" ")
    return (prefix, surname) if prefix in ("de", "van", "van der") else ("", name)


class Generator:
    def __init__(self, scale: str, seed: int, out=None):
        self.scale = SCALES[scale]
        self.rnd = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.out = out or (lambda message: None)

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rnd.randint(0, max((end - start).days, 0)))

    def at(self, day: dt.date) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(day, dt.time(self.rnd.randint(8, 18), self.rnd.choice((0, 30))))
        )

    @transaction.atomic
    def run(self) -> dict:
        if Organisation.objects.filter(name=MARKER).exists():
            return {}
        self._organisations()
        self._families()
        self._cases()
        self._contacts()
        self._referrals()
        self._plans()
        self._measures()
        self._permissions()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return {"families": len(self.families), "cases": len(self.cases), "contacts": self.contact_count}

    # -- organisations, teams and people who work there -----------------------------------------------
    def _organisations(self):
        local = Organisation.objects.create(name=MARKER, kind=Organisation.Kind.LOCAL_TEAM)
        self.vt_org = Organisation.objects.create(
            name="Veilig Thuis (benchmark)", kind=Organisation.Kind.VEILIG_THUIS
        )
        self.gi_org = Organisation.objects.create(
            name="GI (benchmark)", kind=Organisation.Kind.CERTIFIED_INSTITUTION
        )
        self.municipality = Municipality.objects.get_or_create(code="GM0479", defaults={"name": "Zaanstad"})[
            0
        ]
        self.teams = [
            team_save(team=Team(organisation=local, name=f"Team {n + 1:02d}"))
            for n in range(self.scale.teams)
        ]
        password = make_password(PASSWORD)
        roles = {role: Group.objects.get(name=role.value) for role in Role}
        users, memberships = [], []
        for index in range(len(self.teams)):
            for number in range(self.scale.users_per_team):
                lead = number < 2
                users.append(
                    User(
                        username=f"t{index + 1:02d}-{'lead' if lead else 'worker'}{number:02d}",
                        password=password,
                        first_name=self.rnd.choice(FIRST),
                        last_name=self.rnd.choice(LAST),
                        organisation=local,
                        email=f"t{index}-{number}@bench.example",
                    )
                )
        users.append(
            User(username="bench-vt", password=password, organisation=self.vt_org, first_name="Veilig")
        )
        users.append(
            User(username="bench-gi", password=password, organisation=self.gi_org, first_name="Jeugd")
        )
        users = User.objects.bulk_create(users, batch_size=BATCH)
        through = User.groups.through
        self.workers, self.leads = {}, {}
        for index, team in enumerate(self.teams):
            staff = users[index * self.scale.users_per_team : (index + 1) * self.scale.users_per_team]
            self.leads[team.pk], self.workers[team.pk] = staff[:2], staff[2:]
            for number, user in enumerate(staff):
                groups = [team.group_id]
                groups += (
                    [roles[Role.TEAM_LEAD].pk, team.lead_group_id]
                    if number < 2
                    else [roles[Role.YOUTH_WORKER].pk]
                )
                memberships += [through(user_id=user.pk, group_id=group) for group in groups]
        self.vt_user, self.gi_user = users[-2], users[-1]
        memberships += [
            through(user_id=self.vt_user.pk, group_id=roles[Role.VT_WORKER].pk),
            through(user_id=self.gi_user.pk, group_id=roles[Role.GI_WORKER].pk),
        ]
        through.objects.bulk_create(memberships, batch_size=BATCH)
        self.out(f"{len(users)} users in {len(self.teams)} teams")

    # -- households -------------------------------------------------------------------------------------
    def _families(self):
        families, people, bsn = [], [], 10_000_000
        for number in range(self.scale.families):
            surname = self.rnd.choice(LAST)
            families.append(Family(name=f"Gezin {surname}"))
            size = self.rnd.choices((1, 2, 3), weights=(3, 5, 2))[0]
            members = [(Relation.PARENT, self.rnd.randint(1970, 1995))]
            members += [(Relation.CHILD, self.rnd.randint(2008, 2024)) for _ in range(size)]
            for relation, year in members:
                prefix, bare = _split(surname)
                given = self.rnd.choice(FIRST)
                bsn += 1
                people.append(
                    (
                        number,
                        relation,
                        Person(
                            given_name=given,
                            surname_prefix=prefix,
                            surname=bare,
                            birth_date=dt.date(year, self.rnd.randint(1, 12), self.rnd.randint(1, 28)),
                            bsn=_bsn(bsn) if self.rnd.random() < 0.7 else None,
                            search_name=person_search_name(given, prefix, bare),
                        ),
                    )
                )
        self.families = Family.objects.bulk_create(families, batch_size=BATCH)
        created = Person.objects.bulk_create([person for _, _, person in people], batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(
                    family=self.families[f], person=p, relation=r, parental_authority=r == Relation.PARENT
                )
                for (f, r, _), p in zip(people, created, strict=True)
            ],
            batch_size=BATCH,
        )
        family_names_refresh(family.pk for family in self.families)
        self.children = {}
        for (family, relation, _), person in zip(people, created, strict=True):
            if relation == Relation.CHILD:
                self.children.setdefault(family, []).append(person)
        Address.objects.bulk_create(
            [
                Address(
                    family=family,
                    street="Dorpsstraat",
                    house_number=str(n % 300 + 1),
                    postcode="1501AB",
                    city="Zaandam",
                    municipality=self.municipality,
                    valid_from=dt.date(2015, 1, 1),
                    recorded_by=self.vt_user,
                )
                for n, family in enumerate(self.families)
            ],
            batch_size=BATCH,
        )
        self.out(f"{len(self.families)} families, {len(created)} persons")

    # -- cases: one per family, a second for those referred again; the newest open for some -----------
    def _cases(self):
        scale = self.scale
        # One team carries a tenth of the families: its lead's list is the large one the benchmark reads.
        team_of = [
            0 if self.rnd.random() < 0.1 else self.rnd.randrange(len(self.teams)) for _ in self.families
        ]
        repeat = set(self.rnd.sample(range(len(self.families)), int(len(self.families) * scale.repeat_share)))
        open_families = set(self.rnd.sample(range(len(self.families)), scale.open_cases))
        phases = (
            [Phase.INTAKE] * 15 + [Phase.VOLUNTARY] * 50 + [Phase.PRESSURE] * 15 + [Phase.INVESTIGATION] * 8
        )
        phases += [Phase.MANDATED] * 12
        cases, years = [], {}
        for family_index in range(len(self.families)):
            episodes = 2 if family_index in repeat else 1
            start = self.day_between(
                self.today - dt.timedelta(days=3650), self.today - dt.timedelta(days=400)
            )
            for episode in range(episodes):
                last = episode == episodes - 1
                is_open = last and family_index in open_families
                opened = (
                    start
                    if episode == 0
                    else self.day_between(start + dt.timedelta(days=200), self.today - dt.timedelta(days=60))
                )
                if is_open:
                    opened = self.day_between(
                        self.today - dt.timedelta(days=700), self.today - dt.timedelta(days=20)
                    )
                closed = (
                    None
                    if is_open
                    else self.day_between(
                        opened + dt.timedelta(days=30), min(opened + dt.timedelta(days=500), self.today)
                    )
                )
                years[opened.year] = years.get(opened.year, 0) + 1
                cases.append(
                    (
                        family_index,
                        Case(
                            number=f"Z-{opened.year}-{years[opened.year]:05d}",
                            family=self.families[family_index],
                            team=self.teams[team_of[family_index]],
                            phase=self.rnd.choice(phases) if is_open else Phase.CLOSED,
                            opened_on=opened,
                            closed_on=closed,
                            closing_reason="" if is_open else "safe_enough",
                        ),
                    )
                )
        created = Case.objects.bulk_create([case for _, case in cases], batch_size=BATCH)
        CaseNumber.objects.bulk_create(
            [CaseNumber(year=year, last=last) for year, last in years.items()],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last"],
        )
        self.cases = list(zip([family for family, _ in cases], created, strict=True))
        links, changes, assignments = [], [], []
        load: dict[int, int] = {}
        for family_index, case in self.cases:
            for child in self.children.get(family_index, []):
                links.append(CaseChild(case=case, child=child))
            workers = self.workers[case.team_id]
            if case.phase != Phase.CLOSED:  # about forty open cases per director
                slot = load.get(case.team_id, 0)
                load[case.team_id] = slot + 1
                director = workers[(slot // 40) % len(workers)]
            else:
                director = self.rnd.choice(workers)
            case.director_id = director.pk
            assignments.append(
                CaseAssignment(case=case, user=director, role="director", assigned_by=director)
            )
            if case.phase == Phase.MANDATED:
                assignments.append(
                    CaseAssignment(case=case, user=self.gi_user, role="gi_worker", assigned_by=director)
                )
            changes.append(
                PhaseChange(
                    case=case,
                    from_phase="",
                    to_phase=Phase.INTAKE,
                    changed_by=director,
                    changed_at=self.at(case.opened_on),
                    reason="Melding",
                )
            )
            if case.phase not in (Phase.INTAKE,):
                end = case.closed_on or self.today
                changes.append(
                    PhaseChange(
                        case=case,
                        from_phase=Phase.INTAKE,
                        to_phase=case.phase,
                        changed_by=director,
                        changed_at=self.at(end),
                        reason="Besproken in het team",
                    )
                )
        CaseChild.objects.bulk_create(links, batch_size=BATCH)
        CaseAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        PhaseChange.objects.bulk_create(changes, batch_size=BATCH)
        self.assignments = assignments
        self.out(f"{len(created)} cases ({self.scale.open_cases} open)")

    # -- contacts: most on open cases, one case with 200, some quiet for weeks -------------------------
    def _contacts(self):
        open_cases = [(f, c) for f, c in self.cases if c.phase != Phase.CLOSED]
        closed_cases = [(f, c) for f, c in self.cases if c.phase == Phase.CLOSED]
        budget = self.scale.contacts - self.scale.heavy_case_contacts
        per_open = max(1, int(budget * 0.6 / len(open_cases)))
        per_closed = max(0, int(budget * 0.4 / max(len(closed_cases), 1)))
        kinds = (
            [ContactKind.HOME_VISIT] * 6
            + [ContactKind.PHONE] * 3
            + [ContactKind.OFFICE] * 2
            + [ContactKind.NO_SHOW]
        )
        plan = [(open_cases[0], self.scale.heavy_case_contacts)]
        self.heavy_case = open_cases[0][1]
        plan += [(item, per_open) for item in open_cases[1:]] + [(item, per_closed) for item in closed_cases]
        # What rounding left over is spread over the other cases, so the total is the scale's.
        left = self.scale.contacts - sum(number for _, number in plan)
        plan = [plan[0]] + [
            (item, number + left // (len(plan) - 1) + (index < left % (len(plan) - 1)))
            for index, (item, number) in enumerate(plan[1:])
        ]
        count = 0
        for start in range(0, len(plan), 2000):
            contacts, seen_for = [], []
            for (family_index, case), number in plan[start : start + 2000]:
                quiet = self.rnd.random() < 0.15 and case.phase != Phase.CLOSED
                end = case.closed_on or (self.today - dt.timedelta(days=45 if quiet else 1))
                children = self.children.get(family_index, [])
                for _ in range(number):
                    kind = self.rnd.choice(kinds)
                    contacts.append(
                        Contact(
                            case=case,
                            occurred_at=self.at(self.day_between(case.opened_on, max(end, case.opened_on))),
                            kind=kind,
                            note="Gesprek met moeder over de afspraken.",
                            author_id=case.director_id,
                            safety_scale=self.rnd.randint(2, 9) if kind == ContactKind.HOME_VISIT else None,
                        )
                    )
                    seen_for.append(children if kind in FACE_TO_FACE else [])
            created = Contact.objects.bulk_create(contacts, batch_size=BATCH)
            through = Contact.children_seen.through
            through.objects.bulk_create(
                [
                    through(contact_id=contact.pk, person_id=child.pk)
                    for contact, kids in zip(created, seen_for, strict=True)
                    for child in kids
                ],
                batch_size=BATCH,
            )
            count += len(created)
        self.contact_count = count
        with (
            connection.cursor() as cursor
        ):  # the denormalised "last contact" and "last seen", as the services keep them
            cursor.execute(
                "UPDATE cases_case c SET last_contact_at = m.at FROM (SELECT case_id, max(occurred_at) AS at "
                "FROM cases_contact WHERE kind NOT IN (%s, %s) GROUP BY case_id) m WHERE m.case_id = c.id",
                [ContactKind.CANCELLED.value, ContactKind.NO_SHOW.value],
            )
            cursor.execute(
                "UPDATE cases_casechild cc SET last_seen_at = m.at FROM (SELECT ct.case_id, s.person_id, "
                "max(ct.occurred_at) AS at FROM cases_contact ct "
                "JOIN cases_contact_children_seen s ON s.contact_id = ct.id WHERE ct.kind = ANY(%s) "
                "GROUP BY ct.case_id, s.person_id) m "
                "WHERE m.case_id = cc.case_id AND m.person_id = cc.child_id",
                [[kind.value for kind in FACE_TO_FACE]],
            )
        self.out(f"{count} contacts")

    # -- handovers: most accepted long ago, some waiting past the norm ---------------------------------
    def _referrals(self):
        accepted = self.rnd.sample(self.cases, min(self.scale.referrals - 50, len(self.cases)))
        referrals = []
        for _family, case in accepted:
            referrals.append(
                Referral(
                    reference=f"VT-{case.number[2:]}",
                    organisation=self.vt_org,
                    created_by=self.vt_user,
                    receiving_team=case.team,
                    what_happened="Politie-inzet na ruzie thuis.",
                    outcome_code="VT-01-02",
                    street="Dorpsstraat",
                    house_number="1",
                    postcode="1501AB",
                    city="Zaandam",
                    municipality=self.municipality,
                    state=Referral.State.ACCEPTED,
                    sent_at=self.at(case.opened_on),
                    accepted_at=self.at(case.opened_on),
                    accepted_by_id=case.director_id,
                    case=case,
                    monitoring_ends_on=case.opened_on + dt.timedelta(days=200),
                )
            )
        for number in range(50):
            sent = self.today - dt.timedelta(days=self.rnd.randint(0, 20))
            referrals.append(
                Referral(
                    reference=f"VT-OPEN-{number}",
                    organisation=self.vt_org,
                    created_by=self.vt_user,
                    receiving_team=self.rnd.choice(self.teams),
                    what_happened="Zorgen van school.",
                    outcome_code="VT-02",
                    street="Kerkstraat",
                    house_number="2",
                    postcode="1501AC",
                    city="Zaandam",
                    municipality=self.municipality,
                    state=Referral.State.SENT,
                    sent_at=self.at(sent),
                )
            )
        created = Referral.objects.bulk_create(referrals, batch_size=BATCH)
        people, conditions, moments = [], [], []
        for referral in created:
            people.append(
                ReferralPerson(
                    referral=referral,
                    given_name=self.rnd.choice(FIRST),
                    surname=self.rnd.choice(LAST),
                    birth_date=dt.date(2015, 5, 5),
                    relation=Relation.CHILD,
                )
            )
            conditions += [
                SafetyCondition(referral=referral, case=referral.case, text=text, position=n)
                for n, text in enumerate(("Geen geweld in huis.", "Ouders werken mee aan hulp."))
            ]
            for months in (3, 6):
                due = (
                    referral.accepted_at.date() + dt.timedelta(days=30 * months)
                    if referral.accepted_at
                    else None
                )
                moments.append(
                    MonitoringMoment(
                        referral=referral,
                        months_after_acceptance=months,
                        is_default=True,
                        due_on=due,
                        result="met" if due and due < self.today - dt.timedelta(days=60) else "",
                    )
                )
        ReferralPerson.objects.bulk_create(people, batch_size=BATCH)
        SafetyCondition.objects.bulk_create(conditions, batch_size=BATCH)
        MonitoringMoment.objects.bulk_create(moments, batch_size=BATCH)
        assignments = [
            CaseAssignment(case=r.case, user=self.vt_user, role="vt_monitor", assigned_by=self.vt_user)
            for r in created
            if r.case is not None and r.case.phase != Phase.CLOSED and r.monitoring_ends_on >= self.today
        ]
        CaseAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        self.assignments += assignments
        self.out(f"{len(created)} handovers")

    # -- safety plans: agreed, a share past its evaluation date ----------------------------------------
    def _plans(self):
        chosen = self.rnd.sample(self.cases, min(self.scale.plans, len(self.cases)))
        plans = [
            SafetyPlan(
                case=case,
                number=1,
                state=SafetyPlan.State.AGREED,
                made_by="Moeder\nVader",
                supervisor="Oma",
                evaluation_on=self.day_between(case.opened_on, self.today + dt.timedelta(days=60)),
                evaluation_with="ouders",
                created_by_id=case.director_id,
                agreed_at=self.at(case.opened_on),
                agreed_by_id=case.director_id,
                agreed_how="signed",
                agreed_with="moeder",
                family_goals="Rust in huis",
                strengths="Oma helpt",
                child_section="Als papa boos is, bel ik oma.",
            )
            for _, case in chosen
        ]
        plans = SafetyPlan.objects.bulk_create(plans, batch_size=BATCH)
        worries = Worry.objects.bulk_create(
            [
                Worry(
                    plan=plan,
                    who_worried="School",
                    behaviour="Vader schreeuwt",
                    consequence="Kind is bang",
                    goal="Het blijft rustig thuis",
                    goal_duration="drie maanden",
                )
                for plan in plans
            ],
            batch_size=BATCH,
        )
        Agreement.objects.bulk_create(
            [
                Agreement(worry=w, who="Vader", what="gaat wandelen als hij boos is", when="altijd")
                for w in worries
            ],
            batch_size=BATCH,
        )
        NetworkMember.objects.bulk_create(
            [
                NetworkMember(plan=p, name="Oma", relation="oma", phone="06-12345678", child_can_call=True)
                for p in plans
            ],
            batch_size=BATCH,
        )
        EmergencyStep.objects.bulk_create(
            [EmergencyStep(plan=p, signal="Ruzie", action="Naar oma", call="Oma") for p in plans],
            batch_size=BATCH,
        )
        ScaleScore.objects.bulk_create(
            [
                ScaleScore(plan=p, participant=who, score=self.rnd.randint(3, 8), position=n)
                for p in plans
                for n, who in enumerate(("Moeder", "Vader"))
            ],
            batch_size=BATCH,
        )
        self.out(f"{len(plans)} safety plans")

    # -- measures on the mandated cases: some interim orders old, some ending soon, some unplaced -------
    def _measures(self):
        mandated = [(f, c) for f, c in self.cases if c.phase == Phase.MANDATED]
        measures = []
        for number, (_, case) in enumerate(mandated):
            kind = (MeasureKind.INTERIM_SUPERVISION, MeasureKind.SUPERVISION, MeasureKind.PLACEMENT)[
                number % 3
            ]
            months = 3 if kind == MeasureKind.INTERIM_SUPERVISION else 12
            start = self.day_between(
                max(case.opened_on, self.today - dt.timedelta(days=30 * months - 5)), self.today
            )
            measures.append(
                Measure(
                    case=case,
                    kind=kind,
                    court="Rechtbank Noord-Holland",
                    decided_on=start,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=28 * months),
                    gi_organisation=self.gi_org,
                    gi_worker=self.gi_user,
                    recorded_by=self.gi_user,
                )
            )
        created = Measure.objects.bulk_create(measures, batch_size=BATCH)
        through = Measure.children.through
        through.objects.bulk_create(
            [
                through(measure_id=m.pk, person_id=child.pk)
                for (f, _), m in zip(mandated, created, strict=True)
                for child in self.children.get(f, [])
            ],
            batch_size=BATCH,
        )
        self.out(f"{len(created)} measures")

    # -- access rows, from the policy --------------------------------------------------------------------
    def _permissions(self):
        by_case: dict[int, list] = {}
        for assignment in self.assignments:
            assignment.user_id = assignment.user.pk if assignment.user_id is None else assignment.user_id
            by_case.setdefault(assignment.case.pk, []).append(assignment)
        teams = {team.pk: team for team in self.teams}
        for _, case in self.cases:
            case.team = teams[case.team_id]
        written = permission_rows_create([(case, by_case.get(case.pk, [])) for _, case in self.cases])
        self.out(f"{written} permission rows")
