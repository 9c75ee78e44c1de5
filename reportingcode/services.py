"""Every write to the meldcode record of a case (domain.md §2): the five steps and the step-5 decision."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.access import require
from cases.models import Case
from cases.services import case_ensure_open
from reportingcode.models import ReportingCodeDecision, ReportingCodeStep


@transaction.atomic
def reporting_code_step_record(
    *, case: Case, by: User, step: int, done_on: dt.date, performed_by: str, note: str
) -> ReportingCodeStep:
    """Record (or correct) one of the five meldcode steps."""
    require(by, "work_case", case)
    case_ensure_open(case)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A step cannot be recorded before it happened.")})
    record, _created = ReportingCodeStep.objects.update_or_create(
        case=case,
        step=step,
        defaults={
            "done_on": done_on,
            "performed_by": performed_by.strip(),
            "note": note.strip(),
            "recorded_by": by,
        },
    )
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=case, object_ref=f"reporting_code_step:{record.pk}"
    )
    return record


@transaction.atomic
def reporting_code_decide(
    *,
    case: Case,
    by: User,
    reporting_required: bool,
    reporting_rationale: str,
    own_help_possible: bool,
    own_help_rationale: str,
    decided_on: dt.date,
) -> ReportingCodeDecision:
    """Record the step-5 decision with both questions of the afwegingskader answered and explained."""
    require(by, "work_case", case)
    case_ensure_open(case)
    errors = {}
    if not reporting_rationale.strip():
        errors["reporting_rationale"] = _("Explain the answer.")
    if not own_help_rationale.strip():
        errors["own_help_rationale"] = _("Explain the answer.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be recorded before it was taken.")
    if errors:
        raise ValidationError(errors)
    decision, _created = ReportingCodeDecision.objects.update_or_create(
        case=case,
        defaults={
            "reporting_required": reporting_required,
            "reporting_rationale": reporting_rationale.strip(),
            "own_help_possible": own_help_possible,
            "own_help_rationale": own_help_rationale.strip(),
            "decided_on": decided_on,
            "decided_by": by,
        },
    )
    access_event_record(
        user=by,
        action=AccessEvent.Action.UPDATE,
        case=case,
        object_ref=f"reporting_code_decision:{decision.pk}",
    )
    return decision
