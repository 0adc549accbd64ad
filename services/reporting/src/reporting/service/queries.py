"""Indicator figures: SQL aggregation over the fact projection, then small-cell protection (DP-07).

One request is answered in four steps:

1. SQL maps the attributed NIS code of each fact (residence or performer, REP-08; retired codes through
   the crosswalk) to its municipality, ELZ, province and region, and groups the facts of the window by
   programme, period bucket, dimension values and the area of every level at once (GROUPING SETS), with
   the counts, distinct units or sums the indicator needs. Superseded records are left out, and facts
   whose event did not say where the client lives take the residence of the client's latest pregnancy
   registration (Q-05).
2. Python builds the domain `Row`s with the domain's own row builders.
3. `disclosure.protect_rows` protects the four levels together, so each parent is the total of its
   children and no level can be subtracted from another. The table always holds whole periods and every
   area and programme: the marks of a cell never depend on the filters, so two requests cannot be
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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    String,
    Subquery,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    tuple_,
)
from sqlalchemy import select as sql_select
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.adapters import orm
from reporting.domain import disclosure, model
from reporting.domain.aggregation import UNSPECIFIED, Key, count_rows, ratio_rows, row, sort_key
from reporting.domain.dimensions import (
    COUNTRY_CODE,
    UNKNOWN_AREA_CODE,
    Attribution,
    PeriodGrain,
    RegionLevel,
    is_programme_code,
    period_label,
)
from reporting.domain.disclosure import ProtectedReport, PublishedRow
from reporting.domain.errors import InvalidReportRequest
from reporting.domain.model import FactKind, Measure, Row
from reporting.domain.suppression import SuppressionReason
from reporting.service.catalogue import BY_SLUG, Dimension, Filter, IndicatorSpec, Shape, Unit
from reporting.service.geography import PROTECTED_LEVELS, GeographyIndex, computed_level, rank
from shared.errors import NotFound

MAX_WINDOW_YEARS: Final = 10
CACHE_ENTRIES: Final = 256
DEADLINE_WORKING_DAYS: Final = 7  # CT-33
EARLY_SCREENING_WEEK: Final = 14  # SCR-07, Q-06

Version = tuple[int | None, int | None]


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


def period_labels(start: date, end_inclusive: date, grain: PeriodGrain) -> tuple[str, ...]:
    """Every period label of the window, in order."""
    labels: list[str] = []
    cursor = bucket_start(start, grain)
    while cursor <= end_inclusive:
        labels.append(period_label(cursor, grain))
        cursor = next_bucket(cursor, grain)
    return tuple(labels)


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


async def projection_version(session: AsyncSession) -> Version:
    """The highest fact and supersession ids: they change with every new fact and every rebuild."""
    fact, superseded = orm.fact, orm.superseded_record
    row_ = (
        await session.execute(
            sql_select(
                sql_select(func.max(fact.c.id)).scalar_subquery(),
                sql_select(func.max(superseded.c.id)).scalar_subquery(),
            )
        )
    ).one()
    return (row_[0], row_[1])


# --- SQL -------------------------------------------------------------------------------------------


def resolved_facts(kinds: Iterable[FactKind], start: date, end_inclusive: date) -> Subquery:
    """Facts of `kinds` in the window, superseded records left out, residence completed (Q-05)."""
    fact, superseded = orm.fact, orm.superseded_record
    registration = (
        sql_select(fact.c.client_key, fact.c.residence_nis.label("registered_nis"))
        .where(fact.c.kind == FactKind.PREGNANCY_REGISTERED.value, fact.c.client_key.is_not(None))
        .ext(distinct_on(fact.c.client_key))
        .order_by(fact.c.client_key, fact.c.occurred_on.desc(), fact.c.id.desc())
        .subquery("registration")
    )
    return (
        sql_select(
            fact,
            func.coalesce(fact.c.residence_nis, registration.c.registered_nis).label("residence"),
        )
        .select_from(
            fact.outerjoin(
                registration,
                and_(fact.c.residence_nis.is_(None), registration.c.client_key == fact.c.client_key),
            )
        )
        .where(
            fact.c.kind.in_(sorted(kind.value for kind in kinds)),
            fact.c.occurred_on >= start,
            fact.c.occurred_on <= end_inclusive,
            ~exists().where(superseded.c.record_key == fact.c.record_key),
        )
        .subquery("resolved")
    )


def _attribute(columns: Any, name: str) -> ColumnElement[Any]:
    value: ColumnElement[Any] = columns.attributes[name].astext
    return value


def _dimension(dimension: Dimension, c: Any) -> ColumnElement[Any]:
    unspecified: ColumnElement[Any] = literal_column(f"'{UNSPECIFIED}'")
    expression: ColumnElement[Any]
    if dimension is Dimension.SCENARIO:
        expression = func.coalesce(c.scenario, unspecified)
    elif dimension in (Dimension.PROFESSION, Dimension.FUNDING_TYPE):
        expression = func.coalesce(c[dimension.value], unspecified)
    elif dimension is Dimension.TIMELINESS:
        late: ColumnElement[Any] = literal_column("'LATE'")
        on_time: ColumnElement[Any] = literal_column("'ON_TIME'")
        expression = case(
            (
                c.attributes.has_key(model.INTAKE_LATE),
                case((_attribute(c, model.INTAKE_LATE) == model.TRUE, late), else_=on_time),
            ),
            (_attribute(c, model.WORKING_DAYS_TO_INTAKE).cast(Integer) > DEADLINE_WORKING_DAYS, late),
            else_=on_time,
        )
    else:
        expression = func.coalesce(_attribute(c, dimension.value), unspecified)
    return expression


def _filter(name: Filter | None, c: Any) -> ColumnElement[bool]:
    condition: ColumnElement[bool]
    if name is None:
        condition = literal_column("true", Boolean)
    elif name is Filter.HAS_PROFESSIONAL:
        condition = c.professional_key.is_not(None)
    elif name is Filter.EXCEPTION_PATH:
        condition = _attribute(c, model.INCLUSION_BASIS) == model.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT
    elif name is Filter.SCREENED:
        condition = c.kind == FactKind.SCREENING_COMPLETED.value
    elif name is Filter.REGISTERED:
        condition = c.kind == FactKind.PREGNANCY_REGISTERED.value
    else:
        early = _attribute(c, model.GESTATIONAL_WEEK).cast(Integer) < EARLY_SCREENING_WEEK
        condition = func.coalesce(early, False)
    return condition


def _unit(unit: Unit, c: Any) -> ColumnElement[Any]:
    column: ColumnElement[Any] = c.professional_key if unit is Unit.PROFESSIONAL else c.subject_key
    return column


def geography_table(index: GeographyIndex) -> Any:
    """The NIS code -> area code of each level mapping as a table-valued parameter (`unnest` of arrays)."""
    codes, columns = index.code_columns()
    return (
        func.unnest(
            bindparam("geo_nis", codes, type_=ARRAY(String)),
            *[
                bindparam(f"geo_{level.value.lower()}", columns[level], type_=ARRAY(String))
                for level in PROTECTED_LEVELS
            ],
        )
        .table_valued("nis", *[level.value.lower() for level in PROTECTED_LEVELS])
        .render_derived(name="geo")
    )


def aggregate_statement(
    spec: IndicatorSpec,
    grain: PeriodGrain,
    attribution: Attribution,
    start: date,
    end_inclusive: date,
    index: GeographyIndex,
) -> Any:
    """The figures of every protected level in one query: GROUPING SETS over the area of each level.

    Distinct counts (REP-01, REP-02) are counted per area in SQL: a unit active in two municipalities of
    one ELZ counts once in that ELZ, as the domain functions count it.
    """
    resolved = resolved_facts(spec.kinds, start, end_inclusive)
    c = resolved.c
    location = c.residence if attribution is Attribution.RESIDENCE else c.performer_nis
    geo = geography_table(index)
    unknown: ColumnElement[Any] = literal_column(f"'{UNKNOWN_AREA_CODE}'")
    # Computed in an inner select and grouped by its columns: the grain and the literals then appear once.
    cells = (
        sql_select(
            c.programme,
            func.date_trunc(literal_column(f"'{grain.value.lower()}'"), c.occurred_on)
            .cast(Date)
            .label("bucket"),
            *[
                func.coalesce(geo.c[level.value.lower()], unknown).label(level.value.lower())
                for level in spec.levels
            ],
            *[_dimension(dimension, c).label(dimension.value) for dimension in spec.dimensions],
            *([_unit(spec.unit, c).label("unit")] if spec.unit is not None else []),
            _filter(spec.numerator, c).label("numerator"),
            _filter(spec.denominator, c).label("denominator"),
            c.amount,
        )
        .select_from(resolved.outerjoin(geo, geo.c.nis == location))
        .where(_filter(spec.where, c))
        .subquery("cells")
    )
    base = [cells.c.programme, cells.c.bucket, *[cells.c[dimension.value] for dimension in spec.dimensions]]
    areas = [cells.c[level.value.lower()] for level in spec.levels]
    counted: ColumnElement[Any] = (
        func.count(cells.c.unit.distinct()) if spec.unit is not None else func.count()
    )
    if spec.shape is Shape.RATIO:
        measures = [
            counted.filter(cells.c.numerator).label("numerator"),
            counted.filter(cells.c.denominator).label("denominator"),
        ]
    elif spec.shape is Shape.AMOUNT:
        measures = [func.sum(cells.c.amount).label("amount"), func.count().label("n")]
    else:
        measures = [counted.label("n")]
    return sql_select(*base, *areas, *measures).group_by(
        func.grouping_sets(*[tuple_(*base, area) for area in areas])
    )


# --- rows and protection ---------------------------------------------------------------------------


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
