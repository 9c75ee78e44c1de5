"""Build realistic Zicht data through the services, so tests start from states the app can reach."""

import datetime as dt
import itertools

from django.utils import timezone
from faker import Faker

from accounts.models import Municipality, Organisation, Team, User
from accounts.roles import Role
from accounts.services import team_save, user_set_roles_and_teams
from cases import services
from cases.models import Case, Person, Phase, PhaseChange, Relation
from core.dates import months_before
from measures import services as measure_services

fake = Faker("nl_NL")
_counter = itertools.count(1)


def municipality(name: str = "Zaanstad", code: str = "GM0479") -> Municipality:
    return Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]


def _last_name() -> str:
    """A Dutch surname without an apostrophe ("van 't Wel"): pages escape it, and tests compare plain
    text with the HTML, where a present name would look absent and an absent one could not be caught."""
    return fake.last_name().replace("'", "")


def _first_name() -> str:
    return fake.first_name().replace("'", "")


def organisation(name: str = "Jeugdteam Zaanstad", kind: str = Organisation.Kind.LOCAL_TEAM) -> Organisation:
    return Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def team(name: str | None = None, *, municipalities: tuple[str, ...] = ("Zaanstad",)) -> Team:
    created = team_save(team=Team(organisation=organisation(), name=name or f"Team {next(_counter)}"))
    created.municipalities.set(
        municipality() if served == "Zaanstad" else municipality(served, f"GM{900 + index}")
        for index, served in enumerate(municipalities)
    )
    return created


def user(
    username: str | None = None,
    *,
    role: Role = Role.YOUTH_WORKER,
    teams: tuple[Team, ...] = (),
    organisation: Organisation | None = None,
) -> User:
    username = username or f"user{next(_counter)}"
    created = User.objects.create_user(
        username,
        password="demo",
        first_name=_first_name(),
        last_name=_last_name(),
        email=f"{username}@zicht.example",
        organisation=organisation or (teams[0].organisation if teams else None),
    )
    user_set_roles_and_teams(user=created, roles=[role], teams=teams)
    return created


def person_data(**overrides) -> dict:
    data = {
        "given_name": _first_name(),
        "surname_prefix": "",
        "surname": _last_name(),
        "birth_date": fake.date_of_birth(minimum_age=1, maximum_age=16),
        "gender": "",
        "bsn": None,
    }
    data.update(overrides)
    return data


def address_data(**overrides) -> dict:
    data = {
        "street": fake.street_name(),
        "house_number": "12",
        "postcode": "1501AB",
        "city": "Zaandam",
        "municipality": municipality(),
        "living_since": dt.date(2020, 1, 1),
    }
    data.update(overrides)
    return data


def case(
    *,
    team: Team,
    director: User,
    children: int = 2,
    opened_on: dt.date | None = None,
    first_child: dict | None = None,
) -> Case:
    """An INTAKE case for a new family with the given number of children and one parent."""
    created = services.case_start(
        by=director,
        team=team,
        director=director,
        reason="Melding van school",
        opened_on=opened_on or timezone.localdate() - dt.timedelta(days=30),
        household_name=f"Gezin {_last_name()} {next(_counter)}",
        address=address_data(),
        person=first_child or person_data(),
        relation=Relation.CHILD,
        parental_authority=False,
        confirmed_new=True,
    )
    for _ in range(children - 1):
        services.person_add_to_family(
            case=created, by=director, relation=Relation.CHILD, parental_authority=False,
            person=person_data(), confirmed_new=True,
        )  # fmt: skip
    services.person_add_to_family(
        case=created, by=director, relation=Relation.PARENT, parental_authority=True,
        person=person_data(birth_date=dt.date(1985, 5, 5)), confirmed_new=True,
    )  # fmt: skip
    # The case was opened on its opening day, not at the moment the test ran.
    opened_at = timezone.make_aware(dt.datetime.combine(created.opened_on, dt.time(9, 0)))
    PhaseChange.objects.filter(case=created).update(changed_at=opened_at)
    created.refresh_from_db()
    return created


def children_of(case: Case) -> list[Person]:
    return list(case.children.order_by("birth_date"))


def measure(*, case: Case, by: User, gi_worker: User, kind: str = "supervision"):
    """A court measure of a year on all children of the case: the case moves to MANDATED."""
    today = timezone.localdate()
    return measure_services.measure_record(
        case=case, by=by, kind=kind, children=children_of(case), court="Rechtbank Noord-Holland",
        decided_on=today, starts_on=today, ends_on=months_before(today, -12), gi_worker=gi_worker,
        expected_version=case.version,
    )  # fmt: skip


def walk(case: Case, by: User, *phases: str, investigator: User | None = None, gi_worker: User | None = None):
    """Move a case through phases the way a real one goes: by hand where a person may, the Raad's
    investigation by a direct request recorded with its reason, "court" (or "mandated") by a measure."""
    for phase in phases:
        case.refresh_from_db()
        if phase == "investigation":
            services.case_board_request_record(
                case=case, by=by, requested_on=timezone.localdate(), reason="Verzoek tot onderzoek door Veilig Thuis",
                investigator=investigator or user(role=Role.BOARD_INVESTIGATOR, organisation=organisation("Raad", "child_protection_board")),
                expected_version=case.version,
            )  # fmt: skip
        elif phase in ("court", "mandated"):
            gi = gi_worker or user(
                role=Role.GI_WORKER, organisation=organisation("GI", "certified_institution")
            )
            measure(case=case, by=by, gi_worker=gi)
        else:
            services.case_transition(
                case=case, to=phase, by=by, reason="Stap", expected_version=case.version,
                closing_reason="safe_enough" if phase == "closed" else "",
            )  # fmt: skip
    case.refresh_from_db()
    return case


def closed(case, by, *, on: dt.date):
    """Close the case through the workflow, then set the day it closed (no service closes in the past)."""
    services.case_transition(
        case=case, to=Phase.CLOSED, by=by, reason="Veilig genoeg", expected_version=case.version,
        closing_reason="safe_enough",
    )  # fmt: skip
    type(case).objects.filter(pk=case.pk).update(opened_on=on - dt.timedelta(days=300), closed_on=on)
    case.refresh_from_db()
    return case


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    """That local day at that full hour."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def days_ago(days: int) -> dt.datetime:
    """A moment that many local days before today: noon then (or now, for today). Whatever the time of day the
    test runs, also across a change to or from summer time, which `now() - timedelta(days=…)` is not."""
    return min(at(timezone.localdate() - dt.timedelta(days=days)), timezone.now())
