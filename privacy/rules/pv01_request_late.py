"""PV-01: a request for correction or objection on a file was not answered by its deadline (the extended
one, where the term was extended).

The answer is due within a month of receipt, extendable once by two months with a reason (AVG art. 12(3));
the Jeugdwet gives the right to have the file corrected (art. 7.3.10). A late answer is a breach at once.
"""

import datetime as dt

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.rules import Rule, Severity
from privacy.models import RightsRequest


def matches(ctx, rule):
    return (
        RightsRequest.objects.filter(
            case__isnull=False,
            decided_on__isnull=True,
            kind__in=(RightsRequest.Kind.CORRECTION, RightsRequest.Kind.OBJECTION),
        )
        .annotate(request_due_on=Coalesce("extended_to", "due_on"), request_received_on=F("received_on"))
        .filter(
            ctx.per_organisation(rule, lambda days: Q(request_due_on__lt=ctx.today - dt.timedelta(days=days)))
        )
    )


RULE = Rule(
    id="PV-01",
    title=_("Request of the family not answered in time"),
    explanation=_(
        "The family asked for a correction of the file or objected to it, and the answer was not given "
        "by its deadline."
    ),
    severity=Severity.WARNING,
    threshold=0,
    unit=_("days after the deadline"),
    source=_("AVG art. 12 lid 3; Jeugdwet art. 7.3.10"),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("request_received_on", "request_due_on"),
)
