"""Demo handovers in every state, for seed_demo. Deterministic; made through the services."""

import datetime as dt
import uuid

from django.utils import timezone
from faker import Faker

from accounts.models import Municipality, Team, User
from cases.models import Relation
from core.dates import months_before
from referrals import services
from referrals.models import MonitoringMoment, Referral

CONDITIONS = [
    "Vader gebruikt geen fysiek geweld meer, ook niet bij ruzie.",
    "Moeder belt de politie (112) als vader dreigt.",
    "De kinderen zijn niet aanwezig bij ruzies tussen de ouders.",
    "De ouders werken mee aan hulp van het jeugdteam.",
]


def _person(fake: Faker, surname: str, relation: str, *, ages: tuple[int, int]) -> dict:
    return {
        "given_name": fake.first_name(),
        "surname_prefix": "",
        "surname": surname,
        "birth_date": fake.date_of_birth(minimum_age=ages[0], maximum_age=ages[1]),
        "bsn": "",
        "relation": relation,
    }


def seed(
    *,
    vt_worker: User,
    team: Team,
    other_team: Team,
    acceptor: User,
    director: User,
    municipality: Municipality,
) -> int:
    """Handovers from Veilig Thuis to the team, once: returns how many were made (0 when they exist)."""
    if Referral.objects.filter(organisation=vt_worker.organisation).exists():
        return 0
    fake = Faker("nl_NL")
    fake.seed_instance(4)
    made = []

    def draft(reference: str, urgency: str = "normal") -> Referral:
        surname = fake.last_name()
        referral = services.referral_save_draft(
            by=vt_worker,
            form_token=uuid.uuid4(),
            fields={
                "reference": reference,
                "urgency": urgency,
                "outcome_code": "VT-01-02",
                "what_happened": "Melding van de politie na ruzie thuis; de kinderen waren erbij.",
                "since": "sinds de zomer",
                "reporter": "Wijkagent, bureau Zaandam",
                "street": fake.street_name(),
                "house_number": str(fake.building_number()),
                "postcode": fake.postcode(),
                "city": "Zaandam",
                "municipality": municipality,
                "receiving_team": team,
            },
            persons=[
                _person(fake, surname, Relation.CHILD, ages=(3, 14)),
                _person(fake, surname, Relation.PARENT, ages=(28, 45)),
            ],
            conditions=CONDITIONS[:3],
            monitoring_months=list(services.DEFAULT_MONITORING_MONTHS),
        )
        made.append(referral)
        return referral

    draft("VT-2026-0101")
    services.referral_send(referral=draft("VT-2026-0102", urgency="high"), by=vt_worker)
    overdue = services.referral_send(referral=draft("VT-2026-0103"), by=vt_worker)
    Referral.objects.filter(pk=overdue.pk).update(sent_at=timezone.now() - dt.timedelta(days=12))
    returned = services.referral_send(referral=draft("VT-2026-0104"), by=vt_worker)
    services.referral_return(
        referral=returned,
        by=acceptor,
        reason="Klopt het adres? Het gezin is bij ons niet bekend op dit adres.",
        expected_version=returned.version,
    )
    withdrawn = services.referral_send(referral=draft("VT-2026-0105"), by=vt_worker)
    services.referral_withdraw(referral=withdrawn, by=vt_worker, reason="Dubbel verstuurd; zie VT-2026-0102.")
    forwarded = services.referral_send(referral=draft("VT-2026-0106"), by=vt_worker)
    services.referral_forward(
        referral=forwarded,
        by=acceptor,
        team=other_team,
        reason="Het gezin woont in Zaandam-West.",
        expected_version=forwarded.version,
    )
    # Accepted a while ago, so Veilig Thuis's monitoring list has a moment overdue (0107, its 3 months
    # passed a week ago) and one recorded at its date (0108), and both have their 6 months to come.
    for reference, days_ago, result in (
        ("VT-2026-0107", 100, None),
        ("VT-2026-0108", 93, MonitoringMoment.Result.NOT_MET),
    ):
        accepted = services.referral_send(referral=draft(reference), by=vt_worker)
        services.referral_accept(
            referral=accepted, by=acceptor, director=director, family=None, expected_version=accepted.version
        )
        _accepted_days_ago(accepted, days_ago)
        if result:
            moment = accepted.monitoring_moments.first()
            services.monitoring_record(
                moment=moment,
                by=vt_worker,
                result=result,
                note="Opnieuw politie-inzet na ruzie; kinderen waren thuis.",
            )
    return len(made)


def _accepted_days_ago(referral: Referral, days: int) -> None:
    """Date an accepted handover back: its sending and acceptance, its monitoring moments and the end of
    monitoring."""
    accepted_on = timezone.localdate() - dt.timedelta(days=days)
    moments = list(referral.monitoring_moments.all())
    for moment in moments:
        moment.due_on = months_before(accepted_on, -moment.months_after_acceptance)
    MonitoringMoment.objects.bulk_update(moments, ["due_on"])
    accepted_at = timezone.now() - dt.timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=accepted_at - dt.timedelta(days=2),
        accepted_at=accepted_at,
        monitoring_ends_on=max(moment.due_on for moment in moments) + services.MONITORING_GRACE,
    )
