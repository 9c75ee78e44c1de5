from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import subtract_working_days
from core.rules import Rule, Severity
from tables.models import Submission, Table


def matches(ctx, rule):
    """Submitted, no date yet, for longer than the table's own norm (or the team's override)."""
    overrides = ctx.settings.get(rule.id, {})

    def older_than(days: int) -> Q:
        return Q(submitted_at__date__lt=subtract_working_days(ctx.today, days))

    by_table = Q(pk__in=[])
    for table_id, days in Table.objects.values_list("pk", "norm_working_days"):
        by_table |= Q(table_id=table_id) & older_than(days)
    match = ~Q(**{f"{rule.organisation}__in": list(overrides)}) & by_table
    for organisation_id, (threshold, enabled) in overrides.items():
        if enabled:
            match |= Q(**{rule.organisation: organisation_id}) & older_than(threshold)
    return (
        Submission.objects.filter(match, state=Submission.State.SUBMITTED)
        .exclude(case__phase="closed")
        .annotate(table_name=F("table__name"))
    )


RULE = Rule(
    id="JBT-01",
    title=_("Submission to the Beschermtafel not scheduled"),
    explanation=_("The family was submitted to the Beschermtafel but has no date on an agenda yet."),
    severity=Severity.WARNING,
    threshold=10,
    unit=_("working days"),
    source=_("Regional agreements: each Beschermtafel sets its own norm."),
    regional=_(
        "Each Beschermtafel sets within how many working days a submission gets a date; "
        "ten working days when it sets none."
    ),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("submitted_at", "table_name"),
)
