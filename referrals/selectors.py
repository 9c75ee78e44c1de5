"""Reads of referrals, with who may see them."""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from cases.access import VIEW, has_case_perm
from cases.models import Family
from cases.selectors import person_duplicates
from config.workdays import working_days_between
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
    if (
        referral.state != Referral.State.DRAFT
        and user.groups.filter(pk=referral.receiving_team.group_id).exists()
    ):
        return referral
    if referral.case is not None and has_case_perm(user, VIEW, referral.case):
        return referral
    raise Http404


def acceptance_candidates(referral: Referral) -> list[dict]:
    """Per person in the referral: people probably already in Zicht, with their households."""
    rows = []
    for entry in referral.persons.all():
        people = person_duplicates(
            bsn=entry.bsn or None,
            given_name=entry.given_name,
            surname=entry.surname,
            birth_date=entry.birth_date,
        )
        rows.append({"entry": entry, "people": people})
    return rows


def candidate_families(candidates: list[dict]) -> QuerySet[Family]:
    people = [person.pk for row in candidates for person in row["people"]]
    return Family.objects.filter(memberships__person__in=people).distinct().prefetch_related("cases")


def is_veilig_thuis_of(user: User, referral: Referral) -> bool:
    return (
        user.organisation_id is not None
        and referral.organisation_id == user.organisation_id
        and user.organisation.kind == "veilig_thuis"
    )
