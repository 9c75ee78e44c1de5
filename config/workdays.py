"""Working days (werkdagen): weekdays that are not Dutch public holidays (the holidays package)."""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after start up to and including end (0 when end is not after start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        days -= is_working_day(day)
    return day


def subtract_working_days(end: dt.date, days: int) -> dt.date:
    """The day that lies this many working days before end."""
    day = end
    while days > 0:
        day -= dt.timedelta(days=1)
        days -= is_working_day(day)
    return day
