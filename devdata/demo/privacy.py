"""Demo data for the privacy officer: old closed files past their retention term (one kept for a running
complaint), and requests of families — a copy, a correction due soon, an objection answered too late.

Deterministic; through the services, then dates moved into the past where a real history has them.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.models import Municipality, Team, User
from cases import services as case_services
from cases.models import Case, ClosingReason, ContactKind, Phase, PhaseChange, Relation
from privacy import services
from privacy.models import RightsRequest

# Households whose help ended long ago: (surname, closed how many years ago, kept for a complaint).
OLD_FILES = [("Verhoef", 22, False), ("Koster", 21, False), ("Brouwer", 23, True)]


def seed(*, team: Team, director: User, officer: User, municipality: Municipality) -> int:
    """Make the old files and the requests once; returns how many requests were made (0 when they exist)."""
    if RightsRequest.objects.exists():
        return 0
    today = timezone.localdate()
    kept = [
        _old_file(team, director, municipality, surname, years, today) for surname, years, hold in OLD_FILES
    ]
    services.retention_sweep(today=today)
    for case, (_, _, hold) in zip(kept, OLD_FILES, strict=True):
        if hold:
            services.hold_place(
                by=officer,
                case=case,
                reason="procedure",
                note="De moeder heeft een klacht ingediend bij de klachtencommissie; die loopt nog.",
            )
    return _requests(team, officer, today)


def _old_file(team, director, municipality, surname, years, today) -> Case:
    closed_on = dt.date(today.year - years, 6, 15)
    opened_on = closed_on - dt.timedelta(days=400)
    case = case_services.case_start(
        by=director,
        team=team,
        director=director,
        reason="Zorgen van school over het thuisfront.",
        opened_on=opened_on,  # numbered in the year it opened
        household_name=f"Gezin {surname}",
        address={
            "street": "Oude Haven",
            "house_number": str(years),
            "postcode": "1506AA",
            "city": "Zaandam",
            "municipality": municipality,
            "living_since": opened_on - dt.timedelta(days=2000),
        },
        person={
            "given_name": "Sem",
            "surname_prefix": "",
            "surname": surname,
            "birth_date": opened_on - dt.timedelta(days=365 * 8),
            "gender": "male",
            "bsn": None,
        },
        relation=Relation.CHILD,
        parental_authority=False,
    )
    case_services.person_add_to_family(
        case=case,
        by=director,
        relation=Relation.PARENT,
        parental_authority=True,
        person={
            "given_name": "Monique",
            "surname_prefix": "",
            "surname": surname,
            "birth_date": opened_on - dt.timedelta(days=365 * 35),
            "gender": "female",
            "bsn": None,
        },
        confirmed_new=True,
    )
    case_services.contact_log(
        case=case,
        by=director,
        kind=ContactKind.HOME_VISIT,
        occurred_at=timezone.now(),
        note="Huisbezoek: moeder en Sem thuis, rustige sfeer.",
        children_seen=list(case.children.all()),
    )
    for step in (Phase.VOLUNTARY, Phase.CLOSED):
        case_services.case_transition(
            case=case,
            to=step,
            by=director,
            reason="Besproken in het teamoverleg.",
            closing_reason=ClosingReason.SAFE_ENOUGH if step == Phase.CLOSED else "",
            expected_version=case.version,
        )
    moment = timezone.make_aware(dt.datetime.combine(opened_on, dt.time(10, 0)))
    PhaseChange.objects.filter(case=case).update(changed_at=moment)
    PhaseChange.objects.filter(case=case, to_phase=Phase.CLOSED).update(
        changed_at=timezone.make_aware(dt.datetime.combine(closed_on, dt.time(10, 0)))
    )
    case.contacts.update(occurred_at=moment + dt.timedelta(days=30))
    Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    case.refresh_from_db()
    return case


def _requests(team: Team, officer: User, today: dt.date) -> int:
    """Three requests about the team's open demo families: a copy, a correction, a late objection."""
    cases = list(
        Case.objects.filter(team=team)
        .exclude(Q(phase=Phase.CLOSED) | Q(family__name__startswith="Gezin Verhoef"))
        .order_by("pk")[:3]
    )
    made = 0
    for case, (kind, days_ago, details) in zip(
        cases,
        [
            ("inzage", 6, "Moeder wil weten wat er over het gezin is opgeschreven en wie het heeft gelezen."),
            ("correction", 20, "Vader schrijft dat hij bij het huisbezoek van maart niet boos was."),
            ("objection", 40, "Moeder maakt bezwaar tegen het delen van gegevens met de school."),
        ],
        strict=False,
    ):
        parent = case.family.memberships.filter(relation=Relation.PARENT).select_related("person").first()
        if parent is None:
            continue
        services.rights_request_record(
            by=officer,
            kind=kind,
            person=parent.person,
            case=None if kind == "inzage" else case,
            requester="self",
            requester_name=parent.person.full_name,
            details=details,
            received_on=today - dt.timedelta(days=days_ago),
        )
        made += 1
    return made
