"""Dates: working days (werkdagen: weekdays that are not Dutch public holidays) and month arithmetic."""

import datetime as dt
from functools import cache, lru_cache

import holidays
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.translation import get_language, gettext, ngettext


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


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day this many months earlier (negative: later), on the last day of a shorter month."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day this many months later, on the last day of a shorter month."""
    return months_before(day, -months)


def term_end(day: dt.date) -> dt.date:
    """A legal term's last day as the Algemene termijnenwet reads it: one that falls on a Saturday, Sunday
    or public holiday moves to the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def local_days_since(moment: dt.datetime | None, today: dt.date) -> int | None:
    """Whole days from a moment (its local day) to today; None stays None."""
    return None if moment is None else (today - timezone.localdate(moment)).days


def days_ago_words(day: dt.date, today: dt.date) -> str:
    """How long ago a day was: "vandaag", "1 dag geleden", "3 dagen geleden" ("over 2 dagen" ahead)."""
    days = (today - day).days
    if days == 0:
        return gettext("today")
    if days < 0:
        return ngettext("in %(days)d day", "in %(days)d days", -days) % {"days": -days}
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}


@cache
def _calendar_words(language: str) -> tuple[dict, dict, dict]:
    """The weekdays, months and short months in one language, translated once per process."""
    return tuple({n: str(name) for n, name in names.items()} for names in (WEEKDAYS, MONTHS, MONTHS_3))


def day_words(day: dt.date, *, short: bool = False) -> str:
    """A day as the date filter writes it with "j F Y" ("3 november 2026") or, short, "j b Y" ("3 nov 2026").
    Written out here for the rows of busy pages, where the filter cost more than the rest (ADR 14)."""
    months = _calendar_words(get_language())[2 if short else 1]
    return f"{day.day} {months[day.month]} {day.year}"


def moment_words(moment: dt.datetime) -> str:
    """A moment, local, as "l j F Y, H:i" writes it: "zondag 29 november 2026, 21:15"."""
    local = timezone.localtime(moment)
    weekdays, months, _ = _calendar_words(get_language())
    return f"{weekdays[local.weekday()]} {local.day} {months[local.month]} {local.year}, {local:%H:%M}"
