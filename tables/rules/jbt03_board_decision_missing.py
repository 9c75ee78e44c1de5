import datetime as dt

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from tables.models import Outcome


def matches(ctx, rule):
    """The table asked the Raad to investigate and, days after the meeting, no Raad decision is recorded."""
    return (
        Outcome.objects.filter(
            ctx.per_organisation(
                rule, lambda days: Q(item__meeting__date__lt=ctx.today - dt.timedelta(days=days))
            ),
            kind=Outcome.Kind.BOARD_INVESTIGATION,
            board_decision="",
        )
        .exclude(case__phase="closed")
        .annotate(meeting_date=F("item__meeting__date"))
    )


RULE = Rule(
    id="JBT-03",
    title=_("No decision of the Raad after the Beschermtafel"),
    explanation=_(
        "The Beschermtafel asked the Raad voor de Kinderbescherming to investigate; "
        "no decision of the Raad has been recorded since."
    ),
    severity=Severity.WARNING,
    threshold=10,
    unit=_("days after the meeting"),
    source=_(
        "Inspectie Justitie en Veiligheid 2019: a norm of ten days; Raad voor de Kinderbescherming: "
        "the family is told when it takes longer than three months."
    ),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("meeting_date",),
)
