"""Calendar arithmetic: Belgian public holidays, working days, months and birthdays (CT-16, CT-33, CT-34)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

INTAKE_WORKING_DAYS = 7
"""CT-33: a case-management request is answered by scheduling an intake within 7 working days."""


def easter_sunday(year: int) -> date:
    """Return Easter Sunday with the anonymous Gregorian algorithm (Meeus/Jones/Butcher) (CT-33 holidays)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def belgian_public_holidays(year: int) -> frozenset[date]:
    """Return the ten Belgian legal public holidays of ``year`` (CT-33 working days)."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),  # New Year
            easter + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),  # Labour Day
            easter + timedelta(days=39),  # Ascension Day
            easter + timedelta(days=50),  # Whit Monday
            date(year, 7, 21),  # National Day
            date(year, 8, 15),  # Assumption
            date(year, 11, 1),  # All Saints
            date(year, 11, 11),  # Armistice
            date(year, 12, 25),  # Christmas
        }
    )


def belgian_public_holidays_between(first_year: int, last_year: int) -> frozenset[date]:
    """Return the Belgian public holidays of every year from ``first_year`` to ``last_year`` inclusive (CT-33)."""
    days: set[date] = set()
    for year in range(first_year, last_year + 1):
        days |= belgian_public_holidays(year)
    return frozenset(days)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """True for Monday to Friday when ``day`` is not a public holiday (CT-33)."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, n: int, holidays: Collection[date]) -> date:
    """Return the n-th working day after ``start``; ``start`` itself is day 0 and never counts (CT-33)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def intake_deadline(request_date: date, holidays: Collection[date] | None = None) -> date:
    """Return the last day to answer a request by scheduling an intake: 7 working days later (CT-33)."""
    if holidays is None:
        holidays = belgian_public_holidays_between(request_date.year, request_date.year + 1)
    return add_working_days(request_date, INTAKE_WORKING_DAYS, holidays)


def _days_in_month(year: int, month: int) -> int:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1)).day


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later, clamped to the month's last day (31 Aug + 6 = 28/29 Feb) (CT-34)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def nth_birthday(birth_date: date, years: int) -> date:
    """Return the ``years``-th birthday; a 29 February child has it on 28 February in common years (Q-06)."""
    return add_months(birth_date, 12 * years)
