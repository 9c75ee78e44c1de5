"""The privacy officer's reads: open requests by deadline, the destruction list and what a destruction
removes, holds, destruction records, and finding the person a request is about (by BSN or by case number).

Only privacy officers reach these pages (the views check the role); every page that shows case data logs
the read itself (privacy/views.py).
"""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Address, Case, CaseChild, Contact, ContactRevision, Membership, Person
from measures.models import Measure, Placement
from privacy.erasure import household_erased, persons_to_anonymise
from privacy.models import DestructionRecord, DestructionReview, RetentionHold, RightsRequest
from privacy.services import person_cases, retention_ends_on
from referrals.models import Referral
from reportingcode.models import ReportingCodeStep
from safetyplans.models import SafetyPlan
from tables.models import Submission

# Requests ---------------------------------------------------------------------------------------------


def open_requests() -> QuerySet[RightsRequest]:
    """Requests not yet answered, the nearest deadline (the extended one where there is one) first."""
    return (
        RightsRequest.objects.filter(decided_on__isnull=True)
        .annotate(deadline_on=Coalesce("extended_to", "due_on"))
        .select_related("person", "case")
        .order_by("deadline_on", "received_on", "pk")
    )


def request_for_officer(pk: int) -> RightsRequest:
    return RightsRequest.objects.select_related("person", "case", "recorded_by", "decided_by").get(pk=pk)


def case_numbers_of_persons(person_ids) -> list[str]:
    """The numbers of every file the persons are in (household member or child of the case), one query:
    for the access event of a page that shows their names."""
    return sorted(
        set(
            Case.objects.filter(
                Q(family__memberships__person__in=person_ids) | Q(case_children__child__in=person_ids)
            ).values_list("number", flat=True)
        )
    )


def persons_with_bsn(bsn: str) -> QuerySet[Person]:
    return Person.objects.filter(bsn=bsn).order_by("pk")


def case_by_number(number: str) -> Case | None:
    return Case.objects.filter(number__iexact=number.strip()).select_related("family").first()


def persons_of_case(case: Case) -> QuerySet[Person]:
    """The household members and the children the case is about: the people a request can be about."""
    return (
        Person.objects.filter(
            Q(pk__in=Membership.objects.filter(family_id=case.family_id).values("person"))
            | Q(pk__in=CaseChild.objects.filter(case=case).values("child"))
        )
        .distinct()
        .order_by("birth_date", "pk")
    )


def living_cases_of(persons) -> QuerySet[Case]:
    """The files the persons are in (privacy.services.person_cases) that still exist, oldest first."""
    in_any = Q(pk__in=[])
    for person in persons:
        in_any |= Q(pk__in=person_cases(person).values("pk"))
    return (
        Case.objects.filter(in_any, destruction__isnull=True)
        .select_related("team")
        .order_by("opened_on", "pk")
    )


# Retention and destruction ---------------------------------------------------------------------------


def destruction_waiting() -> QuerySet[DestructionReview]:
    """Files on the destruction list, the longest past their term first."""
    return (
        DestructionReview.objects.filter(status__in=DestructionReview.OPEN)
        .select_related("case", "case__team", "first_by")
        .order_by("due_on", "pk")
    )


def destruction_waiting_counts() -> dict[str, int]:
    """How many files wait for a first and for a second confirmation."""
    counts = dict(
        DestructionReview.objects.filter(status__in=DestructionReview.OPEN)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "pending": counts.get(DestructionReview.Status.PENDING, 0),
        "confirmed_once": counts.get(DestructionReview.Status.CONFIRMED_ONCE, 0),
    }


def review_for_officer(pk: int) -> DestructionReview:
    return DestructionReview.objects.select_related("case", "case__team", "first_by", "second_by").get(pk=pk)


def case_data_counts(case: Case) -> list[tuple[str, int]]:
    """What destroying the case removes, counted per kind of data (no names), in the keys of the destruction
    record (privacy.erasure). People and the household's addresses go only when nothing alive needs them:
    a person also in a file that is kept, or a household with another file, stays."""
    household = household_erased(case)
    return [
        ("persons", len(persons_to_anonymise(case))),
        ("addresses", Address.objects.filter(family_id=case.family_id).count() if household else 0),
        ("contacts", Contact.objects.filter(case=case).count()),
        ("contact_revisions", ContactRevision.objects.filter(contact__case=case).count()),
        ("safety_plans", SafetyPlan.objects.filter(case=case).count()),
        ("referrals", Referral.objects.filter(case=case).count()),
        ("measures", Measure.objects.filter(case=case).count()),
        ("placements", Placement.objects.filter(measure__case=case).count()),
        ("submissions", Submission.objects.filter(case=case).count()),
        ("reporting_code_steps", ReportingCodeStep.objects.filter(case=case).count()),
        ("rights_requests", RightsRequest.objects.filter(case=case).count()),
    ]


def active_holds(today: dt.date) -> QuerySet[RetentionHold]:
    """Holds in force: not lifted, and without an end date or one still to come."""
    return (
        RetentionHold.objects.filter(lifted_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("case", "case__team", "placed_by")
        .order_by(F("until").asc(nulls_last=True), "placed_at", "pk")
    )


def destruction_records() -> QuerySet[DestructionRecord]:
    return DestructionRecord.objects.select_related("case", "first_by", "second_by").order_by(
        "-destroyed_at", "-pk"
    )


def case_retention(case: Case) -> dict:
    """For the case page of a closed file: until when it is kept, the hold that keeps it longer, or when it
    was destroyed. Nothing (and no query) for an open file."""
    if not case.is_closed or case.closed_on is None:
        return {}
    record = DestructionRecord.objects.filter(case=case).only("destroyed_at").first()
    if record is not None:
        return {"retention_destroyed_at": record.destroyed_at}
    today = timezone.localdate()
    hold = (
        RetentionHold.objects.filter(case=case, lifted_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .order_by("-placed_at")
        .first()
    )
    return {"retention_ends_on": retention_ends_on(case.closed_on), "retention_hold": hold}
