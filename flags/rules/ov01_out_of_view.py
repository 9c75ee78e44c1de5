import datetime as dt

from django.db.models import Case, Count, DateField, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cases.models import Case as CaseFile
from cases.models import CaseChild, Contact
from core.rules import Rule, Severity

LOW_SCALE = 3  # at or below this safety scale the threshold halves


def out_of_view_children(ctx, rule):
    """Every child of an open case not seen face to face for longer than the rule allows."""
    latest_scale = Contact.objects.filter(case=OuterRef("pk"), safety_scale__isnull=False).order_by(
        "-occurred_at"
    )
    # The open cases whose last safety scale was low: worked out once for the whole query (the database
    # hashes it), not once per child and per organisation's threshold as a correlated subquery was.
    low_scale = (
        CaseFile.objects.exclude(phase="closed")
        .annotate(scale=Subquery(latest_scale.values("safety_scale")[:1]))
        .filter(scale__lte=LOW_SCALE)
        .values("pk")
    )
    # Never seen: counted from the day the case opened.
    seen_or_opened = Coalesce(F("last_seen_at__date"), F("case__opened_on"))

    def overdue(days: int) -> Q:
        # Half the term when the scale was low; a child overdue on the full term is overdue on the half too.
        return Q(seen__lt=ctx.today - dt.timedelta(days=days)) | Q(
            seen__lt=ctx.today - dt.timedelta(days=days // 2), case__in=low_scale
        )

    return (
        CaseChild.objects.exclude(case__phase="closed")
        .annotate(seen=seen_or_opened)
        .filter(ctx.per_organisation(rule, overdue))
    )


def matches(ctx, rule):
    """Per case: the longest-ago face-to-face sighting, or none when a child was never seen (the threshold
    counts such a child from the opening day, but the flag does not show that day as a sighting)."""
    return (
        out_of_view_children(ctx, rule)
        .values("case_id")
        .annotate(unseen=Count("pk", filter=Q(last_seen_at__isnull=True)), seen_min=Min("last_seen_at__date"))
        .annotate(
            oldest_seen=Case(
                When(unseen=0, then=F("seen_min")), default=Value(None), output_field=DateField()
            )
        )
    )


RULE = Rule(
    id="OV-01",
    title=_("Child out of view"),
    explanation=_(
        "A child of this open case has not been seen face to face for too long "
        "(half as long when the last safety scale was 3 or lower)."
    ),
    severity=Severity.CRITICAL,
    threshold=28,
    unit=_("days"),
    source=_("No national source: a team agreement on how often a child is seen face to face."),
    assumptions=_(
        "Four weeks, and two weeks when the last safety scale was 3 or lower, is our own assumption: "
        "an organisation can set its own term."
    ),
    matches=matches,
    organisation="case__team__organisation",
    key="case_id",
    facts=("oldest_seen",),
)
