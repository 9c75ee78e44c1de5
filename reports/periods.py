"""Report periods: a year, a quarter or a month, [first day, last day] inclusive in local time.

A moment belongs to the period when its local date does (31 March 23:30 in Amsterdam is Q1, although it
is 21:30 UTC or 22:30 UTC): ``start`` and ``end`` are the aware local midnights around the period, end
exclusive, so a filter ``start <= moment < end`` says exactly that in the database.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int
    number: int = 1  # the quarter (1-4) or the month (1-12); 1 for a year

    @property
    def first(self) -> dt.date:
        if self.kind == PeriodKind.QUARTER:
            return dt.date(self.year, 3 * self.number - 2, 1)
        if self.kind == PeriodKind.MONTH:
            return dt.date(self.year, self.number, 1)
        return dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        if self.kind == PeriodKind.QUARTER:
            month = 3 * self.number
        elif self.kind == PeriodKind.MONTH:
            month = self.number
        else:
            month = 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (local midnight after its last day)."""
        return local_midnight(self.last + dt.timedelta(days=1))

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return _("quarter %(number)d %(year)d") % {"number": self.number, "year": self.year}
        if self.kind == PeriodKind.MONTH:
            return date_format(self.first, "F Y")
        return str(self.year)

    @property
    def slug(self) -> str:
        """For a file name: 2025, 2025-k1, 2025-03."""
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-k{self.number}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    def points(self, today: dt.date) -> list[dt.date]:
        """The days at whose end a count over time is taken: each month's last day in a year, each
        Sunday in a quarter or month, and the period's last day; none after today."""
        if self.kind == PeriodKind.YEAR:
            days = [Period(PeriodKind.MONTH, self.year, month).last for month in range(1, 13)]
        else:
            first_sunday = self.first + dt.timedelta(days=6 - self.first.weekday())
            days = [
                first_sunday + dt.timedelta(weeks=week)
                for week in range((self.last - first_sunday).days // 7 + 1)
            ]
            if days[-1] != self.last:
                days.append(self.last)
        return [day for day in days if day <= today]


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of the day in local time (Europe/Amsterdam), as an aware moment."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
