"""OTS-01 and UHP-01: an order started longer ago than the threshold, and what should follow it did not.

An interim OTS lasts at most three months, so a final decision must follow (a supervision order on the
case starting no earlier); a placement authorisation lapses when unused, so a placement must follow.
"""

import datetime as dt
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from measures.models import Measure, MeasureKind, Placement


def not_followed_up(kind: MeasureKind, follow_up: Callable[[], QuerySet]):
    """matches() for the active measures of ``kind`` started more than the threshold's days ago for which
    ``follow_up()`` (a subquery on the outer measure) finds nothing."""

    def matches(ctx, rule):
        return (
            Measure.objects.filter(kind=kind, ended_on__isnull=True)
            .filter(
                ctx.per_organisation(rule, lambda days: Q(starts_on__lt=ctx.today - dt.timedelta(days=days)))
            )
            .exclude(Exists(follow_up()))
        )

    return matches


def _final_decision() -> QuerySet:
    return Measure.objects.filter(
        case=OuterRef("case"), kind=MeasureKind.SUPERVISION, starts_on__gte=OuterRef("starts_on")
    )


def _placement() -> QuerySet:
    return Placement.objects.filter(measure=OuterRef("pk"))


def _rule(
    *, id: str, kind: MeasureKind, follow_up, title, explanation, source, facts, assumptions=""
) -> Rule:
    return Rule(
        id=id,
        title=title,
        explanation=explanation,
        severity=Severity.WARNING,
        threshold=56,
        unit=_("days after the start"),
        source=source,
        assumptions=assumptions,
        matches=not_followed_up(kind, follow_up),
        organisation="case__team__organisation",
        key="case_id",
        facts=facts,
    )


RULES = [
    _rule(
        id="OTS-01",
        kind=MeasureKind.INTERIM_SUPERVISION,
        follow_up=_final_decision,
        title=_("Interim supervision order without a final decision"),
        explanation=_("An interim OTS lasts at most three months: a final decision or hearing is needed."),
        source=_("Civil Code art. 1:257: an interim supervision order lasts at most three months."),
        assumptions=_(
            "A warning after eight weeks is an assumption: it leaves time before the order lapses."
        ),
        facts=("starts_on", "ends_on"),
    ),
    _rule(
        id="UHP-01",
        kind=MeasureKind.PLACEMENT,
        follow_up=_placement,
        title=_("Placement authorisation not used"),
        explanation=_("A placement authorisation lapses when it is not used within three months."),
        source=_(
            "NJi figures on placements: an authorisation lapses when it is not used within three months."
        ),
        facts=("starts_on",),
    ),
]
