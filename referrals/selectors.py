"""Reads of referrals, with who may see them."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from cases.access import VIEW, families_visible_to, has_case_perm, persons_visible_to
from cases.models import Family
from cases.selectors import person_duplicates
from core.dates import working_days_between
from referrals.models import Referral


def referrals_of_organisation(user: User) -> QuerySet[Referral]:
    """Veilig Thuis: every referral of the user's own organisation, newest first."""
    if user.organisation_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(organisation_id=user.organisation_id)
        .select_related("receiving_team", "case", "accepted_by")
        .order_by("-created_at")
    )


def team_inbox(user: User) -> list[Referral]:
    """The handovers waiting for the user's teams, oldest first, with their age in working days."""
    referrals = list(
        Referral.objects.filter(state=Referral.State.SENT, receiving_team__group__user=user)
        .select_related("receiving_team", "organisation", "case")
        .prefetch_related("persons")
        .order_by("sent_at")
    )
    today = timezone.localdate()
    norm = settings.REFERRAL_ACCEPTANCE_WORKING_DAYS
    for referral in referrals:
        referral.age = working_days_between(timezone.localdate(referral.sent_at), today)
        referral.overdue = referral.age > norm
    return referrals


def referral_for(user: User, pk: int) -> Referral:
    """The referral, or 404: for its Veilig Thuis, its receiving team, and whoever may see its case."""
    referral = (
        Referral.objects.select_related(
            "receiving_team", "organisation", "case__team", "created_by", "accepted_by"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None or not user.is_authenticated:
        raise Http404
    if is_veilig_thuis_of(user, referral):
        return referral
    if referral.state != Referral.State.DRAFT and referral.receiving_team.has_member(user):
        return referral
    if referral.case is not None and has_case_perm(user, VIEW, referral.case):
        return referral
    raise Http404


def acceptance_candidates(referral: Referral, user: User) -> list[dict]:
    """Per person in the referral: people probably already in Zicht, with their households.

    Only people the accepting user may see, or reached by the exact BSN Veilig Thuis gave: a look-alike by
    name and date of birth in another team's file is not shown, as that would tell who is in it.
    """
    rows = []
    for entry in referral.persons.all():
        people = person_duplicates(
            bsn=entry.bsn or None,
            given_name=entry.given_name,
            surname=entry.surname,
            birth_date=entry.birth_date,
        )
        visible = set(
            persons_visible_to(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
        )
        people = [p for p in people if p.pk in visible or (entry.bsn and p.bsn == entry.bsn)]
        rows.append({"entry": entry, "people": people})
    return rows


def candidate_families(candidates: list[dict], user: User) -> QuerySet[Family]:
    """Households to link the handover to: visible ones, and those of people matched by exact BSN."""
    by_bsn = [
        p.pk for row in candidates for p in row["people"] if row["entry"].bsn and p.bsn == row["entry"].bsn
    ]
    others = [p.pk for row in candidates for p in row["people"] if p.pk not in by_bsn]
    match = Q(memberships__person__in=by_bsn) | (
        Q(memberships__person__in=others) & Q(pk__in=families_visible_to(user).values("pk"))
    )
    return Family.objects.filter(match).distinct().prefetch_related("cases")


def is_veilig_thuis_of(user: User, referral: Referral) -> bool:
    return (
        user.organisation_id is not None
        and referral.organisation_id == user.organisation_id
        and user.organisation.kind == "veilig_thuis"
    )


def monitoring_over(today: dt.date, case_field: str = "case_id") -> Q:
    """Veilig Thuis monitoring of the outer query's case (``case_field``) is over: a handover accepted on
    it has a monitoring end date, and none has one today or later. A monitor named without a handover
    has no end date, and keeps access until the director removes them."""
    accepted = Referral.objects.filter(case=OuterRef(case_field), state=Referral.State.ACCEPTED)
    return Exists(accepted.filter(monitoring_ends_on__lt=today)) & ~Exists(
        accepted.filter(monitoring_ends_on__gte=today)
    )
