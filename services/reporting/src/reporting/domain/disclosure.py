"""Publishing indicator rows with small cells protected (DP-07, REP-32: aggregates only, never traceable).

`protect_rows` turns the `Row`s of one or more indicators into display strings:

- a count below the threshold t (default 5) shows as "<t" ("<5", "<10");
- a figure hidden to protect another one (complementary suppression) shows as "x";
- an amount is hidden when fewer than t payments are behind it (a tariff turns an amount back into a
  count) and shows as "x";
- a ratio is shown only when both its numerator and its denominator are shown; otherwise "x".

Rows are grouped with their siblings under the same parent area (REP-21: municipality -> ELZ or
care council -> province -> region), plus, for rows with dimensions, with the other dimension values of
their own area. When the parent area's row is in the same call (e.g. municipality and ELZ rows of the
same indicator), it is the total of its children's group, so both levels are protected together and one
level cannot be subtracted from the other. Groups whose total is not a row get a `PublishedTotal`. The
suppression itself (primary, complementary, cross-group audit) is in `reporting.domain.suppression`.

`hierarchical_groups` also groups the months of a quarter and the quarters of a year (same area and
dimension values). Given rows of every grain, the quarter row is then the total of its months and the year
row of its quarters, so one table protects every grain and level together: a suppressed month cannot be
recovered from its quarter, nor a suppressed municipality from its ELZ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType
from typing import Final

from reporting.domain.dimensions import RegionLevel, parent_period
from reporting.domain.model import Measure, Row
from reporting.domain.suppression import (
    DEFAULT_THRESHOLD,
    Cell,
    Protection,
    SuppressionReason,
    checked_threshold,
    protect_cells,
)

SUPPRESSED_MARK: Final = "x"
AMOUNT_QUANTUM: Final = Decimal("0.01")

GroupKey = tuple[str, ...]

_PERIOD_GROUP: Final = "period"

# Where the parent of a row at each level can be found; ELZ and care council rows of the NO_ELZ bucket
# have a region as parent, Walloon municipalities a province.
_PARENT_LEVELS: Final[Mapping[RegionLevel, tuple[RegionLevel, ...]]] = MappingProxyType(
    {
        RegionLevel.MUNICIPALITY: (RegionLevel.ELZ, RegionLevel.CARE_COUNCIL, RegionLevel.PROVINCE),
        RegionLevel.ELZ: (RegionLevel.PROVINCE, RegionLevel.REGION),
        RegionLevel.CARE_COUNCIL: (RegionLevel.PROVINCE, RegionLevel.REGION),
        RegionLevel.PROVINCE: (RegionLevel.REGION,),
        RegionLevel.REGION: (),
    }
)


@dataclass(frozen=True, slots=True)
class PublishedRow:
    """A protected indicator figure: every value is a display string, never a suppressed number."""

    indicator: str
    programme: str
    period: str
    level: RegionLevel
    region_code: str
    region_name: str
    parent_code: str
    dimensions: tuple[tuple[str, str], ...]
    measure: Measure
    value: str
    suppressed: SuppressionReason | None
    numerator: str | None = None
    denominator: str | None = None


@dataclass(frozen=True, slots=True)
class PublishedTotal:
    """The protected sum of one group of published rows whose total is not itself a row."""

    group: GroupKey
    value: str
    suppressed: SuppressionReason | None


@dataclass(frozen=True, slots=True)
class ProtectedReport:
    """Rows and group totals that are safe to show (DP-07)."""

    threshold: int
    rows: tuple[PublishedRow, ...]
    totals: tuple[PublishedTotal, ...]


def small_cell_label(threshold: int = DEFAULT_THRESHOLD) -> str:
    """DP-07: the label of a count below `threshold`, e.g. '<5' for 5 and '<10' for 10."""
    return f"<{checked_threshold(threshold)}"


def render_count(
    count: int, *, threshold: int = DEFAULT_THRESHOLD, reason: SuppressionReason | None = None
) -> str:
    """DP-07: render a count as '<t' when small, 'x' when complementarily suppressed, else the number."""
    if count < checked_threshold(threshold) or reason is SuppressionReason.PRIMARY:
        return small_cell_label(threshold)
    if reason is SuppressionReason.COMPLEMENTARY:
        return SUPPRESSED_MARK
    return str(count)


def groups_by_parent_area(row: Row) -> tuple[GroupKey, ...]:
    """REP-21: group a row with its siblings under the same parent area, whose figure is their sum."""
    return (
        (
            "parent",
            row.indicator,
            row.programme,
            row.period,
            row.level.value,
            row.parent_code,
            *_flatten(row.dimensions),
        ),
    )


def groups_by_area(row: Row) -> tuple[GroupKey, ...]:
    """Group the dimension values of one area, whose sum is the area total."""
    return (("area", row.indicator, row.programme, row.period, row.level.value, row.region_code),)


def default_groups(row: Row) -> tuple[GroupKey, ...]:
    """Sibling areas always; plus the area's own breakdown total when the row has dimensions."""
    return groups_by_parent_area(row) + (groups_by_area(row) if row.dimensions else ())


def groups_by_parent_period(row: Row) -> tuple[GroupKey, ...]:
    """Group a row with the other sub-periods of its parent period (same area), whose figure is their sum."""
    parent = parent_period(row.period)
    if parent is None:
        return ()
    return (
        (
            _PERIOD_GROUP,
            row.indicator,
            row.programme,
            parent,
            row.level.value,
            row.region_code,
            *_flatten(row.dimensions),
        ),
    )


def hierarchical_groups(row: Row) -> tuple[GroupKey, ...]:
    """`default_groups` plus the sub-periods of the parent period, for one table that holds every grain."""
    return default_groups(row) + groups_by_parent_period(row)


def protect_rows(
    rows: Sequence[Row],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    groups: Callable[[Row], tuple[GroupKey, ...]] = default_groups,
) -> ProtectedReport:
    """DP-07, REP-32: turn indicator rows into display rows and totals with small cells suppressed."""
    limit = checked_threshold(threshold)
    parts_of = [_parts(row) for row in rows]
    row_groups = [groups(row) for row in rows]
    total_of = _parent_links(rows, row_groups)
    cells: list[Cell] = []
    measures: dict[GroupKey, Measure] = {}
    amounts: dict[GroupKey, Decimal] = defaultdict(Decimal)
    for index, row in enumerate(rows):
        for part, count in parts_of[index]:
            member_of = tuple(_part_group(group, part) for group in row_groups[index])
            totals = tuple(_part_group(group, part) for group in total_of.get(index, ()))
            cells.append(Cell((part, index), count, member_of, totals))
            measures.update(dict.fromkeys(member_of, Measure.COUNT if part != "value" else row.measure))
            if row.measure is Measure.AMOUNT and isinstance(row.value, Decimal):
                for group in member_of:
                    amounts[group] += row.value
    protection = protect_cells(cells, threshold=limit)
    published = tuple(_publish(index, row, protection) for index, row in enumerate(rows))
    totals_out: list[PublishedTotal] = []
    for group, measure in measures.items():
        if group in protection.total_cells:
            continue  # the total is a published row
        reason = protection.total_suppression[group]
        if measure is Measure.AMOUNT:
            shown = SUPPRESSED_MARK if reason is not None else _render_amount(amounts[group])
        else:
            shown = render_count(protection.totals[group], threshold=limit, reason=reason)
        totals_out.append(PublishedTotal(group=group, value=shown, suppressed=reason))
    return ProtectedReport(threshold=limit, rows=published, totals=tuple(totals_out))


# --- internals -----------------------------------------------------------------------------------


def _flatten(dimensions: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(f"{name}={value}" for name, value in dimensions)


def _parts(row: Row) -> tuple[tuple[str, int], ...]:
    if row.measure is Measure.RATIO:
        return (("numerator", row.count), ("denominator", row.denominator or 0))
    return (("value", row.count),)


def _part_group(group: GroupKey, part: str) -> GroupKey:
    return group if part == "value" else (*group, part)


def _parent_links(
    rows: Sequence[Row], row_groups: Sequence[tuple[GroupKey, ...]]
) -> dict[int, list[GroupKey]]:
    """For each row that is the parent area (or period) of other rows, the children's groups it totals."""
    index = {
        (row.indicator, row.programme, row.period, row.dimensions, row.level, row.region_code): position
        for position, row in enumerate(rows)
    }
    total_of: dict[int, list[GroupKey]] = defaultdict(list)
    for position, row in enumerate(rows):
        sibling_group = groups_by_parent_area(row)[0]
        if sibling_group in row_groups[position]:
            for level in _PARENT_LEVELS[row.level]:
                parent = index.get(
                    (row.indicator, row.programme, row.period, row.dimensions, level, row.parent_code)
                )
                if parent is not None and rows[parent].measure is row.measure:
                    if sibling_group not in total_of[parent]:
                        total_of[parent].append(sibling_group)
                    break
        if not any(group[0] == _PERIOD_GROUP for group in row_groups[position]):
            continue
        for period_group in groups_by_parent_period(row):
            if period_group not in row_groups[position]:
                continue
            parent = index.get(
                (row.indicator, row.programme, period_group[3], row.dimensions, row.level, row.region_code)
            )
            if (
                parent is not None
                and rows[parent].measure is row.measure
                and period_group not in total_of[parent]
            ):
                total_of[parent].append(period_group)
    return total_of


def _render_amount(amount: Decimal) -> str:
    return str(amount.quantize(AMOUNT_QUANTUM, rounding=ROUND_HALF_EVEN))


def _publish(index: int, row: Row, protection: Protection) -> PublishedRow:
    limit = protection.threshold
    numerator: str | None = None
    denominator: str | None = None
    if row.measure is Measure.RATIO:
        parts = (protection.cells[("numerator", index)], protection.cells[("denominator", index)])
        reason = (
            SuppressionReason.PRIMARY
            if SuppressionReason.PRIMARY in parts
            else SuppressionReason.COMPLEMENTARY
            if SuppressionReason.COMPLEMENTARY in parts
            else None
        )
        numerator = render_count(row.count, threshold=limit, reason=parts[0])
        denominator = render_count(row.denominator or 0, threshold=limit, reason=parts[1])
        value = SUPPRESSED_MARK if reason is not None or row.value is None else str(row.value)
    else:
        reason = protection.cells[("value", index)]
        if row.measure is Measure.AMOUNT:
            shown = reason is None and isinstance(row.value, Decimal)
            value = _render_amount(row.value) if shown and isinstance(row.value, Decimal) else SUPPRESSED_MARK
        else:
            value = render_count(row.count, threshold=limit, reason=reason)
    return PublishedRow(
        indicator=row.indicator,
        programme=row.programme,
        period=row.period,
        level=row.level,
        region_code=row.region_code,
        region_name=row.region_name,
        parent_code=row.parent_code,
        dimensions=row.dimensions,
        measure=row.measure,
        value=value,
        suppressed=reason,
        numerator=numerator,
        denominator=denominator,
    )
