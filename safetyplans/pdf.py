"""The safety plan on paper: a Django template rendered to a tagged PDF (core.pdf)."""

import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

from accounts.models import Team, User
from cases.selectors import case_team
from core.pdf import render_pdf
from safetyplans.models import NetworkMember, SafetyPlan

# "moeder, vader en oma", "Veilig Thuis en de school", one per line: the people a text names.
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;\n&/]|\ben\b)\s*", re.IGNORECASE)
_ASIDE = re.compile(r"\(.*?\)")


def names_in(text: str) -> list[str]:
    """The people or organisations a list in the family's words names, in order."""
    return [name for name in _LIST_SEPARATOR.split(text) if name.strip()]


def _key(name: str) -> str:
    """A name to compare: "Oma (netwerk)" and "oma" are the same person."""
    return " ".join(_ASIDE.sub("", name).split()).casefold()


def signatories(plan: SafetyPlan, network: list[NetworkMember], worker: User | None, team: Team) -> list[str]:
    """Who signs the plan: everyone who agreed it (for a draft: who made it, as they are the ones to agree),
    the network members with a role in it, and the worker by name for the team. A named network member
    signs once, also when the family wrote "oma" for her; an organisation signs through a named person,
    so "jeugdteam" is the worker's line."""
    professional = {_key(team.name), _key(team.organisation.name), _key(_("Youth professional"))}
    professional |= {word for name in (team.name, team.organisation.name) for word in _key(name).split()}
    if worker is not None:
        professional.add(_key(worker.get_full_name()))
    lines: dict[str, str] = {}  # by key, so nobody signs twice
    for name in names_in(plan.agreed_with if plan.agreed_at else plan.made_by):
        key = _key(name)
        member = next((m for m in network if key in (_key(m.name), _key(m.relation))), None)
        if member is not None:
            lines.setdefault(f"member:{member.pk}", f"{member.name} ({member.relation})")
        elif key not in professional:
            lines.setdefault(key, capfirst(name.strip()))
    for member in network:
        if member.role.strip():
            lines.setdefault(f"member:{member.pk}", f"{member.name} ({member.relation})")
    if worker is not None:
        lines["worker"] = _("%(name)s, for %(team)s") % {"name": worker.get_full_name(), "team": team.name}
    else:
        lines["worker"] = _("For %(team)s") % {"team": team.name}
    return list(lines.values())


def plan_html(plan: SafetyPlan, *, part: str = "all", for_print: bool = True, csp_nonce: str = "") -> str:
    """The plan as the print template renders it; part "child" is the children's section on its own.

    Fonts are named relative to the PDF's base (the fonts folder) when printing, by their static URL in the
    browser's print preview, where the inline style sheet needs the request's CSP nonce.
    """
    case = plan.case
    worries = list(plan.worries.prefetch_related("agreements"))
    for worry in worries:
        # "Veilig Thuis en de school maken zich zorgen": the verb follows how many are named.
        names = names_in(worry.who_worried)
        worry.worried_by, worry.worried_count = get_text_list(names, _("and")), len(names)
    network = list(plan.network.all())
    worker = case_team(case)["director"]
    return render_to_string(
        "safetyplans/print.html",
        {
            "plan": plan,
            "case": case,
            "part": part,
            "for_print": for_print,
            "csp_nonce": csp_nonce,
            "printed_on": timezone.localdate(),
            "worries": worries,
            "network": network,
            "steps": plan.emergency_steps.all(),
            "scores": plan.scores.all(),
            "worker": worker,
            "team": case.team,
            "signatories": signatories(plan, network, worker, case.team),
        },
    )


def plan_pdf(plan: SafetyPlan, *, part: str = "all") -> bytes:
    return render_pdf(plan_html(plan, part=part))
