"""The case file itself: contacts, phases, emergency access, and the household and its people.

Per model:
- Case: KEPT as it is (number, team, phase, dates, closing reason, follow-up link): the reports count it
  and the destruction record and the access log name its number. It holds no free text.
- CaseChild: KEPT (the children counted per case); the persons themselves are anonymised below.
- CaseAssignment: KEPT: who worked on the file (workers, not the family), for the access log.
- CaseUserObjectPermission, CaseGroupObjectPermission: KEPT: computed from the policy (the team lead keeps
  view on closed files); nothing of the family in them.
- PhaseChange: KEPT (the reports count phases and closings), its reason BLANKED.
- Contact: KEPT (date, kind, author, the children seen: throughput times count them), who was present, the
  note and the safety scale BLANKED.
- ContactRevision: DELETED (only earlier wordings of notes).
- Contact.children_seen (through): KEPT (the reports' "child seen" throughput reads it).
- Contact.children_spoken_alone (through): DELETED (no report needs it; a fact about a child).
- EmergencyAccess: KEPT (who broke the glass, when), its reason BLANKED.
- Family: name BLANKED, only when every file of the household is destroyed; its search names (the members'
  search names) worked out again after the people below, so an erased name is not found any more.
- Address: DELETED, only when every file of the household is destroyed (another file still needs them).
- Membership: DELETED, only when every file of the household is destroyed.
- Person: ANONYMISED (names, BSN, gender blank; birth date to 1 January of its year, so age bands in counts
  survive; search name blank) only when nothing alive links to them (privacy.erasure.persons_to_anonymise).
  A person shared with a living file is left untouched.
"""

from django.db.models.functions import TruncYear

from cases.models import (
    Address,
    Case,
    CaseAssignment,
    CaseChild,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Contact,
    ContactRevision,
    EmergencyAccess,
    Family,
    Membership,
    Person,
    PhaseChange,
)
from cases.services import family_names_refresh

COVERS = [
    Case,
    CaseChild,
    CaseAssignment,
    CaseUserObjectPermission,
    CaseGroupObjectPermission,
    PhaseChange,
    Contact,
    ContactRevision,
    Contact.children_seen.through,
    Contact.children_spoken_alone.through,
    EmergencyAccess,
    Family,
    Address,
    Membership,
    Person,
]


def erase(ctx) -> None:
    case = ctx.case
    contacts = Contact.objects.filter(case=case)
    ctx.count("contact_revisions", ContactRevision.objects.filter(contact__case=case).delete()[0])
    ctx.count(
        "contact_children_spoken_alone",
        Contact.children_spoken_alone.through.objects.filter(contact__case=case).delete()[0],
    )
    ctx.count("contacts", contacts.update(present="", note="", safety_scale=None))
    ctx.count("phase_changes", PhaseChange.objects.filter(case=case).update(reason=""))
    ctx.count("emergency_accesses", EmergencyAccess.objects.filter(case=case).update(reason=""))
    if ctx.household_erased:
        family = case.family_id
        ctx.count("addresses", Address.objects.filter(family_id=family).delete()[0])
        ctx.count("memberships", Membership.objects.filter(family_id=family).delete()[0])
        ctx.count("families", Family.objects.filter(pk=family).update(name=""))
    ctx.count(
        "persons",
        Person.objects.filter(pk__in=ctx.person_ids).update(
            given_name="",
            surname_prefix="",
            surname="",
            bsn=None,
            gender="",
            search_name="",
            birth_date=TruncYear("birth_date"),
        ),
    )
    households = Membership.objects.filter(person__in=ctx.person_ids).values_list("family_id", flat=True)
    family_names_refresh({case.family_id, *households})
