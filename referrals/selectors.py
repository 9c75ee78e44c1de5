"""Reads of referrals, with who may see them."""

import datetime as dt

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from cases.access import VIEW, cases_visible_to, families_visible_to, has_case_perm, persons_visible_to
from cases.models import Family, Relation
from cases.selectors import person_duplicates
from core.dates import working_days_between
from referrals.models import MonitoringMoment, Referral, ReferralEvent, ReferralPerson, Urgency

# How long a team sees the handovers it forwarded (their trace only) under its inbox.
FORWARDED_SHOWN_DAYS = 30


def _forwards() -> Prefetch:
    """A referral's forwards (``referral.forwards``), each with the team it left and the one it went to."""
    return Prefetch(
        "events",
        queryset=ReferralEvent.objects.filter(kind=ReferralEvent.Kind.FORWARDED).select_related(
            "from_team", "team"
        ),
        to_attr="forwards",
    )


def _case_visible(user: User, case_field: str = "case_id") -> Exists:
    """Whether the user may see the outer query's case (``case_field``): a link to it never ends in a 404."""
    return Exists(cases_visible_to(user).filter(pk=OuterRef(case_field)))


def referrals_of_organisation(user: User) -> QuerySet[Referral]:
    """Veilig Thuis: every referral of the user's own organisation, newest first, with its forwards and
    whether the user may (still) see its case."""
    if user.organisation_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(organisation_id=user.organisation_id)
        .select_related("receiving_team", "case", "accepted_by")
        .annotate(case_visible=_case_visible(user))
        .prefetch_related(_forwards())
        .order_by("-created_at")
    )


def urgency_rank() -> Case:
    """Most urgent first: acute, high, normal."""
    return Case(
        When(urgency=Urgency.ACUTE, then=Value(0)),
        When(urgency=Urgency.HIGH, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def team_inbox(user: User) -> list[Referral]:
    """The handovers waiting for the user's teams, most urgent first and then the oldest, with their age in
    working days and where they were forwarded from."""
    referrals = list(
        Referral.objects.filter(state=Referral.State.SENT, receiving_team__group__user=user)
        .select_related("receiving_team", "organisation", "case")
        .prefetch_related("persons", _forwards())
        .order_by(urgency_rank(), "sent_at", "pk")
    )
    today = timezone.localdate()
    norm = settings.REFERRAL_ACCEPTANCE_WORKING_DAYS
    for referral in referrals:
        referral.age = working_days_between(timezone.localdate(referral.sent_at), today)
        referral.overdue = referral.age > norm
    return referrals


def forwarded_by_teams_of(user: User) -> QuerySet[ReferralEvent]:
    """What the user's teams forwarded lately, newest first: the trace (when, to whom, why, by whom), not
    the family, which the team may no longer see."""
    since = timezone.now() - dt.timedelta(days=FORWARDED_SHOWN_DAYS)
    return (
        ReferralEvent.objects.filter(
            kind=ReferralEvent.Kind.FORWARDED, from_team__group__user=user, at__gte=since
        )
        .select_related("referral", "from_team", "team", "by")
        .order_by("-at", "-pk")
    )


def monitoring_due(user: User) -> QuerySet[MonitoringMoment]:
    """Veilig Thuis: the open monitoring moments of its organisation's accepted handovers.

    By date, earliest first: the overdue ones (their date has passed) come first. Each with its handover,
    case and family, the handover's children, and whether the user may see the case (``case_visible``).
    """
    if user.organisation_id is None:
        return MonitoringMoment.objects.none()
    return (
        MonitoringMoment.objects.filter(
            referral__organisation_id=user.organisation_id,
            referral__state=Referral.State.ACCEPTED,
            result="",
        )
        .select_related("referral__case__family")
        .prefetch_related(
            Prefetch(
                "referral__persons",
                queryset=ReferralPerson.objects.filter(relation=Relation.CHILD),
                to_attr="children",
            )
        )
        .annotate(case_visible=_case_visible(user, "referral__case_id"))
        .order_by("due_on", "pk")
    )


def monitoring_ends_on() -> Subquery:
    """The end of Veilig Thuis's monitoring of the outer case: the latest of its accepted handovers'."""
    return Subquery(
        Referral.objects.filter(
            case=OuterRef("pk"), state=Referral.State.ACCEPTED, monitoring_ends_on__isnull=False
        )
        .order_by("-monitoring_ends_on")
        .values("monitoring_ends_on")[:1]
    )


def case_monitoring_ends_on(case) -> dt.date | None:
    """monitoring_ends_on() of the case: from its own query when get_case_for() read it there."""
    if hasattr(case, "vt_monitoring_ends_on"):
        return case.vt_monitoring_ends_on
    cases = type(case).objects.filter(pk=case.pk)
    return cases.annotate(ends_on=monitoring_ends_on()).values_list("ends_on", flat=True).first()


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
