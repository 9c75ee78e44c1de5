"""The inzage copy (domain.md §6.2, §6.4, §6.5): a person's files as one PDF, and who accessed them, in words.

The privacy officer makes the copy (privacy.services.inzage_copy_make) and reviews it before it is handed
over: every part that names or describes other people than the person it is for is set in a marked block
("Let op: informatie over anderen"), so that it can be checked and, where needed, blacked out.

Everything is read per kind of data for all files at once (one query set per kind, however many contacts or
plan versions a file holds); the access list reads the log in chunks (audit.describe.describe_in_chunks).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.models import User
from audit.describe import describe_in_chunks
from audit.models import AccessEvent
from cases.models import Address, Case, CaseChild, Contact, Membership, Person, PhaseChange
from core.pdf import render_pdf
from measures.models import Measure, Placement
from privacy.models import RightsRequest
from referrals.models import Referral, ReferralPerson
from reportingcode.models import ReportingCodeDecision, ReportingCodeStep
from safetyplans.models import Evaluation, GoalResult, SafetyPlan, Worry
from tables.models import Outcome

LISTS = (AccessEvent.Action.LIST, AccessEvent.Action.SEARCH)

# What someone did with the file, as the family reads it in the access list ("bekeken: Casuspagina").
DID = {
    AccessEvent.Action.VIEW: pgettext_lazy("access to a file", "viewed"),
    AccessEvent.Action.LIST: pgettext_lazy("access to a file", "saw in a list"),
    AccessEvent.Action.SEARCH: pgettext_lazy("access to a file", "found by searching"),
    AccessEvent.Action.CREATE: pgettext_lazy("access to a file", "added"),
    AccessEvent.Action.UPDATE: pgettext_lazy("access to a file", "changed"),
    AccessEvent.Action.EXPORT: pgettext_lazy("access to a file", "downloaded"),
    AccessEvent.Action.PRINT: pgettext_lazy("access to a file", "printed"),
    AccessEvent.Action.EMERGENCY: pgettext_lazy("access to a file", "opened with emergency access"),
}


@dataclass(frozen=True)
class AccessLine:
    """One access to the files, in words: when (local time), who, for which organisation, and what."""

    at: dt.datetime
    when: str
    who: str
    organisation: str
    what: str
    case_numbers: str


# The access list --------------------------------------------------------------------------------------


def access_events(cases: list[Case]):
    """Every event on these files, oldest first: on the file itself, a list or search that showed it (its
    case number in ``detail["cases"]``), and reads of a Veilig Thuis handover before it joined the file."""
    if not cases:
        return AccessEvent.objects.none()
    # The number with its quotes, in the list's JSON text: "Z-2026-00001" never matches Z-2026-000012. (A JSON
    # "contains" would be PostgreSQL's; the embedded default runs on SQLite too.)
    shown = Q(pk__in=[])
    for case in cases:
        shown |= Q(detail__cases__icontains=f'"{case.number}"')
    handovers = (
        Referral.objects.filter(case__in=cases)
        .annotate(ref=Concat(Value("referral:"), Cast("pk", CharField())))
        .values("ref")
    )
    return (
        AccessEvent.objects.filter(
            Q(case__in=cases)
            | (Q(case__isnull=True, action__in=LISTS) & shown)
            | Q(case__isnull=True, object_ref__in=handovers)
        )
        .select_related("user", "organisation", "case")
        .order_by("at", "pk")
    )


def _list_title(event: AccessEvent, shown: list) -> str:
    """The list's name without the count describe() adds: "Mijn casussen", not "Mijn casussen (3 …)"."""
    suffix = " (%s)" % (ngettext("%(count)d case", "%(count)d cases", len(shown)) % {"count": len(shown)})
    text = event.description
    return text[: -len(suffix)] if text.endswith(suffix) else text


def _line(event: AccessEvent, numbers: set[str]) -> AccessLine:
    shown = event.detail.get("cases") if isinstance(event.detail, dict) else None
    if event.case_id is None and event.action in LISTS and isinstance(shown, list):
        words = {"list": _list_title(event, shown)}
        if event.action == AccessEvent.Action.SEARCH:
            what = _("found the family by searching (%(list)s)") % words
        else:
            what = _("saw the family in a list (%(list)s)") % words
        case_numbers = ", ".join(sorted(str(number) for number in shown if number in numbers))
    else:
        did = DID.get(event.action) or event.get_action_display().lower()
        what = f"{did}: {event.description}"
        case_numbers = event.case.number if event.case else ""
    return AccessLine(
        at=event.at,
        when=date_format(timezone.localtime(event.at), "j b Y, H:i"),
        who=event.user.get_full_name() or event.user.username,
        organisation=event.organisation.name if event.organisation else "",
        what=what,
        case_numbers=case_numbers,
    )


def access_lines(cases: list[Case]) -> list[AccessLine]:
    """Everyone who accessed these files, oldest first, each access in words (NEN 7513; domain.md §6.4)."""
    numbers = {case.number for case in cases}
    events = access_events(cases).iterator(chunk_size=1000)
    return [_line(event, numbers) for event in describe_in_chunks(events)]


# The files ----------------------------------------------------------------------------------------------


def _by_case(rows, field: str = "case_id") -> dict[int, list]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, field)].append(row)
    return grouped


def _split(entries, person: Person, person_id=lambda entry: entry.pk) -> tuple[list, list]:
    """(the person's own entries, everyone else's): ``person_id`` says whose an entry is."""
    own = [entry for entry in entries if person_id(entry) == person.pk]
    return own, [entry for entry in entries if person_id(entry) != person.pk]


def _entry_person_id(entry: ReferralPerson, person: Person) -> int | None:
    """Whose a handover's entry is: the person acceptance linked it to, or this person when the entry has
    their BSN, or their name and date of birth (a handover joining an open case links nobody)."""
    if entry.person_id is not None:
        return entry.person_id
    same_bsn = bool(person.bsn) and entry.bsn == person.bsn
    same_name = (entry.full_name.casefold(), entry.birth_date) == (
        person.full_name.casefold(),
        person.birth_date,
    )
    return person.pk if same_bsn or same_name else None


def _files(cases: list[Case], person: Person) -> list[dict]:
    """What each file holds, oldest file first; one query per kind of data for all files together."""
    ids = [case.pk for case in cases]
    cases = list(
        Case.objects.filter(pk__in=ids).select_related("team__organisation").order_by("opened_on", "pk")
    )
    families = {case.family_id for case in cases}
    children = _by_case(
        CaseChild.objects.filter(case__in=ids).select_related("child").order_by("child__birth_date")
    )
    members = _by_case(
        Membership.objects.filter(family__in=families)
        .select_related("person")
        .order_by("person__birth_date"),
        "family_id",
    )
    addresses = _by_case(
        Address.objects.filter(family__in=families)
        .select_related("municipality")
        .order_by("valid_from", "pk"),
        "family_id",
    )
    phases = _by_case(PhaseChange.objects.filter(case__in=ids).order_by("changed_at", "pk"))
    contacts = _by_case(
        Contact.objects.filter(case__in=ids)
        .select_related("author")
        .prefetch_related("children_seen", "children_spoken_alone")
        .order_by("occurred_at", "pk")
    )
    plans = _by_case(
        SafetyPlan.objects.filter(case__in=ids)
        .select_related("agreed_by")
        .prefetch_related(
            Prefetch("worries", queryset=Worry.objects.prefetch_related("agreements")),
            "network",
            "emergency_steps",
            "scores",
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.prefetch_related(
                    Prefetch("results", queryset=GoalResult.objects.select_related("worry"))
                ),
            ),
        )
        .order_by("number")
    )
    measures = _by_case(
        Measure.objects.filter(case__in=ids)
        .select_related("gi_organisation", "gi_worker")
        .prefetch_related(
            "children",
            "extensions",
            Prefetch("placements", queryset=Placement.objects.select_related("child")),
        )
        .order_by("starts_on", "pk")
    )
    handovers = _by_case(
        Referral.objects.filter(case__in=ids)
        .select_related("organisation", "municipality")
        .prefetch_related(
            Prefetch("persons", queryset=ReferralPerson.objects.order_by("birth_date", "pk")),
            "conditions",
            "monitoring_moments",
        )
        .order_by("sent_at", "pk")
    )
    outcomes = _by_case(
        Outcome.objects.filter(case__in=ids)
        .select_related("item__meeting__table", "investigator")
        .prefetch_related("agreements")
        .order_by("recorded_at", "pk")
    )
    steps = _by_case(ReportingCodeStep.objects.filter(case__in=ids).order_by("step"))
    decisions = {
        decision.case_id: decision
        for decision in ReportingCodeDecision.objects.filter(case__in=ids).prefetch_related("weighings")
    }

    files = []
    for case in cases:
        own_children, other_children = _split([link.child for link in children[case.pk]], person)
        own_membership, other_members = _split(members[case.family_id], person, lambda m: m.person_id)
        for measure in measures[case.pk]:
            measure.own_children, measure.other_children = _split(list(measure.children.all()), person)
            measure.own_placements, measure.other_placements = _split(
                list(measure.placements.all()), person, lambda p: p.child_id
            )
        for handover in handovers[case.pk]:
            handover.own_entries, handover.other_entries = _split(
                list(handover.persons.all()), person, lambda entry: _entry_person_id(entry, person)
            )
        files.append(
            {
                "case": case,
                "own_children": own_children,
                "other_children": other_children,
                "own_membership": own_membership[0] if own_membership else None,
                "other_members": other_members,
                "addresses": addresses[case.family_id],
                "phases": phases[case.pk],
                "contacts": contacts[case.pk],
                "plans": plans[case.pk],
                "measures": measures[case.pk],
                "handovers": handovers[case.pk],
                "outcomes": outcomes[case.pk],
                "steps": steps[case.pk],
                "decision": decisions.get(case.pk),
            }
        )
    return files


def copy_html(*, request: RightsRequest, cases: list[Case], made_by: User) -> str:
    """The copy as the PDF's HTML: a cover, each file (oldest first), and the list of who accessed them."""
    person = request.person
    return render_to_string(
        "privacy/inzage_copy.html",
        {
            "request": request,
            "person": person,
            "made_by": made_by,
            "made_at": timezone.now(),
            "retention_years": settings.RETENTION_YEARS,
            "files": _files(cases, person),
            "access_lines": access_lines(cases),
        },
    )


def copy_pdf(*, request: RightsRequest, cases: list[Case], made_by: User) -> bytes:
    """The copy of the person's files as one tagged PDF, in Dutch (the document says lang="nl")."""
    with translation.override("nl"):
        return render_pdf(copy_html(request=request, cases=cases, made_by=made_by))
