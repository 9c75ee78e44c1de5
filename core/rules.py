"""What a stalled-case rule is (domain.md §9): plain data that each app declares in its own ``rules`` package.

An app keeps its rules in ``<app>/rules/``: one module per rule with a module-level ``RULE`` (or ``RULES``,
a list), and, in the package's ``__init__``, ``FACT_LABELS`` for the facts its rules show. The flags app
finds them (FlagsConfig.ready()), evaluates them and keeps the flags; no domain app imports flags.

A rule is set-based: ``matches(ctx, rule)`` returns one queryset of the subjects (cases, or handovers not
yet on a case) that match now, with the facts to show, however many cases there are. ``ctx`` is the
evaluation's context (the moment, and every organisation's thresholds): rules use ``ctx.now``, ``ctx.today``
and ``ctx.per_organisation(rule, condition)``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Severity(models.IntegerChoices):
    INFO = 1, _("Attention")
    WARNING = 2, _("Warning")
    CRITICAL = 3, _("Urgent")


@dataclass(frozen=True)
class Rule:
    id: str
    title: Promise
    explanation: Promise
    severity: Severity
    threshold: int
    unit: Promise
    # Where the rule and its default come from, in plain words (the rule's page shows it under "Bron").
    source: Promise
    matches: Callable[..., QuerySet]  # matches(ctx, rule)
    # What is flagged: "case", or "referral" for a handover that is not on a case yet.
    subject: str = "case"
    # The field of the matches() queryset that holds the subject's id.
    key: str = "pk"
    # From the subject to the organisation whose own threshold (RuleSetting) applies.
    organisation: str = "team__organisation"
    facts: tuple[str, ...] = field(default_factory=tuple)
    # Events (cases.hooks.emit) after which the rule is evaluated at once for the case they name, so it
    # flags without waiting for the next run; the run keeps it honest afterwards.
    events: tuple[str, ...] = field(default_factory=tuple)
    # What the default assumes where no source gives it ("Aannames"), and what each region agrees for
    # itself ("Regionale afspraak"): plain words for the rule's page, never markers in its title or text.
    assumptions: Promise | str = ""
    regional: Promise | str = ""

    def term(self, threshold: int | None = None) -> str:
        """The term in words: "direct" for 0, otherwise "5 werkdagen" (the default or ``threshold``)."""
        value = self.threshold if threshold is None else threshold
        return gettext("immediately") if value == 0 else f"{value} {self.unit}"
