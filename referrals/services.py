"""Every write to referrals (overdrachten): from the Veilig Thuis draft to acceptance and monitoring."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, Team, User
from accounts.roles import Role
from accounts.services import notify
from audit.models import AccessEvent
from audit.services import access_event_record
from cases import hooks
from cases import services as case_services
from cases.access import require
from cases.models import Case, CaseAssignment, CaseRole, Family, Phase, Relation
from cases.selectors import case_directors
from core.dates import months_before
from core.locking import StaleEdit, version_check
from core.validators import normalise_postcode
from referrals.models import MonitoringMoment, Referral, ReferralEvent, ReferralPerson, SafetyCondition
from referrals.selectors import monitoring_over

# Monitoring moments, in months after acceptance, when Veilig Thuis agrees nothing else ([ASSUMPTION]).
DEFAULT_MONITORING_MONTHS = (3, 6)
# The Veilig Thuis monitor keeps access this long after the last monitoring moment is due.
MONITORING_GRACE = dt.timedelta(days=14)
# A result is recorded around its moment: from this long before the date on, as a visit or call is planned
# in the weeks around it (the same two weeks the monitor has after the last one). Earlier asks why: monitoring
# checks whether the family became and stays stably safe (domain.md §1.2), which a result recorded on the day
# of acceptance cannot say. No source names the window ([ASSUMPTION], like the 3 and 6 months).
MONITORING_EARLY_WINDOW = dt.timedelta(days=14)


HANDOVER_PERSON_FIELDS = ("given_name", "surname_prefix", "surname", "birth_date", "bsn", "relation")
STALE_REFERRAL = gettext_lazy("Someone else changed this handover in the meantime. Look at it again.")


def _require_vt(user: User, referral: Referral | None = None) -> None:
    organisation = user.organisation
    if (
        Role.VT_WORKER not in user.roles
        or organisation is None
        or organisation.kind != Organisation.Kind.VEILIG_THUIS
        or (referral is not None and referral.organisation_id != organisation.pk)
    ):
        raise PermissionDenied


def _require_team(user: User, team: Team) -> None:
    if not team.has_member(user):
        raise PermissionDenied


def _event(
    referral: Referral,
    kind: str,
    by: User,
    reason: str = "",
    team: Team | None = None,
    from_team: Team | None = None,
) -> None:
    ReferralEvent.objects.create(
        referral=referral, kind=kind, by=by, reason=reason.strip(), team=team, from_team=from_team
    )
    access_event_record(
        user=by,
        action=AccessEvent.Action.UPDATE,
        case=referral.case,
        object_ref=f"referral:{referral.pk}",
        reason=reason.strip(),
    )


@transaction.atomic
def referral_save_draft(
    *,
    by: User,
    form_token: uuid.UUID,
    fields: dict,
    persons: list[dict],
    conditions: list[str],
    monitoring_months: list[int],
    referral: Referral | None = None,
) -> Referral:
    """Create or update a draft. A form posted twice (same token) updates the draft it made the first time."""
    _require_vt(by, referral)
    if referral is None:
        referral = Referral.objects.filter(form_token=form_token).first()
        if referral is not None:
            _require_vt(by, referral)
    if referral is not None and referral.state not in (Referral.State.DRAFT, Referral.State.RETURNED):
        return referral  # already sent: a repeated post changes nothing
    if not persons:
        raise ValidationError(_("Name at least one member of the family."))
    if not any(person["relation"] == Relation.CHILD for person in persons):
        raise ValidationError(_("A handover is about children: name at least one child."))
    if not conditions:
        raise ValidationError(_("Write down at least one safety condition."))
    if referral is None:
        referral = Referral(form_token=form_token, organisation=by.organisation, created_by=by)
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.postcode = normalise_postcode(referral.postcode)
    referral.save()
    referral.persons.all().delete()
    ReferralPerson.objects.bulk_create(ReferralPerson(referral=referral, **person) for person in persons)
    referral.conditions.all().delete()
    SafetyCondition.objects.bulk_create(
        SafetyCondition(referral=referral, text=text.strip(), position=index)
        for index, text in enumerate(conditions)
    )
    referral.monitoring_moments.all().delete()
    defaults = sorted(monitoring_months) == sorted(DEFAULT_MONITORING_MONTHS)
    MonitoringMoment.objects.bulk_create(
        MonitoringMoment(referral=referral, months_after_acceptance=months, is_default=defaults)
        for months in sorted(set(monitoring_months))
    )
    access_event_record(user=by, action=AccessEvent.Action.UPDATE, object_ref=f"referral:{referral.pk}")
    return referral


def _open_case_of(referral: Referral) -> Case | None:
    """The open case of the family this referral is about, found by an exact BSN."""
    bsns = [bsn for bsn in referral.persons.values_list("bsn", flat=True) if bsn]
    if not bsns:
        return None
    return (
        Case.objects.filter(family__memberships__person__bsn__in=bsns)
        .exclude(phase=Phase.CLOSED)
        .select_related("team")
        .first()
    )


@transaction.atomic
def referral_send(*, referral: Referral, by: User) -> Referral:
    """Send a draft (or a returned referral, corrected). Sending twice sends once.

    A referral about a family that already has an open case goes to that case's team, is attached to
    the case, and its director hears of it at once.
    """
    _require_vt(by, referral)
    sent = Referral.objects.filter(
        pk=referral.pk, state__in=[Referral.State.DRAFT, Referral.State.RETURNED]
    ).update(state=Referral.State.SENT, sent_at=timezone.now(), version=F("version") + 1)
    referral.refresh_from_db()
    if not sent:
        return referral
    case = _open_case_of(referral)
    if case is not None:
        referral.case = case
        referral.receiving_team = case.team
        referral.save(update_fields=["case", "receiving_team"])
        directors = case_directors(case)
        # Event rules (VT-08) flag at once, not at the next run.
        hooks.emit("referral_on_open_case", case=case, referral=referral)
        notify(
            users=directors,
            text=_("Veilig Thuis sent a new handover (%(reference)s) about the family of case %(number)s.")
            % {"reference": referral.reference, "number": case.number},
            link=reverse("referrals:detail", args=[referral.pk]),
        )
    _event(referral, ReferralEvent.Kind.SENT, by, team=referral.receiving_team)
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, by: User, reason: str) -> Referral:
    """Veilig Thuis takes a referral back, with a reason. Nothing is deleted."""
    _require_vt(by, referral)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if not Referral.objects.filter(
        pk=referral.pk, state__in=[Referral.State.DRAFT, Referral.State.SENT, Referral.State.RETURNED]
    ).update(state=Referral.State.WITHDRAWN, version=F("version") + 1):
        raise StaleEdit(_("This handover has been accepted already and can no longer be withdrawn."))
    referral.refresh_from_db()
    _event(referral, ReferralEvent.Kind.WITHDRAWN, by, reason)
    return referral


def _take_open_referral(referral: Referral, by: User, expected_version: int) -> Referral:
    """Lock the referral for a decision by its receiving team; refuse when someone else decided first."""
    locked = Referral.objects.select_for_update().select_related("receiving_team").get(pk=referral.pk)
    _require_team(by, locked.receiving_team)
    if locked.state != Referral.State.SENT:
        if locked.state == Referral.State.ACCEPTED:
            raise StaleEdit(
                _("%(name)s accepted this handover at %(at)s already.")
                % {
                    "name": locked.accepted_by.get_full_name(),
                    "at": timezone.localtime(locked.accepted_at).strftime("%d-%m-%Y %H:%M"),
                }
            )
        raise StaleEdit(_("This handover is no longer waiting for your team."))
    version_check(locked, expected_version, message=STALE_REFERRAL)
    return locked


@transaction.atomic
def referral_return(*, referral: Referral, by: User, reason: str, expected_version: int) -> Referral:
    """Send a referral back to Veilig Thuis with a question."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what Veilig Thuis should answer or change.")})
    locked = _take_open_referral(referral, by, expected_version)
    locked.state = Referral.State.RETURNED
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    _event(locked, ReferralEvent.Kind.RETURNED, by, reason, team=locked.receiving_team)
    notify(
        users=[locked.created_by],
        text=_("Handover %(reference)s was returned by %(team)s: %(reason)s")
        % {"reference": locked.reference, "team": locked.receiving_team.name, "reason": reason.strip()},
        link=reverse("referrals:detail", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def referral_forward(
    *, referral: Referral, by: User, team: Team, reason: str, expected_version: int
) -> Referral:
    """Pass a referral to the right team (another municipality), with a reason Veilig Thuis can read."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this handover belongs with another team.")})
    locked = _take_open_referral(referral, by, expected_version)
    if team.pk == locked.receiving_team_id:
        raise ValidationError({"team": _("Choose another team than your own.")})
    from_team = locked.receiving_team
    locked.receiving_team = team
    locked.version += 1
    locked.save(update_fields=["receiving_team", "version"])
    _event(locked, ReferralEvent.Kind.FORWARDED, by, reason, team=team, from_team=from_team)
    return locked


@transaction.atomic
def referral_accept(
    *, referral: Referral, by: User, director: User, family: Family | None, expected_version: int
) -> Case:
    """Accept a handover: zicht op veiligheid now lies with this team.

    The case opens (or continues) in VOLUNTARY with the referral on its timeline and its conditions on
    the case; the Veilig Thuis worker becomes the case's monitor for the monitoring period. Of two
    people accepting at once, the first wins and the second is told who did.
    """
    locked = _take_open_referral(referral, by, expected_version)
    team = locked.receiving_team
    if not team.has_member(director):
        raise ValidationError(
            {"director": _("%(name)s is not a member of %(team)s.") % {"name": director, "team": team}}
        )
    entries = list(locked.persons.all())
    first_child = next(entry for entry in entries if entry.relation == Relation.CHILD)
    case, linked = case_services.case_handover_accept(
        by=by,
        team=team,
        director=director,
        case=locked.case if locked.case is not None and not locked.case.is_closed else None,
        family=family,
        household={
            "name": _("Family %(surname)s")
            % {"surname": " ".join(filter(None, [first_child.surname_prefix, first_child.surname]))},
            "street": locked.street,
            "house_number": locked.house_number,
            "postcode": locked.postcode,
            "city": locked.city,
            "municipality": locked.municipality,
            "living_since": timezone.localdate(),
        },
        people=[
            {
                field: getattr(entry, field)
                for field in ("given_name", "surname_prefix", "surname", "birth_date", "bsn", "relation")
            }
            for entry in entries
        ],
        reason=_("Handover from Veilig Thuis (%(reference)s) accepted.") % {"reference": locked.reference},
    )
    for entry, person in zip(entries, linked, strict=True):
        if person is not None:
            entry.person = person
            entry.save(update_fields=["person"])

    today = timezone.localdate()
    moments = list(locked.monitoring_moments.all())
    for moment in moments:
        moment.due_on = months_before(today, -moment.months_after_acceptance)
    MonitoringMoment.objects.bulk_update(moments, ["due_on"])
    locked.monitoring_ends_on = max((m.due_on for m in moments), default=today) + MONITORING_GRACE
    locked.conditions.update(case=case)
    locked.state = Referral.State.ACCEPTED
    locked.accepted_at = timezone.now()
    locked.accepted_by = by
    locked.case = case
    locked.version += 1
    locked.save(
        update_fields=["state", "accepted_at", "accepted_by", "case", "version", "monitoring_ends_on"]
    )
    case_services.case_assignments_replace(
        case, by, roles=[CaseRole.VT_MONITOR], wanted={(locked.created_by_id, CaseRole.VT_MONITOR)}
    )
    _event(locked, ReferralEvent.Kind.ACCEPTED, by, team=team)
    notify(
        users=[locked.created_by],
        text=_(
            "Handover %(reference)s was accepted by %(team)s (case %(number)s). "
            "You monitor it until %(until)s."
        )
        % {
            "reference": locked.reference,
            "team": team.name,
            "number": case.number,
            "until": locked.monitoring_ends_on.strftime("%d-%m-%Y"),
        },
        link=reverse("cases:detail", args=[case.pk]),
    )
    return case


@transaction.atomic
def referral_plan_warm_handover(*, referral: Referral, by: User, at: dt.datetime) -> Referral:
    """Plan the joint conversation of Veilig Thuis, worker and family (logged later as a contact)."""
    if referral.receiving_team_id is None or referral.state not in (
        Referral.State.SENT,
        Referral.State.ACCEPTED,
    ):
        raise ValidationError(
            _("A warm handover can only be planned for a handover that is sent or accepted.")
        )
    _require_team(by, referral.receiving_team)
    if at < timezone.now():
        raise ValidationError({"at": _("Plan the warm handover in the future.")})
    referral.warm_handover_at = at
    referral.save(update_fields=["warm_handover_at"])
    _event(referral, ReferralEvent.Kind.WARM_HANDOVER, by, team=referral.receiving_team)
    notify(
        users=[referral.created_by],
        text=_("Warm handover for %(reference)s planned on %(at)s.")
        % {"reference": referral.reference, "at": timezone.localtime(at).strftime("%d-%m-%Y %H:%M")},
        link=reverse("referrals:detail", args=[referral.pk]),
    )
    return referral


def monitoring_is_early(moment: MonitoringMoment, today: dt.date | None = None) -> bool:
    """Whether recording the moment's result now comes before its window (MONITORING_EARLY_WINDOW)."""
    today = today or timezone.localdate()
    return moment.due_on is not None and today < moment.due_on - MONITORING_EARLY_WINDOW


def early_reason_missing(moment: MonitoringMoment) -> str:
    return _("This moment is not until %(date)s: say why you record it now already.") % {
        "date": date_format(moment.due_on, "j F Y")
    }


@transaction.atomic
def monitoring_record(
    *, moment: MonitoringMoment, by: User, result: str, note: str, early_reason: str = ""
) -> MonitoringMoment:
    """The monitor records whether the conditions are met; "not met" alerts the director at once.

    Well before the moment's date it takes a reason (``early_reason``), kept with the result.
    """
    case = Referral.objects.select_related("case__team").get(pk=moment.referral_id).case
    if case is None:
        raise ValidationError(_("Monitoring starts when the handover is accepted."))
    require(by, "monitor_case", case)
    if not result:
        raise ValidationError({"result": _("Choose whether the conditions are met.")})
    early = monitoring_is_early(moment)
    if early and not early_reason.strip():
        raise ValidationError({"early_reason": early_reason_missing(moment)})
    moment.result = result
    moment.note = note.strip()
    moment.early_reason = early_reason.strip() if early else ""
    moment.recorded_at = timezone.now()
    moment.recorded_by = by
    moment.save(update_fields=["result", "note", "early_reason", "recorded_at", "recorded_by"])
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"monitoring:{moment.pk}"
    )
    if result == MonitoringMoment.Result.NOT_MET:
        directors = case_directors(case)
        notify(
            users=directors,
            text=_("Veilig Thuis: the safety conditions of case %(number)s are NOT met. %(note)s")
            % {"number": case.number, "note": moment.note},
            link=reverse("cases:detail", args=[case.pk]),
        )
    return moment


@transaction.atomic
def monitoring_access_expire(*, today: dt.date | None = None) -> int:
    """End the Veilig Thuis monitor's assignment on cases whose monitoring period is over.

    Over means: the end date of every handover accepted on the case has passed (referrals.selectors.
    monitoring_over); a later handover still being monitored keeps its monitor. Reads ignore the
    monitor's rows from that day on whether or not this has run (registered in ReferralsConfig.ready()).
    """
    today = today or timezone.localdate()
    finished = (
        CaseAssignment.objects.filter(role=CaseRole.VT_MONITOR, ends_at__isnull=True)
        .filter(monitoring_over(today))
        .select_related("case__team", "user")
        .order_by("case_id")
    )
    cases = {assignment.case_id: assignment for assignment in finished}
    for assignment in cases.values():
        case_services.case_assignments_replace(
            assignment.case, assignment.user, roles=[CaseRole.VT_MONITOR], wanted=set()
        )
    return len(cases)
