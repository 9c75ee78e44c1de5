"""Erasing a destroyed file's personal data (issue 17, domain.md §6.1): structure stays, content goes.

``erase_case(case)`` runs inside ``privacy.services.destruction_confirm``'s transaction, after the second
(four-eyes) confirmation, with the case row locked. Rows the reports count (reports/selectors.py) stay, with
every free-text and personal field blanked; rows that are only content are deleted; dates, kinds and counts
stay. Household data (the family's name, addresses and memberships) goes only when every file of the
household is destroyed; a person is anonymised only when nothing alive still links to them.

One module per app (``COVERS``: the models it erases, blanks or deliberately keeps, with the reason in its
docstring; ``erase(ctx)``: a handful of set-based UPDATE/DELETE statements per model, never one per row).
tests/test_privacy_erasure.py checks that every model with a path to a case, family or person is covered
by exactly one module, so the next app's models cannot be forgotten.

The returned counts (stored in ``DestructionRecord.removed``) are numbers per kind of data, in plain keys:
no names, no ids. ``LABELS`` says them in words for the pages.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from cases.models import Case, CaseChild, Contact, Membership
from measures.models import Measure, Placement
from privacy.models import RightsRequest
from referrals.models import ReferralPerson


@dataclass
class Context:
    """What every module needs to know, decided once before anything is changed."""

    case: Case
    # Every file of the household is destroyed (this one now, the others before): household data goes too.
    household_erased: bool
    # The people linked to this file and to nothing alive: they are anonymised.
    person_ids: list[int]
    # Stored where a database constraint wants some text (an event that needs a reason): no content.
    placeholder: str = ""
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, number: int) -> None:
        if number:
            self.removed[kind] = self.removed.get(kind, 0) + number


# What the counts mean, for the pages that show a destruction record (context "erased": what was removed).
LABELS = {
    "contacts": pgettext_lazy("erased", "contacts"),
    "contact_revisions": pgettext_lazy("erased", "earlier wordings of contact notes"),
    "contact_children_spoken_alone": pgettext_lazy("erased", "children spoken to alone at a contact"),
    "phase_changes": pgettext_lazy("erased", "phase changes"),
    "emergency_accesses": pgettext_lazy("erased", "emergency accesses"),
    "families": pgettext_lazy("erased", "households"),
    "addresses": pgettext_lazy("erased", "addresses"),
    "memberships": pgettext_lazy("erased", "household members"),
    "persons": pgettext_lazy("erased", "persons"),
    "measures": pgettext_lazy("erased", "court measures"),
    "placements": pgettext_lazy("erased", "placements"),
    "referrals": pgettext_lazy("erased", "handovers"),
    "referral_persons": pgettext_lazy("erased", "persons named in handovers"),
    "referral_events": pgettext_lazy("erased", "handover events"),
    "safety_conditions": pgettext_lazy("erased", "safety conditions"),
    "monitoring_moments": pgettext_lazy("erased", "monitoring moments"),
    "safety_plans": pgettext_lazy("erased", "safety plans"),
    "worries": pgettext_lazy("erased", "worries"),
    "agreements": pgettext_lazy("erased", "agreements"),
    "network_members": pgettext_lazy("erased", "safety network members"),
    "emergency_steps": pgettext_lazy("erased", "emergency steps"),
    "scale_scores": pgettext_lazy("erased", "scale scores"),
    "evaluations": pgettext_lazy("erased", "evaluations"),
    "goal_results": pgettext_lazy("erased", "goal results"),
    "submissions": pgettext_lazy("erased", "submissions to the Beschermtafel"),
    "submission_events": pgettext_lazy("erased", "submission events"),
    "submission_permissions": pgettext_lazy("erased", "table members' read rights"),
    "agenda_items": pgettext_lazy("erased", "minutes of discussions"),
    "outcomes": pgettext_lazy("erased", "Beschermtafel outcomes"),
    "outcome_agreements": pgettext_lazy("erased", "Beschermtafel agreements"),
    "outcome_recipients": pgettext_lazy("erased", "organisations entitled to an outcome"),
    "deliveries_cancelled": pgettext_lazy("erased", "outcome events not sent"),
    "agenda_packs": pgettext_lazy("erased", "agenda packs"),
    "reporting_code_steps": pgettext_lazy("erased", "reporting code steps"),
    "reporting_code_decisions": pgettext_lazy("erased", "reporting code decisions"),
    "weighings": pgettext_lazy("erased", "weighings"),
    "flags": pgettext_lazy("erased", "signals"),
    "rights_requests": pgettext_lazy("erased", "requests of the family"),
    "retention_holds": pgettext_lazy("erased", "retention holds"),
    "destruction_reviews": pgettext_lazy("erased", "destruction reviews"),
    "notifications": pgettext_lazy("erased", "notifications"),
}


def _linked(person_ids: list[int], cases: QuerySet[Case]) -> set[int]:
    """Of these people, those linked to one of these cases: a member of its household, a child of the case,
    named in its measures, placements or handovers, seen at its contacts, or a request about it."""
    through_seen = Contact.children_seen.through
    through_alone = Contact.children_spoken_alone.through
    through_measure = Measure.children.through
    queries = [
        Membership.objects.filter(person__in=person_ids, family__cases__in=cases).values_list("person_id"),
        CaseChild.objects.filter(child__in=person_ids, case__in=cases).values_list("child_id"),
        through_measure.objects.filter(person__in=person_ids, measure__case__in=cases).values_list(
            "person_id"
        ),
        Placement.objects.filter(child__in=person_ids, measure__case__in=cases).values_list("child_id"),
        ReferralPerson.objects.filter(person__in=person_ids, referral__case__in=cases).values_list(
            "person_id"
        ),
        through_seen.objects.filter(person__in=person_ids, contact__case__in=cases).values_list("person_id"),
        through_alone.objects.filter(person__in=person_ids, contact__case__in=cases).values_list("person_id"),
        RightsRequest.objects.filter(person__in=person_ids, case__in=cases).values_list("person_id"),
    ]
    # Without ordering: SQLite refuses ORDER BY (a model's default one) inside a UNION.
    first, *rest = [query.order_by() for query in queries]
    return {pk for (pk,) in first.union(*rest)}


def _candidates(case: Case) -> list[int]:
    """Everyone linked to this file (a handful of queries, whatever the size of the file)."""
    this = Case.objects.filter(pk=case.pk)
    through_seen = Contact.children_seen.through
    through_alone = Contact.children_spoken_alone.through
    through_measure = Measure.children.through
    queries = [
        Membership.objects.filter(family_id=case.family_id).values_list("person_id"),
        CaseChild.objects.filter(case=case).values_list("child_id"),
        through_measure.objects.filter(measure__case=case).values_list("person_id"),
        Placement.objects.filter(measure__case=case).values_list("child_id"),
        ReferralPerson.objects.filter(referral__case=case, person__isnull=False).values_list("person_id"),
        through_seen.objects.filter(contact__case=case).values_list("person_id"),
        through_alone.objects.filter(contact__case=case).values_list("person_id"),
        RightsRequest.objects.filter(case__in=this).values_list("person_id"),
    ]
    first, *rest = [query.order_by() for query in queries]
    return sorted({pk for (pk,) in first.union(*rest)})


def persons_to_anonymise(case: Case) -> list[int]:
    """The people of this file that nothing alive links to once it is destroyed.

    Alive: a file that is not destroyed (no DestructionRecord) other than this one; a household without
    any file (never expected, so kept to be safe); a handover not on a file yet that names the person.
    """
    candidates = _candidates(case)
    if not candidates:
        return []
    living = Case.objects.exclude(pk=case.pk).filter(destruction__isnull=True)
    alive = _linked(candidates, living)
    alive |= set(
        Membership.objects.filter(person__in=candidates, family__cases__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    alive |= set(
        ReferralPerson.objects.filter(person__in=candidates, referral__case__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    return [pk for pk in candidates if pk not in alive]


def household_erased(case: Case) -> bool:
    """Every file of the household is destroyed once this one is."""
    others = Case.objects.filter(family_id=case.family_id).exclude(pk=case.pk)
    return not others.filter(destruction__isnull=True).exists()


def _modules():
    # Imported here: each module imports the models of its app, and the order matters (content that
    # points at persons and households goes before the persons and households themselves).
    from privacy.erasure import (
        accounts,
        api,
        audit,
        cases,
        flags,
        measures,
        privacy,
        referrals,
        reportingcode,
        safetyplans,
        tables,
    )

    return [
        tables,
        safetyplans,
        referrals,
        measures,
        reportingcode,
        flags,
        privacy,
        api,
        accounts,
        audit,
        cases,
    ]


def erase_case(case: Case) -> dict[str, int]:
    """Erase the personal data of a file being destroyed; returns what was removed, counted per kind."""
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = pgettext("erased", "Removed when the file was destroyed.")
    ctx = Context(
        case=case,
        household_erased=household_erased(case),
        person_ids=persons_to_anonymise(case),
        placeholder=placeholder,
    )
    for module in _modules():
        module.erase(ctx)
    return dict(sorted(ctx.removed.items()))
