"""Period buckets of a grain (month, quarter, year): where a day falls, what comes next, the labels of a window."""

from __future__ import annotations

from datetime import date

from reporting.domain.dimensions import PeriodGrain, period_label


def bucket_start(day: date, grain: PeriodGrain) -> date:
    """The first day of the period of `day`."""
    if grain is PeriodGrain.MONTH:
        return day.replace(day=1)
    if grain is PeriodGrain.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def next_bucket(start: date, grain: PeriodGrain) -> date:
    """The first day of the period after the one starting on `start`."""
    if grain is PeriodGrain.YEAR:
        return date(start.year + 1, 1, 1)
    months = 1 if grain is PeriodGrain.MONTH else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def default_window(today: date) -> tuple[date, date]:
    """The current calendar year up to today."""
    return date(today.year, 1, 1), today


def period_labels(start: date, end_inclusive: date, grain: PeriodGrain) -> tuple[str, ...]:
    """Every period label of the window, in order."""
    labels: list[str] = []
    cursor = bucket_start(start, grain)
    while cursor <= end_inclusive:
        labels.append(period_label(cursor, grain))
        cursor = next_bucket(cursor, grain)
    return tuple(labels)
