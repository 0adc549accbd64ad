"""View models of the dashboard: which protected figures each chart shows (no HTML here).

Every figure comes from `ReportingQueries.indicator`, so the dashboard shows exactly what the API and the
CSV export show: the same "<5" and "x" marks (DP-07). A suppressed figure has no number; charts draw it
as a mark, never as a bar of its true size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final

from reporting.domain.dimensions import PERINATAL, Attribution, PeriodGrain, RegionLevel
from reporting.domain.disclosure import PublishedRow
from reporting.domain.model import Measure
from reporting.domain.suppression import SuppressionReason
from reporting.service.catalogue import BY_SLUG, IndicatorSpec, evaluation_indicators
from reporting.service.geography import GeographyIndex
from reporting.service.queries import IndicatorQuery, IndicatorResult, ReportingQueries

DEFAULT_AREA: Final = "FLANDERS"
DEFAULT_RANKING: Final = "prenatal-advice-sessions"
SCENARIO_MIX: Final = "scenario-mix"
AMOUNTS_PAID: Final = "amounts-paid"
SCENARIOS: Final = ("0", "A", "B")
PAYERS: Final = ("FEDERAL", "FLEMISH")
YEARS_SHOWN: Final = 5

_LEVEL_OF_RANK: Final[Mapping[int, RegionLevel]] = MappingProxyType(
    {0: RegionLevel.MUNICIPALITY, 1: RegionLevel.ELZ, 2: RegionLevel.PROVINCE, 3: RegionLevel.REGION}
)
_FINER: Final[Mapping[RegionLevel, RegionLevel]] = MappingProxyType(
    {
        RegionLevel.REGION: RegionLevel.ELZ,
        RegionLevel.PROVINCE: RegionLevel.ELZ,
        RegionLevel.ELZ: RegionLevel.MUNICIPALITY,
        RegionLevel.MUNICIPALITY: RegionLevel.MUNICIPALITY,
    }
)


@dataclass(frozen=True)
class Point:
    """One bar: its category, the published string and, when shown, its number."""

    category: str
    value: str
    number: float | None
    suppressed: SuppressionReason | None


@dataclass(frozen=True)
class Series:
    """The bars of one series (e.g. one scenario) across the chart's categories."""

    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of one indicator: categories (periods, areas or codes) and one or more series."""

    spec: IndicatorSpec
    categories: tuple[str, ...]
    series: tuple[Series, ...]

    @property
    def measure(self) -> Measure:
        return self.spec.measure

    @property
    def empty(self) -> bool:
        return all(not series.points for series in self.series)


@dataclass(frozen=True)
class Kpi:
    """The yearly figure of one evaluation criterion for the selected area."""

    spec: IndicatorSpec
    point: Point | None


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows."""

    year: int
    area: str
    area_name: str
    area_level: RegionLevel
    attribution: Attribution
    programme: str
    threshold: int
    kpis: tuple[Kpi, ...]
    trends: tuple[Chart, ...]
    ranking: Chart
    ranking_level: RegionLevel
    scenario_mix: Chart
    payer_split: Chart


def number_of(value: str) -> float | None:
    """The number of a published string, None for '<5' and 'x'."""
    try:
        return float(Decimal(value))
    except InvalidOperation:
        return None


def point(category: str, row: PublishedRow | None) -> Point:
    if row is None:
        return Point(category, "", None, None)
    shown = number_of(row.value) if row.suppressed is None else None
    return Point(category, row.value, shown, row.suppressed)


def area_level(index: GeographyIndex, area: str) -> RegionLevel:
    """The level an area code belongs to (FLANDERS -> REGION, elz2 -> ELZ ...)."""
    return _LEVEL_OF_RANK[min(index.rank_of_code.get(area, 3), 3)]


def trend_chart(result: IndicatorResult) -> Chart:
    """One bar per period of the window (REP-06: figures only, no targets)."""
    by_period = {row.period: row for row in result.rows if not row.dimensions}
    points = tuple(point(period, by_period.get(period)) for period in result.periods)
    return Chart(result.spec, result.periods, (Series(result.spec.slug, points),))


def ranking_chart(result: IndicatorResult) -> Chart:
    """Areas ranked by their figure, shown figures first (highest first), protected ones after."""
    rows = [row for row in result.rows if not row.dimensions]
    ranked = sorted(rows, key=lambda row: (-(number_of(row.value) or -1.0), row.region_name))
    points = tuple(point(row.region_name, row) for row in ranked)
    return Chart(result.spec, tuple(p.category for p in points), (Series(result.spec.slug, points),))


def grouped_chart(result: IndicatorResult, *, category: str, series: str, names: Sequence[str]) -> Chart:
    """Bars of one dimension (`series`) per value of another field (`category`: period or a dimension)."""
    cells: dict[tuple[str, str], PublishedRow] = {}
    categories: list[str] = list(result.periods) if category == "period" else []
    for row in result.rows:
        dimensions = dict(row.dimensions)
        group = row.period if category == "period" else dimensions.get(category, "")
        if group not in categories:
            categories.append(group)
        cells[(group, dimensions.get(series, ""))] = row
    extra = sorted({name for _, name in cells} - set(names))
    all_series = tuple(
        Series(name, tuple(point(group, cells.get((group, name))) for group in categories))
        for name in (*names, *extra)
    )
    return Chart(result.spec, tuple(categories), all_series)


async def overview(
    queries: ReportingQueries,
    *,
    year: int,
    area: str,
    attribution: Attribution,
    programme: str = PERINATAL,
    ranking: str = DEFAULT_RANKING,
    today: date,
) -> Overview:
    """The overview of one area and year: REP-01..05, monthly trends, a ranking, scenario mix, payers."""
    index = queries.index
    area = index.region_code(area, RegionLevel.MUNICIPALITY)
    level = area_level(index, area)
    start, end = date(year, 1, 1), min(date(year, 12, 31), max(today, date(year, 1, 1)))

    def query(grain: PeriodGrain, at: RegionLevel) -> IndicatorQuery:
        return IndicatorQuery(
            period_from=start,
            period_to=end,
            grain=grain,
            level=at,
            attribution=attribution,
            programme=programme,
            region=area,
        )

    kpis: list[Kpi] = []
    trends: list[Chart] = []
    for spec in evaluation_indicators():
        yearly = await queries.indicator(spec.slug, query(PeriodGrain.YEAR, level))
        row = next((row for row in yearly.rows if row.region_code == area and not row.dimensions), None)
        kpis.append(Kpi(spec, None if row is None else point(str(year), row)))
        trends.append(trend_chart(await queries.indicator(spec.slug, query(PeriodGrain.MONTH, level))))
    ranking_spec = BY_SLUG.get(ranking) or BY_SLUG[DEFAULT_RANKING]
    if ranking_spec.dimensions:
        ranking_spec = BY_SLUG[DEFAULT_RANKING]
    finer = _FINER[level]
    ranked = ranking_chart(await queries.indicator(ranking_spec.slug, query(PeriodGrain.YEAR, finer)))
    mix = grouped_chart(
        await queries.indicator(SCENARIO_MIX, query(PeriodGrain.QUARTER, level)),
        category="period",
        series="scenario",
        names=SCENARIOS,
    )
    payers = grouped_chart(
        await queries.indicator(AMOUNTS_PAID, query(PeriodGrain.YEAR, level)),
        category="act",
        series="payer",
        names=PAYERS,
    )
    return Overview(
        year=year,
        area=area,
        area_name=index.name_of(area),
        area_level=level,
        attribution=attribution,
        programme=programme,
        threshold=queries.threshold,
        kpis=tuple(kpis),
        trends=tuple(trends),
        ranking=ranked,
        ranking_level=finer,
        scenario_mix=mix,
        payer_split=payers,
    )


def selectable_years(today: date, shown: int) -> list[int]:
    """The years the overview offers, newest first: the last `YEARS_SHOWN` years and the one shown."""
    return sorted({*range(today.year - YEARS_SHOWN + 1, today.year + 1), shown}, reverse=True)
