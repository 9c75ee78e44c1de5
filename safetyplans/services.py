"""Every write to safety plans: drafts, agreement with the family, evaluation."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.access import AGREE_PLAN, EDIT_PLAN, require
from cases.models import Case
from cases.services import case_ensure_open
from core.locking import StaleEdit, version_bump
from safetyplans.models import (
    Agreement,
    EmergencyStep,
    Evaluation,
    GoalResult,
    NetworkMember,
    SafetyPlan,
    ScaleScore,
    Worry,
)
from safetyplans.selectors import PLAIN_FIELDS, plan_content

STALE_PLAN = gettext_lazy(
    "Someone else saved this draft in the meantime. "
    "Your text is still below; what they changed is shown above it."
)


class PlanNotEditable(ValidationError):
    def __init__(self):
        super().__init__(_("An agreed plan never changes. Make a new version to change it."), code="agreed")


def _record(by: User, plan: SafetyPlan, action: str) -> None:
    access_event_record(user=by, action=action, case=plan.case, object_ref=f"safety_plan:{plan.pk}")


def _write_rows(plan: SafetyPlan, content: dict) -> None:
    plan.worries.all().delete()
    plan.network.all().delete()
    plan.emergency_steps.all().delete()
    plan.scores.all().delete()
    for position, worry_data in enumerate(content.get("worries", [])):
        agreements = worry_data.get("agreements", [])
        worry = Worry.objects.create(
            plan=plan,
            position=position,
            **{key: value for key, value in worry_data.items() if key != "agreements"},
        )
        Agreement.objects.bulk_create(
            Agreement(worry=worry, position=index, **agreement) for index, agreement in enumerate(agreements)
        )
    NetworkMember.objects.bulk_create(
        NetworkMember(plan=plan, position=index, **member)
        for index, member in enumerate(content.get("network", []))
    )
    EmergencyStep.objects.bulk_create(
        EmergencyStep(plan=plan, position=index, **step)
        for index, step in enumerate(content.get("emergency_steps", []))
    )
    ScaleScore.objects.bulk_create(
        ScaleScore(plan=plan, position=index, **score)
        for index, score in enumerate(content.get("scores", []))
    )


@transaction.atomic
def plan_start(*, case: Case, by: User) -> SafetyPlan:
    """The case's draft: the existing one, or a new version copied from the agreed plan (or empty)."""
    require(by, EDIT_PLAN, case)
    case_ensure_open(case)
    Case.objects.select_for_update().filter(
        pk=case.pk
    ).first()  # one draft at a time, also under double clicks
    draft = case.safety_plans.filter(state=SafetyPlan.State.DRAFT).first()
    if draft is not None:
        return draft
    agreed = case.safety_plans.filter(state=SafetyPlan.State.AGREED).first()
    number = (case.safety_plans.aggregate(last=Max("number"))["last"] or 0) + 1
    if agreed is not None:
        content = plan_content(agreed)
        plan = SafetyPlan.objects.create(
            case=case,
            number=number,
            based_on=agreed,
            created_by=by,
            conditions=agreed.conditions,
            **{field: content[field] for field in PLAIN_FIELDS},
        )
        _write_rows(plan, content)
    else:
        conditions = list(case.safety_conditions.values_list("text", flat=True))
        plan = SafetyPlan.objects.create(case=case, number=number, created_by=by, conditions=conditions)
    _record(by, plan, AccessEvent.Action.CREATE)
    return plan


@transaction.atomic
def plan_save(*, plan: SafetyPlan, by: User, content: dict, expected_edit_version: int) -> SafetyPlan:
    """Save a draft. Refused for an agreed plan, and when someone else saved since this form was opened."""
    require(by, EDIT_PLAN, plan.case)
    case_ensure_open(plan.case)
    if not plan.is_draft:
        raise PlanNotEditable
    fields = {name: content.get(name) or (None if name == "evaluation_on" else "") for name in PLAIN_FIELDS}
    try:
        version_bump(
            SafetyPlan.objects.filter(state=SafetyPlan.State.DRAFT), plan, expected_edit_version,
            field="edit_version", updated_at=timezone.now(), **fields,
        )  # fmt: skip
    except StaleEdit:
        plan.refresh_from_db()
        raise PlanNotEditable if not plan.is_draft else StaleEdit(STALE_PLAN) from None
    _write_rows(plan, content)
    plan.refresh_from_db()
    _record(by, plan, AccessEvent.Action.UPDATE)
    return plan


def plan_missing(content: dict) -> list[str]:
    """What a plan still lacks before it can be agreed, in plain Dutch."""
    missing = []
    if not any(worry.get("agreements") for worry in content.get("worries", [])):
        missing.append(_("at least one safety goal with an agreement (who does what, when)"))
    if not any(member.get("child_can_call") for member in content.get("network", [])):
        missing.append(_("someone in the safety network the child can call"))
    if not (content.get("supervisor") or "").strip():
        missing.append(_("who supervises the agreements"))
    if not content.get("evaluation_on"):
        missing.append(_("an evaluation date"))
    return missing


@transaction.atomic
def plan_agree(
    *, plan: SafetyPlan, by: User, how: str, agreed_with: str, expected_edit_version: int
) -> SafetyPlan:
    """Record that the family agreed the plan; the previous one is superseded. It never changes again."""
    require(by, AGREE_PLAN, plan.case)
    case_ensure_open(plan.case)
    locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_draft:
        raise PlanNotEditable
    if locked.edit_version != expected_edit_version:
        raise StaleEdit(STALE_PLAN)
    missing = plan_missing(plan_content(locked))
    if missing:
        raise ValidationError(
            _("This plan cannot be agreed yet. Still missing: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    if not agreed_with.strip():
        raise ValidationError({"agreed_with": _("Write down who agreed the plan.")})
    if how not in SafetyPlan.AgreedHow.values:
        raise ValidationError({"how": _("Choose how the plan was agreed.")})
    SafetyPlan.objects.filter(case=locked.case, state=SafetyPlan.State.AGREED).update(
        state=SafetyPlan.State.SUPERSEDED
    )
    locked.state = SafetyPlan.State.AGREED
    locked.agreed_at = timezone.now()
    locked.agreed_by = by
    locked.agreed_how = how
    locked.agreed_with = agreed_with.strip()
    locked.save(update_fields=["state", "agreed_at", "agreed_by", "agreed_how", "agreed_with"])
    _record(by, locked, AccessEvent.Action.UPDATE)
    return locked


@transaction.atomic
def plan_evaluate(
    *,
    plan: SafetyPlan,
    by: User,
    evaluated_on: dt.date,
    with_whom: str,
    results: dict[int, str],
    scores: list[dict],
    note: str,
) -> Evaluation:
    """Evaluate an agreed plan against each of its goals, with new scale scores."""
    require(by, EDIT_PLAN, plan.case)
    case_ensure_open(plan.case)
    if plan.state != SafetyPlan.State.AGREED:
        raise ValidationError(_("Only the agreed plan is evaluated."))
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("An evaluation cannot be recorded before it took place.")})
    worries = list(plan.worries.all())
    if set(results) != {worry.pk for worry in worries} or not all(results.values()):
        raise ValidationError(_("Give a result for every goal."))
    evaluation = Evaluation.objects.create(
        plan=plan, evaluated_on=evaluated_on, with_whom=with_whom.strip(), note=note.strip(), recorded_by=by,
        scores=scores,
    )  # fmt: skip
    GoalResult.objects.bulk_create(
        GoalResult(evaluation=evaluation, worry=worry, result=results[worry.pk]) for worry in worries
    )
    _record(by, plan, AccessEvent.Action.UPDATE)
    return evaluation
