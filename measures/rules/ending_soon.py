"""OTS-02 and UHP-02: a supervision order or placement authorisation ends within the threshold.

The court decides an extension only when asked in time: whoever directs asks for it, or decides to let
the measure end, before it expires.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from measures.models import Measure, MeasureKind


def ending_soon(kind: MeasureKind):
    """matches() for the active measures of ``kind`` that end within the threshold's days."""

    def matches(ctx, rule):
        return Measure.objects.filter(kind=kind, ended_on__isnull=True).filter(
            ctx.per_organisation(rule, lambda days: Q(ends_on__lte=ctx.today + dt.timedelta(days=days)))
        )

    return matches


def _rule(*, id: str, kind: MeasureKind, title, explanation, source, assumptions="") -> Rule:
    return Rule(
        id=id,
        title=title,
        explanation=explanation,
        severity=Severity.WARNING,
        threshold=56,
        unit=_("days before the end"),
        source=source,
        assumptions=assumptions,
        matches=ending_soon(kind),
        organisation="case__team__organisation",
        key="case_id",
        facts=("ends_on",),
    )


RULES = [
    _rule(
        id="OTS-02",
        kind=MeasureKind.SUPERVISION,
        title=_("Supervision order ends soon"),
        explanation=_("Ask for an extension or decide to end the OTS before it expires."),
        source=_("An OTS lasts at most one year per court order (CBS; JGB Friesland)."),
        assumptions=_(
            "A warning eight weeks before the end is an assumption: it leaves time to ask for an extension."
        ),
    ),
    _rule(
        id="UHP-02",
        kind=MeasureKind.PLACEMENT,
        title=_("Placement authorisation ends soon"),
        explanation=_("Ask for an extension or decide to end it before the year is over."),
        source=_("NJi: a placement authorisation lasts at most one year."),
    ),
]
