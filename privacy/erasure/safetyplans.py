"""The safety plans of the file, every version.

Per model:
- SafetyPlan: KEPT (the reports' throughput counts when a plan was agreed; version, state, dates and who
  agreed it stay), every text BLANKED: who made it, the Veilig Thuis conditions copied into it, the family's
  goals, strengths, supervisor, evaluation with, the children's part, agreed with.
- Worry, Agreement, NetworkMember, EmergencyStep, ScaleScore: DELETED (only content: names, phone numbers,
  the family's words).
- Evaluation: DELETED (with whom, the note, the scores given); GoalResult: DELETED with it.
"""

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

COVERS = [SafetyPlan, Worry, Agreement, NetworkMember, EmergencyStep, ScaleScore, Evaluation, GoalResult]


def erase(ctx) -> None:
    plans = SafetyPlan.objects.filter(case=ctx.case)
    # GoalResult protects the worry it answers: the evaluations (and their results) go first.
    ctx.count("goal_results", GoalResult.objects.filter(evaluation__plan__in=plans).delete()[0])
    ctx.count("evaluations", Evaluation.objects.filter(plan__in=plans).delete()[0])
    ctx.count("agreements", Agreement.objects.filter(worry__plan__in=plans).delete()[0])
    ctx.count("worries", Worry.objects.filter(plan__in=plans).delete()[0])
    ctx.count("network_members", NetworkMember.objects.filter(plan__in=plans).delete()[0])
    ctx.count("emergency_steps", EmergencyStep.objects.filter(plan__in=plans).delete()[0])
    ctx.count("scale_scores", ScaleScore.objects.filter(plan__in=plans).delete()[0])
    ctx.count(
        "safety_plans",
        plans.update(
            made_by="",
            conditions=[],
            family_goals="",
            strengths="",
            supervisor="",
            evaluation_with="",
            child_section="",
            agreed_with="",
        ),
    )
