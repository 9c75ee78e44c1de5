"""Demo safety plans for seed_demo: an agreed plan with an earlier version, and a draft."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from cases.models import Case, Phase
from safetyplans import services
from safetyplans.models import SafetyPlan


def _content(case: Case, *, scores: tuple[int, int]) -> dict:
    child = case.children.order_by("birth_date").first()
    name = child.given_name if child else "de kinderen"
    return {
        "made_by": "Moeder\nVader\nOma (netwerk)\nJeugdprofessional",
        "family_goals": "Rust in huis. Dat de kinderen weer gewoon naar school gaan.",
        "strengths": "Oma woont dichtbij en is er elke dag. Moeder vraagt zelf om hulp.",
        "supervisor": "Oma, samen met de jeugdprofessional",
        "evaluation_on": timezone.localdate() + dt.timedelta(weeks=6),
        "evaluation_with": "ouders, oma en jeugdprofessional",
        "child_section": f"{name}: als papa en mama ruzie maken, ga ik naar mijn kamer en bel ik oma.",
        "worries": [
            {
                "who_worried": "Veilig Thuis en de school",
                "behaviour": "Vader schreeuwt en gooit met spullen als hij boos is.",
                "consequence": f"{name} is bang en slaapt slecht; kan gewond raken.",
                "goal": "Iedereen ziet dat vader weggaat als hij boos wordt, en dat het thuis rustig blijft.",
                "goal_duration": "drie maanden",
                "agreements": [
                    {"who": "Vader", "what": "gaat een rondje lopen als hij boos wordt", "when": "altijd"},
                    {"who": "Oma", "what": "belt moeder om te horen hoe het gaat", "when": "elke avond"},
                ],
            }
        ],
        "network": [
            {"name": "Oma Gerda", "relation": "oma", "phone": "06-12345678", "role": "toezicht"}
            | {"child_can_call": True},
            {"name": "Buurvrouw Anja", "relation": "buurvrouw", "phone": "06-87654321", "role": "opvang"}
            | {"child_can_call": False},
        ],
        "emergency_steps": [
            {
                "signal": "Vader drinkt of schreeuwt",
                "action": "Moeder gaat met de kinderen naar oma",
                "call": "Oma Gerda",
            },
        ],
        "scores": [
            {"participant": "Moeder", "score": scores[0]},
            {"participant": "Vader", "score": scores[1]},
        ],
    }


def seed(*, director: User) -> int:
    """Plans for the director's first voluntary cases, once; returns how many were made."""
    cases = list(
        Case.objects.filter(phase=Phase.VOLUNTARY, assignments__user=director, assignments__role="director")[
            :2
        ]
    )
    if not cases or SafetyPlan.objects.filter(case__in=cases).exists():
        return 0
    agreed_case, draft_case = cases[0], cases[-1]
    first = services.plan_start(case=agreed_case, by=director)
    services.plan_save(
        plan=first, by=director, content=_content(agreed_case, scores=(4, 6)), expected_edit_version=1
    )
    first.refresh_from_db()
    services.plan_agree(plan=first, by=director, how="in_person", agreed_with="moeder, vader, oma",
                        expected_edit_version=first.edit_version)  # fmt: skip
    second = services.plan_start(case=agreed_case, by=director)
    services.plan_save(
        plan=second, by=director, content=_content(agreed_case, scores=(6, 7)), expected_edit_version=1
    )
    second.refresh_from_db()
    services.plan_agree(plan=second, by=director, how="signed", agreed_with="moeder, vader, oma",
                        expected_edit_version=second.edit_version)  # fmt: skip
    made = 2
    if draft_case != agreed_case:
        draft = services.plan_start(case=draft_case, by=director)
        services.plan_save(
            plan=draft, by=director, content=_content(draft_case, scores=(3, 5)), expected_edit_version=1
        )
        made += 1
    return made
