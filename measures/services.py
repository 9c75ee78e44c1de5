"""Every write to court measures and placements (domain.md §4).

A measure moves its case into MANDATED and the GI worker takes direction; the last one ending moves it out.
The case's own writes (phase, assignments, version) go through cases.services.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.access import MEASURE, require
from cases.models import Case, CaseRole, ClosingReason, Person, Phase
from cases.services import case_assignments_replace, case_ensure_open, case_phase_set, case_version_bump
from core.dates import months_before
from measures.models import EXTENDABLE, MEASURE_MAX_MONTHS, Measure, MeasureExtension, MeasureKind, Placement
from measures.selectors import cases_mandated_without_measure


def _months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def _check_term(kind: str, starts_on: dt.date, ends_on: dt.date | None, field: str = "ends_on") -> None:
    """A measure runs no longer than the law allows per decision; guardianship has no end date."""
    kind = MeasureKind(kind)
    if kind == MeasureKind.GUARDIANSHIP:
        return
    if ends_on is None:
        raise ValidationError({field: _("A %(measure)s has an end date.") % {"measure": kind.label}})
    if ends_on <= starts_on:
        raise ValidationError({field: _("The end date lies after the start date.")})
    months = MEASURE_MAX_MONTHS[kind]
    if ends_on > _months_after(starts_on, months):
        raise ValidationError(
            {
                field: _(
                    "By law a %(measure)s runs at most %(months)s months per decision: "
                    "until %(date)s at the latest."
                )
                % {
                    "measure": kind.label,
                    "months": months,
                    "date": _months_after(starts_on, months).strftime("%d-%m-%Y"),
                }
            },
            code="legal_maximum",
        )


@transaction.atomic
def measure_record(
    *,
    case: Case,
    by: User,
    kind: str,
    children: Iterable[Person],
    court: str,
    decided_on: dt.date,
    starts_on: dt.date,
    ends_on: dt.date | None,
    gi_worker: User,
    expected_version: int,
) -> Measure:
    """Record a court measure: the case moves to MANDATED and the GI worker takes direction.

    A court may order from any open phase, so this does not go through the transition table.
    """
    require(by, MEASURE, case)
    case_ensure_open(case)
    children = list(children)
    errors = {}
    if not children:
        errors["children"] = _("Choose the child or children the measure concerns.")
    elif not set(children) <= set(case.children.all()):
        errors["children"] = _("Only children of this case can be named.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be recorded before it was taken.")
    if Role.GI_WORKER not in gi_worker.roles or gi_worker.organisation is None:
        errors["gi_worker"] = _("Choose a child protection worker of a certified institution.")
    if errors:
        raise ValidationError(errors)
    _check_term(kind, starts_on, ends_on)
    case_version_bump(case=case, expected_version=expected_version)
    measure = Measure.objects.create(
        case=case,
        kind=kind,
        court=court.strip(),
        decided_on=decided_on,
        starts_on=starts_on,
        ends_on=ends_on,
        gi_organisation=gi_worker.organisation,
        gi_worker=gi_worker,
        recorded_by=by,
    )
    measure.children.set(children)
    case_assignments_replace(
        case, by, roles=[CaseRole.GI_WORKER], wanted={(gi_worker.pk, CaseRole.GI_WORKER)}
    )
    if case.phase != Phase.MANDATED:
        case_phase_set(
            case=case,
            to=Phase.MANDATED,
            by=by,
            reason=_("The juvenile court ordered a %(measure)s (%(court)s, %(date)s).")
            % {
                "measure": MeasureKind(kind).label,
                "court": court.strip(),
                "date": decided_on.strftime("%d-%m-%Y"),
            },
        )
    access_event_record(
        user=by, action=AccessEvent.Action.CREATE, case=case, object_ref=f"measure:{measure.pk}"
    )
    return measure


@transaction.atomic
def measure_extend(*, measure: Measure, by: User, decided_on: dt.date, new_ends_on: dt.date) -> Measure:
    """Extend an OTS or a placement authorisation, at most a year at a time."""
    require(by, MEASURE, measure.case)
    if measure.kind not in EXTENDABLE or not measure.is_active:
        raise ValidationError(
            _("Only an active supervision order or placement authorisation can be extended.")
        )
    _check_term(measure.kind, measure.ends_on, new_ends_on, field="new_ends_on")
    MeasureExtension.objects.create(
        measure=measure, decided_on=decided_on, previous_ends_on=measure.ends_on, new_ends_on=new_ends_on,
        recorded_by=by,
    )  # fmt: skip
    measure.ends_on = new_ends_on
    measure.save(update_fields=["ends_on"])
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=measure.case, object_ref=f"measure:{measure.pk}"
    )
    return measure


@transaction.atomic
def measure_end(
    *, measure: Measure, by: User, ended_on: dt.date, reason: str, then: str, closing_reason: str = ""
) -> Measure:
    """End a measure. When it was the last one, the case returns to VOLUNTARY or closes, with the reason."""
    case = measure.case
    require(by, MEASURE, case)
    if not measure.is_active:
        raise ValidationError(_("This measure has ended already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the measure ends.")})
    if ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": _("A measure cannot end in the future; record it when it has ended.")}
        )
    last = not case.measures.filter(ended_on__isnull=True).exclude(pk=measure.pk).exists()
    if last and then not in (Phase.VOLUNTARY, Phase.CLOSED):
        raise ValidationError(
            {"then": _("Choose whether the case returns to the voluntary phase or closes.")}
        )
    if last and then == Phase.CLOSED and closing_reason not in ClosingReason.values:
        raise ValidationError({"closing_reason": _("Choose why the case is closed.")})
    measure.ended_on = ended_on
    measure.end_reason = reason.strip()
    measure.save(update_fields=["ended_on", "end_reason"])
    if last:
        case_phase_set(case=case, to=Phase(then), by=by, reason=reason, closing_reason=closing_reason)
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"measure:{measure.pk}"
    )
    return measure


@transaction.atomic
def placement_record(
    *, measure: Measure, by: User, child: Person, where: str, since: dt.date, until: dt.date | None
) -> Placement:
    """Record where a child lives under a placement authorisation."""
    require(by, MEASURE, measure.case)
    errors = {}
    if measure.kind != MeasureKind.PLACEMENT:
        errors["measure"] = _("A placement is recorded against a placement authorisation.")
    if not measure.children.filter(pk=child.pk).exists():
        errors["child"] = _("This child is not named in the authorisation.")
    if until is not None and until < since:
        errors["until"] = _("The end date lies after the start date.")
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(
        measure=measure, child=child, where=where.strip(), since=since, until=until, recorded_by=by
    )
    access_event_record(
        user=by, action=AccessEvent.Action.CREATE, case=measure.case, object_ref=f"placement:{placement.pk}"
    )
    return placement


@transaction.atomic
def cases_mandated_without_measure_repair() -> list[Case]:
    """Return every MANDATED case without an active measure to the phase it was in before.

    Such cases came through a manual edge into MANDATED that no longer exists: nobody directed them and the
    local team was locked out. Each gets a PhaseChange by Zicht with the reason; access follows at once.
    """
    orphans = list(cases_mandated_without_measure().select_for_update().select_related("team").order_by("pk"))
    for case in orphans:
        entered = case.phase_changes.filter(to_phase=Phase.MANDATED).order_by("-changed_at", "-pk").first()
        previous = Phase(entered.from_phase) if entered and entered.from_phase else Phase.VOLUNTARY
        if previous in (Phase.MANDATED, Phase.CLOSED, Phase.INTAKE):
            previous = Phase.VOLUNTARY
        with translation.override(settings.LANGUAGE_CODE):  # the file speaks Dutch, whoever runs this
            reason = _(
                "Returned to %(phase)s: the case was in the court-mandated phase without a court measure. "
                "Only a recorded measure moves a case there."
            ) % {"phase": previous.label}
        case_phase_set(case=case, to=previous, by=None, reason=reason)
        case_version_bump(case=case, expected_version=case.version)  # the row is locked: counts as an edit
    return orphans
