"""Every write to families, persons, cases and contacts."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Municipality, Team, User
from accounts.roles import Role
from accounts.services import notify
from audit.models import AccessEvent
from audit.services import access_event_record
from cases import hooks
from cases.access import (
    EMERGENCY_DURATION,
    PERMISSIONS,
    persons_visible_to,
    policy_rows,
    require,
    stored_rows,
)
from cases.models import (
    FACE_TO_FACE,
    NOT_HELD,
    Address,
    Case,
    CaseAssignment,
    CaseChild,
    CaseGroupObjectPermission,
    CaseNumber,
    CaseRole,
    CaseUserObjectPermission,
    ClosingReason,
    Contact,
    ContactKind,
    ContactRevision,
    EmergencyAccess,
    Family,
    Membership,
    Person,
    Phase,
    PhaseChange,
    Relation,
)
from cases.selectors import case_for_bsn, person_duplicates
from cases.workflow import BOARD_REQUEST_FROM, TABLE_OUTCOME_FROM, TRANSITIONS
from core.dates import months_before
from core.locking import version_bump
from core.validators import normalise_postcode, person_search_name

# A new signal this soon after closing belongs with the closed case (reopen or follow-up), domain.md OV-04.
RECENTLY_CLOSED_MONTHS = 3
# How long the author of a contact may still correct it.
CONTACT_EDIT_WINDOW = dt.timedelta(hours=24)
# Clocks differ a little between a worker's phone and the server.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Households whose search names are worked out per query (well inside every database's parameter limit).
NAMES_BATCH = 2000


KNOWN_ELSEWHERE = _lazy(
    "Someone with this BSN is already known in Zicht, in a file you may not see. Ask your team lead to "
    "contact the team concerned. In an emergency, open the file with emergency access (by BSN)."
)


class DuplicateSuspected(ValidationError):
    def __init__(self, candidates: list[Person]):
        self.candidates = candidates
        super().__init__(
            _(
                "This person may already be known in Zicht. "
                "Link the existing person, or confirm that this is someone else."
            ),
            code="duplicate",
        )


def case_ensure_open(case: Case) -> None:
    """Refuse a change to a closed case (for every service that writes to one, measures.services too)."""
    if case.is_closed:
        raise ValidationError(_("This case is closed and can no longer be changed."), code="closed")


def case_version_bump(*, case: Case, expected_version: int) -> None:
    """Every write to a case counts: a form built from an older version is refused (core.locking)."""
    version_bump(Case.objects, case, expected_version)


def _require_team_member(user: User, team: Team, field: str) -> None:
    if not team.has_member(user):
        raise ValidationError(
            {field: _("%(name)s is not a member of %(team)s.") % {"name": user, "team": team.name}}
        )


def _next_case_number(year: int) -> str:
    CaseNumber.objects.bulk_create([CaseNumber(year=year)], ignore_conflicts=True)
    counter = CaseNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"Z-{year}-{counter.last:05d}"


def case_permissions_sync(*, case: Case) -> None:
    """Make the case's stored permission rows equal what the policy asks for (call inside the write)."""
    case.__dict__.pop("_permissions", None)
    wanted = policy_rows(case, case.assignments.filter(ends_at__isnull=True))
    current = stored_rows(case)
    remove, add = current - wanted, wanted - current
    for kind, model, key in (
        ("user", CaseUserObjectPermission, "user_id"),
        ("group", CaseGroupObjectPermission, "group_id"),
    ):
        gone = [(pk, code) for row_kind, pk, code in remove if row_kind == kind]
        if gone:
            match = Q()
            for pk, code in gone:
                match |= Q(**{key: pk, "permission__codename": code})
            model.objects.filter(match, content_object=case).delete()
    if add:
        permission_ids = dict(
            Permission.objects.filter(
                content_type=ContentType.objects.get_for_model(Case), codename__in=PERMISSIONS
            ).values_list("codename", "id")
        )
        CaseUserObjectPermission.objects.bulk_create(
            CaseUserObjectPermission(content_object=case, user_id=pk, permission_id=permission_ids[code])
            for kind, pk, code in add
            if kind == "user"
        )
        CaseGroupObjectPermission.objects.bulk_create(
            CaseGroupObjectPermission(content_object=case, group_id=pk, permission_id=permission_ids[code])
            for kind, pk, code in add
            if kind == "group"
        )


@transaction.atomic
def family_create(
    *,
    name: str,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
    municipality: Municipality,
    living_since: dt.date,
    by: User,
) -> Family:
    """A new household with its current address."""
    family = Family.objects.create(name=name.strip())
    Address.objects.create(
        family=family,
        street=street,
        house_number=house_number,
        postcode=normalise_postcode(postcode),
        city=city,
        municipality=municipality,
        valid_from=living_since,
        recorded_by=by,
    )
    return family


def recent_closed_case(family: Family, today: dt.date | None = None) -> Case | None:
    today = today or timezone.localdate()
    return (
        family.cases.filter(phase=Phase.CLOSED, closed_on__gte=months_before(today, RECENTLY_CLOSED_MONTHS))
        .order_by("-closed_on")
        .first()
    )


@transaction.atomic
def case_open(
    *,
    family: Family,
    team: Team,
    director: User,
    by: User,
    reason: str,
    opened_on: dt.date | None = None,
    follow_up_of: Case | None = None,
) -> Case:
    """Open a case for a family in INTAKE; a family recently closed must be reopened or followed up."""
    opened_on = opened_on or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this case is opened.")})
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot open in the future.")})
    _require_team_member(by, team, "team")
    _require_team_member(director, team, "director")
    # The messages name no other team's case: the user may not see it.
    if family.cases.exclude(phase=Phase.CLOSED).exists():
        raise ValidationError(
            _(
                "This family already has an open case. One family has one case: "
                "ask your team lead to contact the team that holds it."
            ),
            code="open_case_exists",
        )
    recent = recent_closed_case(family, opened_on)
    if follow_up_of is None and recent is not None:
        raise ValidationError(
            _(
                "A case of this family was closed less than three months ago. "
                "Reopen that case or open a follow-up case."
            ),
            code="recently_closed",
        )
    if follow_up_of is not None and follow_up_of.family_id != family.pk:
        raise ValidationError(_("A follow-up case belongs to the same family."))

    case = Case.objects.create(
        number=_next_case_number(opened_on.year),
        family=family,
        team=team,
        opened_on=opened_on,
        follow_up_of=follow_up_of,
    )
    PhaseChange.objects.create(
        case=case, from_phase="", to_phase=Phase.INTAKE, changed_by=by, reason=reason.strip()
    )
    CaseAssignment.objects.create(case=case, user=director, role=CaseRole.DIRECTOR, assigned_by=by)
    children = Person.objects.filter(memberships__family=family, memberships__relation=Relation.CHILD)
    CaseChild.objects.bulk_create([CaseChild(case=case, child=child) for child in children])
    if follow_up_of is not None:
        hooks.emit("case_followed_up", case=case)  # a new signal soon after closing: flagged at once
    case_permissions_sync(case=case)
    access_event_record(user=by, action=AccessEvent.Action.CREATE, case=case, object_ref=f"case:{case.pk}")
    return case


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to: Phase,
    by: User,
    reason: str,
    expected_version: int,
    closing_reason: str = "",
) -> Case:
    """Move a case to another phase, if the transition table allows it; the change is recorded."""
    to = Phase(to)
    current = Phase(case.phase)
    require(by, "reopen_case" if current == Phase.CLOSED else "direct_case", case)
    if not reason.strip():
        raise ValidationError({"reason": _("A phase change needs a reason.")})
    if to == Phase.INVESTIGATION:
        raise ValidationError(
            {
                "to": _(
                    "The Raad investigates after a Beschermtafel outcome, or at a direct request recorded "
                    "with its reason: use “Direct request to the Raad”."
                )
            },
            code="table_or_request_only",
        )
    if current == Phase.MANDATED or to == Phase.MANDATED:
        raise ValidationError(
            {
                "to": _(
                    "Only the juvenile court moves a case into or out of the court-mandated phase: "
                    "record the measure, or its end, on the Measures page."
                )
            },
            code="court_only",
        )
    if to not in TRANSITIONS[current]:
        allowed = ", ".join(str(phase.label) for phase in Phase if phase in TRANSITIONS[current])
        raise ValidationError(
            {
                "to": _(
                    "A case cannot go from %(current)s to %(to)s. From %(current)s it can go to: %(allowed)s."
                )
                % {"current": current.label, "to": to.label, "allowed": allowed}
            },
            code="transition_refused",
        )
    today = timezone.localdate()
    if to == Phase.CLOSED and closing_reason not in ClosingReason.values:
        raise ValidationError({"closing_reason": _("Choose why the case is closed.")})
    if current == Phase.CLOSED:
        if case.closed_on < months_before(today, RECENTLY_CLOSED_MONTHS):
            raise ValidationError(
                _("This case was closed more than three months ago. Open a follow-up case instead."),
                code="reopen_too_late",
            )
        if case.family.cases.exclude(pk=case.pk).exclude(phase=Phase.CLOSED).exists():
            raise ValidationError(_("This family has another open case; it cannot have two."))

    case_version_bump(case=case, expected_version=expected_version)
    case_phase_set(case=case, to=to, by=by, reason=reason, closing_reason=closing_reason)
    return case


def case_phase_set(
    *, case: Case, to: Phase, by: User | None, reason: str, closing_reason: str = ""
) -> PhaseChange:
    """Record a phase change and move access with it. Only for services that checked the change already.

    ``by`` is None when Zicht itself moves the case (a repair); the PhaseChange then names no person.
    """
    current = case.phase
    case.phase = to
    case.closed_on = timezone.localdate() if to == Phase.CLOSED else None
    case.closing_reason = closing_reason if to == Phase.CLOSED else ""
    case.save(update_fields=["phase", "closed_on", "closing_reason"])
    change = PhaseChange.objects.create(
        case=case, from_phase=current, to_phase=to, changed_by=by, reason=reason.strip()
    )
    case_permissions_sync(case=case)
    if by is not None:
        access_event_record(
            user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"phase_change:{change.pk}"
        )
    return change


@transaction.atomic
def case_assign(
    *, case: Case, by: User, director: User, co_workers: Iterable[User], expected_version: int
) -> Case:
    """Set the local director and co-workers; assignments that end are kept with their end time."""
    require(by, "direct_case", case)
    case_ensure_open(case)
    co_workers = {user for user in co_workers if user.pk != director.pk}
    _require_team_member(director, case.team, "director")
    for user in co_workers:
        _require_team_member(user, case.team, "co_workers")
    case_version_bump(case=case, expected_version=expected_version)
    wanted = {(director.pk, CaseRole.DIRECTOR)} | {(user.pk, CaseRole.CO_WORKER) for user in co_workers}
    case_assignments_replace(case, by, roles=[CaseRole.DIRECTOR, CaseRole.CO_WORKER], wanted=wanted)
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"assignments:{case.pk}"
    )
    return case


# Which organisation role may hold each outside case role.
OUTSIDE_ROLES = {
    CaseRole.VT_MONITOR: Role.VT_WORKER,
    CaseRole.GI_WORKER: Role.GI_WORKER,
    CaseRole.BOARD_INVESTIGATOR: Role.BOARD_INVESTIGATOR,
}


@transaction.atomic
def case_involve(*, case: Case, by: User, role: str, user: User | None, expected_version: int) -> Case:
    """Name (or, with user None, remove) the Veilig Thuis monitor, GI worker or Raad investigator."""
    require(by, "direct_case", case)
    case_ensure_open(case)
    role = CaseRole(role)
    if role not in OUTSIDE_ROLES:
        raise ValueError(f"{role} is not an outside role")
    if user is not None and OUTSIDE_ROLES[role] not in user.roles:
        raise ValidationError(
            {"user": _("%(name)s cannot be %(role)s.") % {"name": user, "role": role.label}}
        )
    case_version_bump(case=case, expected_version=expected_version)
    case_assignments_replace(case, by, roles=[role], wanted={(user.pk, role)} if user else set())
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"assignments:{case.pk}"
    )
    return case


def case_assignments_replace(case: Case, by: User, *, roles: list[str], wanted: set[tuple[int, str]]) -> None:
    """End unwanted active assignments in these roles, start the missing ones, and resync access.

    Callers check permission first: case_assign, case_involve, and the referral service on acceptance.
    """
    now = timezone.now()
    active = list(case.assignments.filter(ends_at__isnull=True, role__in=roles))
    current = {(a.user_id, a.role) for a in active}
    ended = [a.pk for a in active if (a.user_id, a.role) not in wanted]
    CaseAssignment.objects.filter(pk__in=ended).update(ends_at=now)
    CaseAssignment.objects.bulk_create(
        CaseAssignment(case=case, user_id=user_id, role=role, starts_at=now, assigned_by=by)
        for user_id, role in wanted - current
    )
    case_permissions_sync(case=case)


def _person_create(
    *,
    by: User,
    given_name: str,
    surname_prefix: str,
    surname: str,
    birth_date: dt.date,
    gender: str,
    bsn: str | None,
    confirmed_new: bool,
) -> Person:
    if birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("A date of birth cannot be in the future.")})
    candidates = person_duplicates(bsn=bsn, given_name=given_name, surname=surname, birth_date=birth_date)
    visible = set(
        persons_visible_to(by).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True)
    )
    if any(c.bsn and c.bsn == bsn and c.pk not in visible for c in candidates):
        # Someone else's file: say no more than that the BSN is known, which its holder knows already.
        raise ValidationError({"bsn": KNOWN_ELSEWHERE}, code="known_elsewhere")
    # Name look-alikes in files the user may not see are not shown: that would tell who is in them.
    candidates = [c for c in candidates if c.pk in visible]
    # A BSN belongs to one person only: a BSN match is never a different person.
    if candidates and (not confirmed_new or any(c.bsn and c.bsn == bsn for c in candidates)):
        raise DuplicateSuspected(candidates)
    return _person_new(given_name, surname_prefix, surname, birth_date, gender, bsn)


def _person_new(given_name, surname_prefix, surname, birth_date, gender, bsn) -> Person:
    """The one place a Person row is made (with its search name)."""
    return Person.objects.create(
        given_name=given_name.strip(),
        surname_prefix=surname_prefix.strip(),
        surname=surname.strip(),
        birth_date=birth_date,
        gender=gender,
        bsn=bsn or None,
        search_name=person_search_name(given_name, surname_prefix, surname),
    )


def _membership_add(*, family: Family, person: Person, relation: str, parental_authority: bool) -> None:
    if Membership.objects.filter(family=family, person=person).exists():
        raise ValidationError(_("%(name)s already belongs to this household.") % {"name": person.full_name})
    Membership.objects.create(
        family=family, person=person, relation=relation, parental_authority=parental_authority
    )
    family_names_refresh([family.pk])


def family_names_refresh(family_ids: Iterable[int]) -> None:
    """Family.search_names again from the members' search names: after members come or go, or are erased."""
    family_ids = list(family_ids)
    for start in range(0, len(family_ids), NAMES_BATCH):
        batch = family_ids[start : start + NAMES_BATCH]
        names: dict[int, list[str]] = {pk: [] for pk in batch}
        members = Membership.objects.filter(family_id__in=batch).order_by("person_id")
        for family_id, name in members.values_list("family_id", "person__search_name"):
            names[family_id].append(name)
        Family.objects.bulk_update(
            [Family(pk=pk, search_names="\n".join(filter(None, found))) for pk, found in names.items()],
            ["search_names"],
        )


@transaction.atomic
def case_start(
    *,
    by: User,
    team: Team,
    director: User,
    reason: str,
    opened_on: dt.date,
    household_name: str,
    address: dict,
    person: dict,
    relation: str,
    parental_authority: bool,
    confirmed_new: bool = False,
) -> Case:
    """A signal on a family new to Zicht: the household, its first member and the case, in one go."""
    first = _person_create(**person, by=by, confirmed_new=confirmed_new)
    family = family_create(name=household_name, **address, by=by)
    _membership_add(family=family, person=first, relation=relation, parental_authority=parental_authority)
    return case_open(family=family, team=team, director=director, by=by, reason=reason, opened_on=opened_on)


@transaction.atomic
def person_add_to_family(
    *,
    case: Case,
    by: User,
    relation: str,
    parental_authority: bool,
    existing: Person | None = None,
    person: dict | None = None,
    confirmed_new: bool = False,
) -> Person:
    """Add an existing or new person to the household; a likely duplicate is refused until confirmed."""
    require(by, "work_case", case)
    case_ensure_open(case)
    if existing is not None and not persons_visible_to(by).filter(pk=existing.pk).exists():
        raise PermissionDenied  # an id from a form that the user may not see
    added = existing if existing is not None else _person_create(**person, by=by, confirmed_new=confirmed_new)
    _membership_add(
        family=case.family, person=added, relation=relation, parental_authority=parental_authority
    )
    if relation == Relation.CHILD:
        CaseChild.objects.create(case=case, child=added)
    access_event_record(user=by, action=AccessEvent.Action.CREATE, case=case, object_ref=f"person:{added.pk}")
    return added


def _validate_contact(
    case: Case, occurred_at: dt.datetime, kind: str, seen: set[Person], spoken_alone: set[Person]
) -> None:
    errors = {}
    if occurred_at > timezone.now() + CLOCK_SKEW:
        errors["occurred_at"] = _("A contact cannot be in the future.")
    children = set(case.children.all())
    if not seen <= children or not spoken_alone <= children:
        errors["children_seen"] = _("Only children of this case can be seen or spoken to.")
    elif kind in NOT_HELD and (seen or spoken_alone):
        errors["children_seen"] = _("Nobody was seen at a contact that did not take place.")
    elif kind == ContactKind.PHONE and seen:
        errors["children_seen"] = _("Children are not seen in a phone call; use 'spoken to alone'.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_log(
    *,
    case: Case,
    by: User,
    occurred_at: dt.datetime,
    kind: str,
    present: str = "",
    children_seen: Iterable[Person] = (),
    children_spoken_alone: Iterable[Person] = (),
    safety_scale: int | None = None,
    note: str = "",
) -> Contact:
    """Log a contact; keeps the case's last contact and each child's last face-to-face time current."""
    require(by, "work_case", case)
    case_ensure_open(case)
    seen, spoken_alone = set(children_seen), set(children_spoken_alone)
    _validate_contact(case, occurred_at, kind, seen, spoken_alone)
    contact = Contact.objects.create(
        case=case,
        occurred_at=occurred_at,
        kind=kind,
        present=present.strip(),
        safety_scale=safety_scale,
        note=note.strip(),
        author=by,
    )
    contact.children_seen.set(seen)
    contact.children_spoken_alone.set(spoken_alone)
    if kind not in NOT_HELD:
        Case.objects.filter(pk=case.pk).update(
            last_contact_at=Greatest(Coalesce("last_contact_at", occurred_at), occurred_at)
        )
    if kind in FACE_TO_FACE and seen:
        CaseChild.objects.filter(case=case, child__in=seen).update(
            last_seen_at=Greatest(Coalesce("last_seen_at", occurred_at), occurred_at)
        )
    access_event_record(
        user=by, action=AccessEvent.Action.CREATE, case=case, object_ref=f"contact:{contact.pk}"
    )
    return contact


def contact_within_edit_window(contact: Contact) -> bool:
    return timezone.now() - contact.created_at <= CONTACT_EDIT_WINDOW


def contact_is_editable_by(contact: Contact, user: User) -> bool:
    """Its author may correct a contact for 24 hours, while the case is open."""
    return contact.author_id == user.pk and contact_within_edit_window(contact) and not contact.case.is_closed


@transaction.atomic
def contact_update(
    *, contact: Contact, by: User, note: str, safety_scale: int | None, expected_version: int
) -> Contact:
    """Correct a contact's note and scale: its author only, within 24 hours; the earlier wording is kept."""
    require(by, "work_case", contact.case)
    case_ensure_open(contact.case)
    if not contact_is_editable_by(contact, by):
        raise PermissionDenied
    now = timezone.now()
    version_bump(
        Contact.objects,
        contact,
        expected_version,
        note=note.strip(),
        safety_scale=safety_scale,
        updated_at=now,
    )
    ContactRevision.objects.create(
        contact=contact,
        note=contact.note,
        safety_scale=contact.safety_scale,
        written_at=contact.updated_at,
        replaced_at=now,
    )
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=contact.case, object_ref=f"contact:{contact.pk}"
    )
    contact.refresh_from_db()
    return contact


@transaction.atomic
def address_record_move(
    *,
    case: Case,
    by: User,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
    municipality: Municipality,
    moved_on: dt.date,
) -> Address:
    """Record that the household moved; whether it left the team's area is kept with the move."""
    require(by, "work_case", case)
    case_ensure_open(case)
    current = case.family.addresses.select_for_update().filter(valid_to__isnull=True).first()
    if moved_on > timezone.localdate():
        raise ValidationError({"moved_on": _("A move cannot be recorded before it happened.")})
    if current is not None and moved_on < current.valid_from:
        raise ValidationError(
            {
                "moved_on": _(
                    "The family lived at its current address from %(date)s; a move cannot be earlier."
                )
                % {"date": current.valid_from.strftime("%d-%m-%Y")}
            }
        )
    if current is not None:
        current.valid_to = moved_on
        current.save(update_fields=["valid_to"])
    served = case.team.municipalities.all()
    address = Address.objects.create(
        family=case.family,
        street=street,
        house_number=house_number,
        postcode=normalise_postcode(postcode),
        city=city,
        municipality=municipality,
        valid_from=moved_on,
        left_team_area=served.exists() and not served.filter(pk=municipality.pk).exists(),
        recorded_by=by,
    )
    access_event_record(
        user=by, action=AccessEvent.Action.CREATE, case=case, object_ref=f"address:{address.pk}"
    )
    if address.left_team_area:
        hooks.emit("family_left_team_area", case=case)  # event rules (OV-03) flag at once
    return address


class NoFileFound(ValidationError):
    def __init__(self):
        super().__init__(_("No file with this BSN was found."), code="not_found")


@transaction.atomic
def emergency_access_request(*, by: User, bsn: str, reason: str) -> EmergencyAccess:
    """Break the glass: view-only access for 24 hours to the file of the person with this BSN.

    Logged as an emergency in the access log; the case's team leads and every privacy officer are
    told, in the app and by e-mail.
    """
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Write down why you need this file now (at least a sentence).")})
    case = case_for_bsn(bsn)
    if case is None:
        raise NoFileFound
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        case=case, user=by, reason=reason.strip(), granted_at=now, expires_at=now + EMERGENCY_DURATION
    )
    access_event_record(
        user=by,
        action=AccessEvent.Action.EMERGENCY,
        case=case,
        object_ref=f"case:{case.pk}",
        reason=reason.strip(),
    )
    text = _(
        "%(user)s (%(organisation)s) used emergency access to case %(number)s of %(team)s. Reason: %(reason)s"
    ) % {
        "user": by.get_full_name() or by.username,
        "organisation": by.organisation or "-",
        "number": case.number,
        "team": case.team.name,
        "reason": reason.strip(),
    }
    recipients = User.objects.filter(
        Q(groups=case.team.lead_group) | Q(groups__name=Role.PRIVACY_OFFICER.value), is_active=True
    ).distinct()
    notify(users=recipients, text=text, link=reverse("cases:access-log", args=[case.pk]))
    return access


@transaction.atomic
def emergency_access_expire(*, now: dt.datetime | None = None) -> int:
    """End every emergency access past its 24 hours; returns how many ended."""
    now = now or timezone.now()
    return EmergencyAccess.objects.filter(revoked_at__isnull=True, expires_at__lte=now).update(revoked_at=now)


@transaction.atomic
def case_handover_accept(
    *,
    by: User,
    team: Team,
    director: User,
    case: Case | None,
    family: Family | None,
    household: dict,
    people: list[dict],
    reason: str,
) -> tuple[Case, list[Person | None]]:
    """Zicht op veiligheid moves to the team on accepting a Veilig Thuis handover: the family's open case
    continues, or a case opens (on the known family chosen, or on a new household made from the handover's
    people, linked to the person with the same BSN where Zicht knows one) and it is in VOLUNTARY.

    ``people`` are dicts of given_name, surname_prefix, surname, birth_date, bsn and relation; the list
    returned holds the Person made or linked for each of them (None when the case existed already).
    """
    if case is None and family is not None:
        case = family.cases.exclude(phase=Phase.CLOSED).first()
    linked: list[Person | None] = [None] * len(people)
    if case is None:
        if family is None:
            family = family_create(**household, by=by)
            for index, entry in enumerate(people):
                known = Person.objects.filter(bsn=entry["bsn"]).first() if entry.get("bsn") else None
                person = known or _person_new(
                    entry["given_name"], entry["surname_prefix"], entry["surname"], entry["birth_date"], "",
                    entry.get("bsn"),
                )  # fmt: skip
                relation = entry["relation"]
                _membership_add(
                    family=family,
                    person=person,
                    relation=relation,
                    parental_authority=relation != Relation.CHILD,
                )
                linked[index] = person
        case = case_open(
            family=family, team=team, director=director, by=by, reason=reason,
            follow_up_of=recent_closed_case(family),
        )  # fmt: skip
    if case.phase == Phase.INTAKE:
        # Accepting is the event that takes the case out of intake (an edge of the transition table).
        case_version_bump(case=case, expected_version=case.version)
        case_phase_set(case=case, to=Phase.VOLUNTARY, by=by, reason=reason)
    return case, linked


@transaction.atomic
def case_board_request_record(
    *,
    case: Case,
    by: User,
    investigator: User,
    requested_on: dt.date,
    reason: str,
    expected_version: int,
) -> PhaseChange:
    """The Raad investigates at a direct request, without the Beschermtafel (a verzoek tot onderzoek by
    Veilig Thuis or the team in acute danger): recorded with its date and reason, the case moves to
    INVESTIGATION with the Raad investigator named, and access follows at once."""
    require(by, "direct_case", case)
    case_ensure_open(case)
    errors = {}
    if Phase(case.phase) not in BOARD_REQUEST_FROM:
        errors["__all__"] = _(
            "A direct request to the Raad is recorded from the voluntary phase or under pressure; "
            "otherwise the Beschermtafel or the court moves the case."
        )
    if not reason.strip():
        errors["reason"] = _("Say who asked the Raad to investigate, and why without the table.")
    if requested_on > timezone.localdate():
        errors["requested_on"] = _("A request cannot be recorded before it was made.")
    if Role.BOARD_INVESTIGATOR not in investigator.roles:
        errors["investigator"] = _("Name the investigator of the Raad voor de Kinderbescherming.")
    if errors:
        raise ValidationError(errors)
    case_version_bump(case=case, expected_version=expected_version)
    case_assignments_replace(
        case, by, roles=[CaseRole.BOARD_INVESTIGATOR], wanted={(investigator.pk, CaseRole.BOARD_INVESTIGATOR)}
    )
    with translation.override(settings.LANGUAGE_CODE):
        stated = _("Direct request to the Raad voor de Kinderbescherming of %(date)s: %(reason)s") % {
            "date": requested_on.strftime("%d-%m-%Y"),
            "reason": reason.strip(),
        }
    return case_phase_set(case=case, to=Phase.INVESTIGATION, by=by, reason=stated)


# --- Beschermtafel outcome: called by tables.services ---
@transaction.atomic
def case_table_outcome_apply(
    *, case: Case, to: Phase, by: User, reason: str, investigator: User | None = None
) -> PhaseChange | None:
    """Move the case as the Beschermtafel decided; the legal event itself, so not the hand transition table.

    PRESSURE (drang), INVESTIGATION with the Raad investigator assigned, or back to VOLUNTARY when the table
    advises that voluntary help suffices. Access follows at once. The caller (tables.services) checks that
    ``by`` chairs the table; a case already in the phase keeps it (None is returned).
    """
    to = Phase(to)
    locked = Case.objects.select_for_update().select_related("team").get(pk=case.pk)
    current = Phase(locked.phase)
    if to not in TABLE_OUTCOME_FROM:
        raise ValueError(f"A table outcome does not move a case to {to}")
    if current not in TABLE_OUTCOME_FROM[to]:
        raise ValidationError(
            _("The case is in the phase %(phase)s: the table's outcome cannot move it any more.")
            % {"phase": current.label},
            code="table_outcome_refused",
        )
    named = investigator is not None and Role.BOARD_INVESTIGATOR in investigator.roles
    if to == Phase.INVESTIGATION and not named:
        raise ValidationError(
            {"investigator": _("Name the investigator of the Raad voor de Kinderbescherming.")}
        )
    case_version_bump(case=locked, expected_version=locked.version)
    if to == Phase.INVESTIGATION:
        wanted = {(investigator.pk, CaseRole.BOARD_INVESTIGATOR)}
        case_assignments_replace(locked, by, roles=[CaseRole.BOARD_INVESTIGATOR], wanted=wanted)
    change = None
    if current != to:
        change = case_phase_set(case=locked, to=to, by=by, reason=reason)
    case.phase, case.version = locked.phase, locked.version
    case.__dict__.pop("_permissions", None)
    return change
