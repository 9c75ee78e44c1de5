"""Reads of court measures."""

from django.db.models import Exists, OuterRef, QuerySet

from cases.models import Case, Phase
from measures.models import Measure


def cases_mandated_without_measure() -> QuerySet[Case]:
    """Cases in the court-mandated phase that no active court measure holds there (an integrity error)."""
    return Case.objects.filter(phase=Phase.MANDATED).exclude(
        Exists(Measure.objects.filter(case=OuterRef("pk"), ended_on__isnull=True))
    )
