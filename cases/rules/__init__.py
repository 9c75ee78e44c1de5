"""Stalled-case rules (domain.md §9). One module per rule registers a Rule; the engine is cases/flags.py.

A rule is set-based: ``matches(ctx)`` returns one queryset of the subjects (cases, or handovers not yet
on a case) that match now, with the facts to show, however many cases there are. Thresholds can be
overridden per organisation (RuleSetting, edited by the functional administrator).
"""

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import RuleSetting
from cases.models import Severity

RULES: dict[str, "Rule"] = {}

# How the facts behind a flag are named on the page.
FACT_LABELS = {
    "reference": _("Reference"),
    "sent_at": _("Sent"),
    "accepted_at": _("Accepted"),
    "due_on": _("Monitoring moment"),
    "months_after_acceptance": _("months after acceptance"),
    "oldest_seen": _("Last seen"),
    "last_kind": _("Last contact"),
    "before_kind": _("Contact before"),
    "number": _("Case"),
    "previous": _("Previous case"),
    "evaluation_on": _("Evaluation date"),
    "plan_version": _("Version"),
    "last_scored": _("Last scored"),
    "starts_on": _("Starts on"),
    "ends_on": _("Ends on"),
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: Promise
    explanation: Promise
    severity: Severity
    threshold: int
    unit: Promise
    source: str
    matches: Callable[["Context", "Rule"], QuerySet]
    # What is flagged: "case", or "referral" for a handover that is not on a case yet.
    subject: str = "case"
    # The field of the matches() queryset that holds the subject's id.
    key: str = "pk"
    # From the subject to the organisation whose RuleSetting applies.
    organisation: str = "team__organisation"
    facts: tuple[str, ...] = field(default_factory=tuple)


def register(rule: Rule) -> Rule:
    RULES[rule.id] = rule
    return rule


@dataclass
class Context:
    """One evaluation: the moment, and every organisation's thresholds, read once."""

    now: dt.datetime
    today: dt.date
    settings: dict[str, dict[int, tuple[int, bool]]]

    @classmethod
    def load(cls, now: dt.datetime | None = None) -> "Context":
        now = now or timezone.now()
        settings: dict[str, dict[int, tuple[int, bool]]] = {}
        for setting in RuleSetting.objects.all():
            settings.setdefault(setting.rule, {})[setting.organisation_id] = (
                setting.threshold,
                setting.enabled,
            )
        return cls(now=now, today=timezone.localdate(now), settings=settings)

    def per_organisation(self, rule: Rule, condition: Callable[[int], Q]) -> Q:
        """condition(threshold) for every organisation with its own threshold, the default for the rest."""
        overrides = self.settings.get(rule.id, {})
        match = Q(pk__in=[])
        for organisation_id, (threshold, enabled) in overrides.items():
            if enabled:
                match |= Q(**{rule.organisation: organisation_id}) & condition(threshold)
        return match | (~Q(**{f"{rule.organisation}__in": list(overrides)}) & condition(rule.threshold))


def _discover() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_discover()
