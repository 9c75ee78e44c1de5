import datetime as dt

from django import template

from cases.models import ContactKind
from flags.registry import FACT_EMPTY, FACT_LABELS, RULES

register = template.Library()


@register.filter
def flag_rule(flag):
    """The rule behind a flag: its Dutch title, explanation, threshold and source."""
    return RULES[flag.rule]


@register.filter
def rule_term(rule, threshold: int) -> str:
    """The rule's term in words for an organisation's own threshold ("direct", "21 dagen")."""
    return rule.term(threshold)


@register.filter
def flag_facts(flag) -> list[tuple]:
    """The facts behind a flag as (Dutch label, readable value) pairs."""
    kinds = dict(ContactKind.choices)
    readable = []
    for name, value in flag.facts.items():
        if value is None:
            value = FACT_EMPTY.get(name, "—")
        elif isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
            value = dt.date.fromisoformat(value[:10]).strftime("%d-%m-%Y")
        readable.append((FACT_LABELS.get(name, name), kinds.get(value, value)))
    return readable
