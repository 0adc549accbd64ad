"""Steps 2 and 3 of answering an indicator request: domain rows from the aggregated records, protected together.

The domain's own row builders make the `Row`s; `disclosure.protect_rows` then protects the four levels
together (DP-07), so each parent is the total of its children and no level can be subtracted from another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from reporting.domain import disclosure
from reporting.domain.aggregation import Key, count_rows, ratio_rows, row, sort_key
from reporting.domain.dimensions import COUNTRY_CODE, PeriodGrain, period_label
from reporting.domain.disclosure import ProtectedReport
from reporting.domain.model import Measure, Row
from reporting.service.catalogue import IndicatorSpec, Shape
from reporting.service.geography import GeographyIndex


def build_rows(
    spec: IndicatorSpec, records: Sequence[Any], grain: PeriodGrain, index: GeographyIndex
) -> list[Row]:
    """Domain rows of all protected levels from the aggregated records (same rows as the domain functions)."""
    counts: dict[Key, int] = {}
    numerators: dict[Key, int] = {}
    denominators: dict[Key, int] = {}
    sums: dict[Key, Decimal] = {}
    for record in records:
        values = record._mapping
        level = next(level for level in spec.levels if values[level.value.lower()] is not None)
        key = Key(
            record.programme,
            period_label(record.bucket, grain),
            index.area(level, values[level.value.lower()]),
            tuple((dimension.value, str(values[dimension.value])) for dimension in spec.dimensions),
        )
        if spec.shape is Shape.RATIO:
            if record.numerator:
                numerators[key] = int(record.numerator)
            if record.denominator:
                denominators[key] = int(record.denominator)
        elif record.n:
            counts[key] = int(record.n)
            if spec.shape is Shape.AMOUNT:
                sums[key] = Decimal(record.amount)
    if spec.shape is Shape.RATIO:
        return ratio_rows(spec.indicator, numerators, denominators)
    if spec.shape is Shape.AMOUNT:
        return [
            row(spec.indicator, key, measure=Measure.AMOUNT, value=sums[key], count=counts[key])
            for key in sorted(sums, key=sort_key)
        ]
    return count_rows(spec.indicator, counts)


def _no_groups(_row: Row) -> tuple[disclosure.GroupKey, ...]:
    return ()


def protection_groups(row: Row) -> tuple[disclosure.GroupKey, ...]:
    """The domain's groups, except the country total: no output publishes it, so it links nothing.

    Otherwise a handful of facts with an unknown location would hide a whole region's figure.
    """
    if row.parent_code == COUNTRY_CODE:
        return disclosure.groups_by_area(row) if row.dimensions else ()
    return disclosure.default_groups(row)


def linked_groups(row: Row) -> tuple[disclosure.GroupKey, ...]:
    """`protection_groups` plus the sub-periods of the parent period (months of a quarter, quarters of a year)."""
    return protection_groups(row) + disclosure.groups_by_parent_period(row)


def protect(
    spec: IndicatorSpec,
    records: Mapping[PeriodGrain, Sequence[Any]],
    index: GeographyIndex,
    threshold: int,
) -> ProtectedReport:
    """Build the rows of every protected level (and grain) and protect them together (DP-07).

    Distinct counts (REP-01) do not add up over areas, so no sum can be subtracted: each cell gets the
    primary protection only. Every other indicator is protected with its parents and its breakdowns
    (`protection_groups`), and linked indicators with their parent periods too (`linked_groups`).
    """
    rows = [
        row
        for grain, grain_records in records.items()
        for row in build_rows(spec, grain_records, grain, index)
    ]
    groups: Callable[[Row], tuple[disclosure.GroupKey, ...]]
    if not spec.additive:
        groups = _no_groups
    elif spec.linked_periods:
        groups = linked_groups
    else:
        groups = protection_groups
    return disclosure.protect_rows(rows, threshold=threshold, groups=groups)
