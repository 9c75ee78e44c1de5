"""Reads of the access log: a case's own log, and the privacy officer's search.

The log refers to cases by foreign key only: queries go through it by field name (``case__number``), so
audit never imports the cases app.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User, user_name
from audit.models import AccessEvent


def case_access_events(*, case) -> QuerySet[AccessEvent]:
    """Who looked at or changed this file, newest first."""
    return AccessEvent.objects.filter(case=case).select_related("user", "organisation").order_by("-at", "-pk")


def access_events_search(
    *,
    case_number: str = "",
    bsn: str = "",
    worker: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessEvent]:
    """Access events, newest first: on a case (by number), on every file of a person (by BSN), by a
    worker (username, or part of the name), within a period (local dates, both ends included).

    Without any of these, none.
    """
    if not (case_number or bsn or worker or date_from or date_to):
        return AccessEvent.objects.none()
    events = AccessEvent.objects.select_related("user", "organisation", "case").order_by("-at", "-pk")
    if case_number:
        events = events.filter(case__number__iexact=case_number.strip())
    if bsn:
        events = events.filter(case__family__memberships__person__bsn=bsn)
    if worker:
        name = " ".join(worker.split())
        users = User.objects.annotate(full_name=user_name()).filter(
            Q(username__iexact=name) | Q(full_name__icontains=name)
        )
        events = events.filter(user__in=users.values("pk"))
    if date_from:
        events = events.filter(at__gte=_start_of_day(date_from))
    if date_to and date_to < dt.date.max:
        events = events.filter(at__lt=_start_of_day(date_to + dt.timedelta(days=1)))
    return events


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
