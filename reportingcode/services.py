"""Every write to the meldcode record of a case (domain.md §2): the five steps and the step-5 decision."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.access import require
from cases.models import Case
from cases.services import case_ensure_open
from core.locking import StaleEdit
from reportingcode.models import ReportingCodeDecision, ReportingCodeStep, Weighing, own_help_possible, weigh

# Peer consultation, the conversation and the weighing: recorded before step 5, or skipped with a reason.
STEPS_BEFORE_DECISION = (
    ReportingCodeStep.Step.CONSULTATION,
    ReportingCodeStep.Step.CONVERSATION,
    ReportingCodeStep.Step.WEIGH,
)


@transaction.atomic
def reporting_code_step_record(
    *, case: Case, by: User, step: int, done_on: dt.date, performed_by: str, note: str
) -> ReportingCodeStep:
    """Record (or correct) one of the five meldcode steps."""
    require(by, "work_case", case)
    case_ensure_open(case)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A step cannot be recorded before it happened.")})
    if step == ReportingCodeStep.Step.DECIDE:
        missing = _steps_missing_before_decision(case)
        skipped = getattr(case, "reporting_code_decision", None)
        if missing and not (skipped and set(missing) <= set(skipped.skipped_steps)):
            raise ValidationError(_missing_steps_message(missing))
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


def _steps_missing_before_decision(case: Case) -> list[int]:
    """Steps 2-4 (consultation, conversation, weighing) not recorded on the case."""
    recorded = set(case.reporting_code_steps.values_list("step", flat=True))
    return [int(step) for step in STEPS_BEFORE_DECISION if step not in recorded]


def _missing_steps_message(missing: list[int]) -> str:
    return _(
        "Steps 2 to 4 have not all been recorded (missing: %(missing)s). Record them first, or give the "
        "reason they were skipped with the decision (for example acute danger: reported at once)."
    ) % {"missing": ", ".join(str(step) for step in missing)}


@transaction.atomic
def reporting_code_decide(
    *,
    case: Case,
    by: User,
    weighings: dict[int, tuple[bool | None, str]],
    decided_on: dt.date,
    expected_version: int,
    skipped_reason: str = "",
) -> ReportingCodeDecision:
    """Record the step-5 decision: the afwegingen answered one by one, each explained, in the order of the
    afwegingskader (domain.md §2.2); whether reporting is required follows from the answers.

    ``weighings``: per question (Weighing.Question), the answer (None: not answered) and its explanation.
    Steps 2-4 must be recorded first, unless ``skipped_reason`` says why they were skipped.
    ``expected_version``: the version of the decision the form showed (0: none yet).
    """
    require(by, "work_case", case)
    case_ensure_open(case)
    errors = {}
    answers = {}
    for question, (answer, explanation) in weighings.items():
        if answer is None:
            if explanation.strip():
                errors[f"answer_{question}"] = _("Choose yes or no, or leave the explanation empty.")
            continue
        answers[question] = answer
        if not explanation.strip():
            errors[f"explanation_{question}"] = _("Explain the answer.")
    reporting_required, unanswered = weigh(answers)
    if unanswered is not None:
        errors.setdefault(f"answer_{unanswered}", _("Answer this question: the decision depends on it."))
    missing = _steps_missing_before_decision(case)
    if missing and not skipped_reason.strip():
        errors["skipped_reason"] = _missing_steps_message(missing)
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be recorded before it was taken.")
    if errors:
        raise ValidationError(errors)
    decision = ReportingCodeDecision.objects.select_for_update().filter(case=case).first()
    if (decision.version if decision else 0) != expected_version:
        raise StaleEdit
    decision = decision or ReportingCodeDecision(case=case, version=0)
    decision.reporting_required = reporting_required
    decision.own_help_possible = own_help_possible(answers)
    decision.reporting_rationale = decision.own_help_rationale = ""  # the explanations are per question now
    decision.decided_on = decided_on
    decision.decided_by = by
    decision.skipped_steps = missing
    decision.skipped_reason = skipped_reason.strip() if missing else ""
    decision.recorded_at = timezone.now()
    decision.version += 1
    try:
        with transaction.atomic():  # someone else may have recorded the first decision at the same moment
            decision.save()
    except IntegrityError:
        raise StaleEdit from None
    decision.weighings.all().delete()
    Weighing.objects.bulk_create(
        Weighing(
            decision=decision, question=question, answer=answer, explanation=weighings[question][1].strip()
        )
        for question, answer in sorted(answers.items())
    )
    access_event_record(
        user=by,
        action=AccessEvent.Action.UPDATE,
        case=case,
        object_ref=f"reporting_code_decision:{decision.pk}",
    )
    return decision
