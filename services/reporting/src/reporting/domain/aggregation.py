"""Bucketing and counting shared by the indicators: facts -> (programme, period, area, dimensions) cells.

A cell key is the programme (CTX-01), the period label of the fact's date, the area of the attributed
location at the requested level (REP-08, Q-05: residence by default; REP-21 levels) and the indicator's
dimension values. Facts with no or an unknown location go to an UNKNOWN area and Walloon facts at ELZ
or care-council level to NO_ELZ, so totals reconcile across levels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from reporting.domain.dimensions import Area, Attribution, PeriodGrain, RegionLevel, area_of, period_label
from reporting.domain.model import Fact, FactKind, Measure, Row
from shared.refdata import Geography

RATIO_QUANTUM: Final = Decimal("0.0001")
UNSPECIFIED: Final = "UNSPECIFIED"

Dimensions = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Key:
    """The cell a fact falls in: programme (CTX-01), period bucket, area and dimension values."""

    programme: str
    period: str
    area: Area
    dimensions: Dimensions


@dataclass(frozen=True, slots=True)
class Slicing:
    """How facts are bucketed: geography, period grain, region level and attribution (REP-08, REP-21)."""

    geography: Geography
    grain: PeriodGrain
    level: RegionLevel
    attribution: Attribution

    def key(self, fact: Fact, dimensions: Dimensions = ()) -> Key:
        """Return the cell of `fact`: residence or performer location per the attribution (Q-05)."""
        nis = fact.residence_nis if self.attribution is Attribution.RESIDENCE else fact.performer_nis
        return Key(
            fact.programme,
            period_label(fact.occurred_on, self.grain),
            area_of(nis, self.level, self.geography),
            dimensions,
        )


def no_dimensions(_: Fact) -> Dimensions:
    """No breakdown: every fact of a cell counts together."""
    return ()


def tally(
    facts: Iterable[Fact],
    slicing: Slicing,
    *,
    kinds: frozenset[FactKind],
    dimensions: Callable[[Fact], Dimensions] = no_dimensions,
    unit: Callable[[Fact], Hashable] | None = None,
    where: Callable[[Fact], bool] | None = None,
) -> dict[Key, int]:
    """Count facts (or distinct units of them) per key; `unit=None` counts every fact."""
    units: dict[Key, set[Hashable]] = defaultdict(set)
    for position, fact in enumerate(facts):
        if fact.kind not in kinds or (where is not None and not where(fact)):
            continue
        units[slicing.key(fact, dimensions(fact))].add(position if unit is None else unit(fact))
    return {key: len(members) for key, members in units.items()}


def sort_key(key: Key) -> tuple[str, str, str, Dimensions]:
    """Order cells by programme, period, area code and dimension values."""
    return (key.programme, key.period, key.area.code, key.dimensions)


def row(
    indicator: str,
    key: Key,
    *,
    measure: Measure,
    value: int | Decimal | None,
    count: int,
    denominator: int | None = None,
) -> Row:
    """Build the row of one cell."""
    return Row(
        indicator=indicator,
        programme=key.programme,
        period=key.period,
        level=key.area.level,
        region_code=key.area.code,
        region_name=key.area.name,
        parent_code=key.area.parent_code,
        dimensions=key.dimensions,
        measure=measure,
        value=value,
        count=count,
        denominator=denominator,
    )


def count_rows(indicator: str, counts: dict[Key, int]) -> list[Row]:
    """Turn per-cell counts into sorted COUNT rows."""
    return [
        row(indicator, key, measure=Measure.COUNT, value=counts[key], count=counts[key])
        for key in sorted(counts, key=sort_key)
    ]


def ratio_rows(indicator: str, numerators: dict[Key, int], denominators: dict[Key, int]) -> list[Row]:
    """Turn per-cell numerators and denominators into sorted RATIO rows (missing side counts as 0)."""
    rows: list[Row] = []
    for key in sorted(numerators.keys() | denominators.keys(), key=sort_key):
        numerator, denominator = numerators.get(key, 0), denominators.get(key, 0)
        rows.append(
            row(
                indicator,
                key,
                measure=Measure.RATIO,
                value=ratio(numerator, denominator),
                count=numerator,
                denominator=denominator,
            )
        )
    return rows


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """Return numerator / denominator rounded half-even to 4 decimals, or None for a zero denominator."""
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO_QUANTUM, rounding=ROUND_HALF_EVEN)


def attribute(name: str) -> Callable[[Fact], str]:
    """Return a reader of one coded attribute, UNSPECIFIED when the fact lacks it."""

    def read(fact: Fact) -> str:
        return fact.attributes.get(name, UNSPECIFIED)

    return read


def make_slicing(
    geography: Geography, grain: PeriodGrain, level: RegionLevel, attribution: Attribution
) -> Slicing:
    """Build the bucketing of an indicator call, coercing enum values given as strings."""
    return Slicing(geography, PeriodGrain(grain), RegionLevel(level), Attribution(attribution))
