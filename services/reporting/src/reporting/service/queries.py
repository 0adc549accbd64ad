"""Indicator figures: SQL aggregation over the fact projection, then small-cell protection (DP-07).

One request is answered in four steps; this module runs them and does step 4 itself:

1. `aggregate_sql`: SQL maps the attributed NIS code of each fact (residence or performer, REP-08;
   retired codes through the crosswalk) to its municipality, ELZ, province and region, and groups the
   facts of the window by programme, period bucket, dimension values and the area of every level at once
   (GROUPING SETS), with the counts, distinct units or sums the indicator needs. Superseded records are
   left out, and facts whose event did not say where the client lives take the residence of the client's
   latest pregnancy registration (Q-05).
2. `protection`: Python builds the domain `Row`s with the domain's own row builders.
3. `protection`: `disclosure.protect_rows` protects the four levels together, so each parent is the total
   of its children and no level can be subtracted from another. The table always holds whole periods and
   every area and programme: the marks of a cell never depend on the filters, so two requests cannot be
   combined to undo a suppression. (Each period is protected on its own; the cells of one period do not
   depend on which other periods the window holds.)
4. The rows of the requested level, programme and region are selected. Care-council rows are the ELZ
   rows under the care-council level (one zorgraad per ELZ).

Protected tables are cached per (indicator, attribution, grain, window, threshold) and keyed by the
projection's version (the highest fact and supersession ids), so new events are visible at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.domain.dimensions import Attribution, PeriodGrain, RegionLevel, is_programme_code
from reporting.domain.disclosure import ProtectedReport, PublishedRow
from reporting.domain.errors import InvalidReportRequest
from reporting.domain.suppression import SuppressionReason
from reporting.service.aggregate_sql import Version, aggregate_statement, projection_version
from reporting.service.catalogue import BY_SLUG, IndicatorSpec
from reporting.service.geography import GeographyIndex, computed_level, rank
from reporting.service.periods import bucket_start, next_bucket, period_labels
from reporting.service.protection import protect
from shared.errors import NotFound

MAX_WINDOW_YEARS: Final = 10
CACHE_ENTRIES: Final = 256


class UnknownIndicator(NotFound):
    """No published indicator has this slug."""

    code = "REPORTING_UNKNOWN_INDICATOR"
    title = "Unknown indicator"


@dataclass(frozen=True)
class IndicatorQuery:
    """The filters of one request (REP-08 attribution, REP-21 levels, CTX-01 programme)."""

    period_from: date
    period_to: date
    grain: PeriodGrain = PeriodGrain.MONTH
    level: RegionLevel = RegionLevel.ELZ
    attribution: Attribution = Attribution.RESIDENCE
    programme: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class AreaTotal:
    """The protected sum over the dimension values of one area and period (e.g. all scenarios)."""

    programme: str
    period: str
    level: RegionLevel
    region_code: str
    value: str
    suppressed: SuppressionReason | None


@dataclass(frozen=True)
class IndicatorResult:
    """Protected figures of one indicator for one query."""

    spec: IndicatorSpec
    query: IndicatorQuery
    threshold: int
    periods: tuple[str, ...]
    rows: tuple[PublishedRow, ...]
    totals: tuple[AreaTotal, ...]


def indicator_spec(slug: str) -> IndicatorSpec:
    """The published indicator with this slug, or `UnknownIndicator`."""
    spec = BY_SLUG.get(slug)
    if spec is None:
        raise UnknownIndicator(f"no indicator {slug!r}; GET /indicators lists them", extra={"slug": slug})
    return spec


def normalise(spec: IndicatorSpec, query: IndicatorQuery, index: GeographyIndex) -> IndicatorQuery:
    """Check the filters and widen the window to whole periods of the grain (a cell is never partial)."""
    if rank(query.level) < rank(spec.finest_level):
        raise InvalidReportRequest(
            f"{spec.slug} has a breakdown and is published from the {spec.finest_level.value} level up "
            "(per municipality nearly every cell would be small)"
        )
    if query.period_from > query.period_to:
        raise InvalidReportRequest("period_from must not be after period_to")
    start = bucket_start(query.period_from, query.grain)
    end = next_bucket(bucket_start(query.period_to, query.grain), query.grain)
    if end.year - start.year > MAX_WINDOW_YEARS:
        raise InvalidReportRequest(f"the window may span at most {MAX_WINDOW_YEARS} years")
    if query.programme is not None and not is_programme_code(query.programme):
        raise InvalidReportRequest(f"programme {query.programme!r} is not a programme code such as PERINATAL")
    region = None if query.region is None else index.region_code(query.region, query.level)
    return dataclasses.replace(
        query, period_from=start, period_to=date.fromordinal(end.toordinal() - 1), region=region
    )


class FigureCache:
    """Protected tables of recent requests, dropped once the projection changes (least recently used)."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self._entries = entries
        self._items: OrderedDict[tuple[Any, ...], tuple[Version, ProtectedReport]] = OrderedDict()

    def get(self, key: tuple[Any, ...], version: Version) -> ProtectedReport | None:
        item = self._items.get(key)
        if item is None or item[0] != version:
            return None
        self._items.move_to_end(key)
        return item[1]

    def put(self, key: tuple[Any, ...], version: Version, report: ProtectedReport) -> None:
        self._items[key] = (version, report)
        self._items.move_to_end(key)
        while len(self._items) > self._entries:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class ReportingQueries:
    """Answers indicator requests from the projection; built per request from the app state."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        index: GeographyIndex,
        threshold: int,
        cache: FigureCache | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._index = index
        self._threshold = threshold
        self._cache = cache if cache is not None else FigureCache()

    @property
    def index(self) -> GeographyIndex:
        return self._index

    @property
    def threshold(self) -> int:
        return self._threshold

    async def indicator(self, slug: str, query: IndicatorQuery) -> IndicatorResult:
        """Protected figures of one indicator (DP-07: through `disclosure.protect_rows` only)."""
        spec = indicator_spec(slug)
        query = normalise(spec, query, self._index)
        table = protection_table(spec, query)
        key = (spec.slug, query.attribution, table, self._threshold)
        async with self._sessionmaker() as session:
            version = await projection_version(session)
            report = self._cache.get(key, version)
            if report is None:
                records = {
                    grain: (
                        await session.execute(
                            aggregate_statement(
                                spec, grain, query.attribution, table.start, table.end, self._index
                            )
                        )
                    ).all()
                    for grain in table.grains
                }
                report = await asyncio.to_thread(protect, spec, records, self._index, self._threshold)
                self._cache.put(key, version, report)
        return select_result(spec, query, report, self._index)


@dataclass(frozen=True)
class ProtectionTable:
    """The cells one protection covers: whole periods of these grains from `start` to `end` (inclusive)."""

    start: date
    end: date
    grains: tuple[PeriodGrain, ...]


def protection_table(spec: IndicatorSpec, query: IndicatorQuery) -> ProtectionTable:
    """Whole years at every grain for linked indicators; else the (whole-period) window at its grain.

    Either way the table does not depend on the level, region or programme asked for, and every period
    is protected the same way whichever window contains it, so answers to different requests agree.
    """
    if spec.linked_periods:
        return ProtectionTable(
            date(query.period_from.year, 1, 1),
            date(query.period_to.year, 12, 31),
            (PeriodGrain.MONTH, PeriodGrain.QUARTER, PeriodGrain.YEAR),
        )
    return ProtectionTable(query.period_from, query.period_to, (query.grain,))


def select_result(
    spec: IndicatorSpec, query: IndicatorQuery, report: ProtectedReport, index: GeographyIndex
) -> IndicatorResult:
    """The rows (and dimension totals) of the requested level, programme, region and window."""
    level = computed_level(query.level)
    periods = period_labels(query.period_from, query.period_to, query.grain)
    wanted_periods = frozenset(periods)

    def wanted(programme: str, period: str, code: str) -> bool:
        return (
            period in wanted_periods
            and (query.programme is None or programme == query.programme)
            and (query.region is None or index.within(level, code, query.region))
        )

    rows = tuple(
        published if query.level is level else dataclasses.replace(published, level=query.level)
        for published in report.rows
        if published.level is level and wanted(published.programme, published.period, published.region_code)
    )
    totals: list[AreaTotal] = []
    for total in report.totals:
        kind, _indicator, programme, period, level_name, code = (*total.group[:6],)
        if kind != "area" or level_name != level.value or not wanted(programme, period, code):
            continue
        totals.append(AreaTotal(programme, period, query.level, code, total.value, total.suppressed))
    return IndicatorResult(
        spec=spec, query=query, threshold=report.threshold, periods=periods, rows=rows, totals=tuple(totals)
    )
