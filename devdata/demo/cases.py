"""Demo families and cases for seed_demo: about 30 households, every phase, busy and quiet cases.

Deterministic (fixed seeds). Everything goes through the services, then dates are moved into the
past where a real history would have them.
"""

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone
from faker import Faker

from accounts.models import Municipality, Team, User
from cases import services
from cases.models import (
    Case,
    CaseRole,
    ClosingReason,
    Contact,
    ContactKind,
    Phase,
    PhaseChange,
    Relation,
)
from core.dates import months_before
from measures import services as measure_services
from measures.models import Measure, MeasureKind

FAMILY_COUNT = 30
# Phase per demo case, in order; the rest are VOLUNTARY.
PHASES = (
    [Phase.INTAKE] * 3
    + [Phase.PRESSURE] * 4
    + [Phase.INVESTIGATION] * 3
    + [Phase.MANDATED] * 2
    + [Phase.CLOSED] * 3
)
# The route each phase is reached by, from INTAKE.
ROUTES = {
    Phase.INTAKE: [],
    Phase.VOLUNTARY: [Phase.VOLUNTARY],
    Phase.PRESSURE: [Phase.VOLUNTARY, Phase.PRESSURE],
    Phase.INVESTIGATION: [Phase.VOLUNTARY, Phase.PRESSURE, Phase.INVESTIGATION],
    # The last step, into MANDATED, is the court's: see _court_orders.
    Phase.MANDATED: [Phase.VOLUNTARY, Phase.PRESSURE, Phase.INVESTIGATION],
    Phase.CLOSED: [Phase.VOLUNTARY, Phase.CLOSED],
}
NOTES = [
    "Moeder vertelt dat het rustiger is thuis. Afspraken uit het plan worden nagekomen.",
    "Vader was aanwezig, gespannen. Gesproken over de ruzies van vorige week.",
    "Kinderen speelden in de woonkamer; de sfeer was ontspannen.",
    "Oma haalt de kinderen twee keer per week uit school. Netwerk is betrokken.",
    "School meldt dat de oudste vaker te laat komt en moe is.",
    "Gesprek over de schaalvraag: ouders geven zelf een 6, ik een 4.",
    "Huis was opgeruimd. Moeder heeft hulp gezocht bij schuldhulpverlening.",
    "Afspraak afgezegd door vader wegens werk; nieuwe afspraak gemaakt.",
]


def seed(*, team: Team, workers: list[User], municipality: Municipality, outside: dict[str, User]) -> int:
    """Create the demo cases for a team once; returns how many were made (0 when they exist).

    outside: the demo users for the case roles from outside the team (vt_monitor, gi_worker,
    board_investigator), named on the cases where their organisation is involved.
    """
    if Case.objects.filter(team=team).exists():
        return 0
    fake = Faker("nl_NL")
    fake.seed_instance(2026)
    rnd = random.Random(2026)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    phases = PHASES + [Phase.VOLUNTARY] * (FAMILY_COUNT - len(PHASES))
    for index, phase in enumerate(phases):
        director = workers[index % len(workers)]
        surname = fake.last_name()
        prefix, _, bare = (
            surname.rpartition(" ") if surname.startswith(("van ", "de ", "van der ")) else ("", "", surname)
        )
        opened_on = today - dt.timedelta(days=rnd.randint(40, 330))
        first_child_birth = fake.date_of_birth(minimum_age=2, maximum_age=15)
        case = services.case_start(
            by=director,
            team=team,
            director=director,
            reason="Overdracht van Veilig Thuis na een melding van school."
            if index % 2
            else "Zorgen van de huisarts.",
            opened_on=opened_on,
            household_name=f"Gezin {surname}",
            address={
                "street": fake.street_name(),
                "house_number": str(fake.building_number()),
                "postcode": fake.postcode(),
                "city": "Zaandam",
                "municipality": municipality,
                "living_since": opened_on - dt.timedelta(days=rnd.randint(200, 3000)),
            },
            person={
                "given_name": fake.first_name(),
                "surname_prefix": prefix,
                "surname": bare,
                "birth_date": first_child_birth,
                "gender": rnd.choice(["female", "male"]),
                "bsn": None,
            },
            relation=Relation.CHILD,
            parental_authority=False,
        )
        _add_household(case, director, fake, rnd, prefix, bare)
        _add_contacts(case, director, rnd, opened_on, quiet=index % 5 == 4, unseen_child=index % 7 == 3)
        _walk(case, director, phase, opened_on, outside, monitored=index % 3 == 0)
    return len(phases)


def _add_household(case: Case, by: User, fake: Faker, rnd: random.Random, prefix: str, surname: str) -> None:
    for relation, age_range, authority in [
        (Relation.PARENT, (28, 45), True),
        (Relation.PARENT, (28, 50), True),
        (Relation.CHILD, (0, 17), False),
    ]:
        if relation == Relation.PARENT and rnd.random() < 0.3 and case.family.memberships.count() > 1:
            continue  # a one-parent household
        if relation == Relation.CHILD and rnd.random() < 0.4:
            continue
        services.person_add_to_family(
            case=case,
            by=by,
            relation=relation,
            parental_authority=authority,
            person={
                "given_name": fake.first_name(),
                "surname_prefix": prefix,
                "surname": surname,
                "birth_date": fake.date_of_birth(minimum_age=age_range[0], maximum_age=age_range[1]),
                "gender": rnd.choice(["female", "male"]),
                "bsn": None,
            },
            confirmed_new=True,
        )


def _add_contacts(
    case: Case, by: User, rnd: random.Random, opened_on: dt.date, *, quiet: bool, unseen_child: bool
):
    children = list(case.children.order_by("birth_date"))
    now = timezone.now()
    start = max(opened_on, (now - dt.timedelta(days=182)).date())
    end_gap = rnd.randint(30, 60) if quiet else rnd.randint(0, 10)
    days = (now.date() - start).days - end_gap
    moments = sorted(rnd.sample(range(max(days, 1)), k=min(max(days, 1), rnd.randint(3, 12))))
    for offset in moments:
        occurred_at = timezone.make_aware(
            dt.datetime.combine(
                start + dt.timedelta(days=offset), dt.time(rnd.randint(9, 17), rnd.choice([0, 30]))
            )
        )
        kind = rnd.choices(
            [
                ContactKind.HOME_VISIT,
                ContactKind.PHONE,
                ContactKind.OFFICE,
                ContactKind.SCHOOL,
                ContactKind.NO_SHOW,
            ],
            weights=[6, 3, 2, 1, 1],
        )[0]
        seen = [] if kind in (ContactKind.PHONE, ContactKind.NO_SHOW) else children
        if unseen_child and seen:
            seen = seen[:-1]  # the youngest is never there when the worker visits
        services.contact_log(
            case=case,
            by=by,
            occurred_at=occurred_at,
            kind=kind,
            present="Moeder, vader" if kind == ContactKind.HOME_VISIT else "",
            children_seen=seen,
            safety_scale=rnd.randint(3, 8) if kind == ContactKind.HOME_VISIT else None,
            note=rnd.choice(NOTES) if kind != ContactKind.NO_SHOW else "",
        )
    # Written on the day itself, so long past correcting.
    Contact.objects.filter(case=case).update(created_at=F("occurred_at"), updated_at=F("occurred_at"))


def _walk(
    case: Case, by: User, phase: Phase, opened_on: dt.date, outside: dict[str, User], *, monitored: bool
) -> None:
    """Move the case along its route, naming outside workers on the way; then spread the history."""
    if monitored:
        services.case_involve(
            case=case,
            by=by,
            role=CaseRole.VT_MONITOR,
            user=outside["vt_monitor"],
            expected_version=case.version,
        )
    for step in ROUTES[phase]:
        if step == Phase.INVESTIGATION:  # in the demo, Veilig Thuis asked the Raad directly
            services.case_board_request_record(
                case=case,
                by=by,
                investigator=outside[CaseRole.BOARD_INVESTIGATOR],
                requested_on=timezone.localdate(),
                reason="Verzoek tot onderzoek door Veilig Thuis na acute onveiligheid.",
                expected_version=case.version,
            )
            continue
        services.case_transition(
            case=case,
            to=step,
            by=by,
            reason="Besproken in het teamoverleg.",
            closing_reason=ClosingReason.SAFE_ENOUGH if step == Phase.CLOSED else "",
            expected_version=case.version,
        )
    if phase == Phase.MANDATED:
        _court_orders(case, by, outside[CaseRole.GI_WORKER], opened_on)
    changes = list(PhaseChange.objects.filter(case=case).order_by("pk"))
    span = (timezone.localdate() - opened_on).days
    for number, change in enumerate(changes):
        day = opened_on + dt.timedelta(days=span * number // max(len(changes), 1))
        change.changed_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    PhaseChange.objects.bulk_update(changes, ["changed_at"])
    if phase == Phase.CLOSED:
        Case.objects.filter(pk=case.pk).update(closed_on=changes[-1].changed_at.date())


def _court_orders(case: Case, by: User, gi_worker: User, opened_on: dt.date) -> None:
    """The first demo case gets an OTS with a placement; the next an interim OTS that ends soon."""
    children = list(case.children.order_by("birth_date"))
    today = timezone.localdate()
    court = "Rechtbank Noord-Holland"
    if not Measure.objects.filter(kind=MeasureKind.SUPERVISION).exists():
        start = max(opened_on, today - dt.timedelta(days=120))
        year_later = months_before(start, -12)
        common = {"court": court, "decided_on": start, "starts_on": start, "ends_on": year_later}
        measure_services.measure_record(
            case=case, by=by, kind=MeasureKind.SUPERVISION, children=children, gi_worker=gi_worker,
            expected_version=case.version, **common,
        )  # fmt: skip
        authorisation = measure_services.measure_record(
            case=case, by=gi_worker, kind=MeasureKind.PLACEMENT, children=children[:1], gi_worker=gi_worker,
            expected_version=case.version, **common,
        )  # fmt: skip
        measure_services.placement_record(
            measure=authorisation, by=gi_worker, child=children[0], where="Pleeggezin in Purmerend",
            since=start + dt.timedelta(days=14), until=None,
        )  # fmt: skip
    else:
        start = today - dt.timedelta(days=75)
        measure_services.measure_record(
            case=case, by=by, kind=MeasureKind.INTERIM_SUPERVISION, children=children, court=court,
            decided_on=start, starts_on=start, ends_on=months_before(start, -3), gi_worker=gi_worker,
            expected_version=case.version,
        )  # fmt: skip
