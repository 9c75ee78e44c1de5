"""Reads of safety plans: their content as plain data, and what changed between two versions."""

import difflib

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import VIEW, get_case_for
from safetyplans.models import SafetyPlan

PLAIN_FIELDS = (
    "made_by",
    "family_goals",
    "strengths",
    "supervisor",
    "evaluation_on",
    "evaluation_with",
    "child_section",
)


def plan_for(user: User, pk: int, perm: str = VIEW) -> SafetyPlan:
    """The plan, or 404 when it does not exist or its case is not the user's to see (with this permission)."""
    plan = SafetyPlan.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if plan is None:
        raise Http404
    case = get_case_for(user, plan, perm)
    found = SafetyPlan.objects.select_related("agreed_by", "created_by").get(pk=pk)
    found.case = case
    return found


def plan_content(plan: SafetyPlan) -> dict:
    """The plan as plain data: for copying into a new version, for comparing, and for the forms."""
    content = {field: getattr(plan, field) for field in PLAIN_FIELDS}
    content["worries"] = [
        {
            "who_worried": worry.who_worried,
            "behaviour": worry.behaviour,
            "consequence": worry.consequence,
            "goal": worry.goal,
            "goal_duration": worry.goal_duration,
            "agreements": [
                {"who": agreement.who, "what": agreement.what, "when": agreement.when}
                for agreement in worry.agreements.all()
            ],
        }
        for worry in plan.worries.prefetch_related("agreements")
    ]
    content["network"] = [
        {
            "name": member.name,
            "relation": member.relation,
            "phone": member.phone,
            "role": member.role,
            "child_can_call": member.child_can_call,
        }
        for member in plan.network.all()
    ]
    content["emergency_steps"] = [
        {"signal": step.signal, "action": step.action, "call": step.call}
        for step in plan.emergency_steps.all()
    ]
    content["scores"] = [{"participant": s.participant, "score": s.score} for s in plan.scores.all()]
    return content


def _joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _lines(content: dict) -> dict[str, list[str]]:
    """Each section of a plan as lines of text, the way a reader would compare them; every label Dutch."""
    worries = []
    for worry in content["worries"]:
        worries.append(
            f"{worry['who_worried']}: {worry['behaviour']} {_('If nothing changes:')} {worry['consequence']}"
        )
        worries.append(f"  {_('Goal:')} {worry['goal']} ({worry['goal_duration']})")
        worries += [f"  - {a['who']}: {a['what']} ({a['when']})" for a in worry["agreements"]]
    evaluation = content["evaluation_on"] and date_format(content["evaluation_on"], "j F Y")
    return {
        _("Who made this plan"): content["made_by"].splitlines(),
        _("The family's own goals"): content["family_goals"].splitlines(),
        _("What is going well"): content["strengths"].splitlines(),
        _("Worries, goals and agreements"): worries,
        _("Safety network"): [
            _joined(f"{m['name']} ({m['relation']})", m["phone"], m["role"])
            + (f" — {_('the child can call')}" if m["child_can_call"] else "")
            for m in content["network"]
        ],
        _("When things go wrong"): [
            f"{s['signal']} → {s['action']} → {s['call']}" for s in content["emergency_steps"]
        ],
        _("Supervision and evaluation"): [
            f"{_('Supervising the agreements:')} {content['supervisor']}",
            f"{_('Evaluation:')} {_joined(evaluation, content['evaluation_with'])}",
        ],
        _("Safety scale"): [f"{s['participant']}: {s['score']}" for s in content["scores"]],
        _("The children's part"): content["child_section"].splitlines(),
    }


def plan_diff(old: SafetyPlan | dict, new: SafetyPlan | dict) -> list[dict]:
    """Per section that changed: the lines removed and added, in order."""
    old_lines = _lines(old if isinstance(old, dict) else plan_content(old))
    new_lines = _lines(new if isinstance(new, dict) else plan_content(new))
    changes = []
    for section, before in old_lines.items():
        after = new_lines[section]
        if before == after:
            continue
        lines = [
            {"kind": "removed" if line.startswith("-") else "added", "text": line[2:]}
            for line in difflib.ndiff(before, after)
            if line[:1] in "+-"
        ]
        changes.append({"section": section, "lines": lines})
    return changes
