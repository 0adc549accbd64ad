"""Step 1 of answering an indicator request: the SQL that aggregates the fact projection.

SQL maps the attributed NIS code of each fact (residence or performer, REP-08; retired codes through the
crosswalk) to its municipality, ELZ, province and region, and groups the facts of the window by programme,
period bucket, dimension values and the area of every level at once (GROUPING SETS), with the counts,
distinct units or sums the indicator needs. Superseded records are left out, and facts whose event did not
say where the client lives take the residence of the client's latest pregnancy registration (Q-05).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
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
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.adapters import orm
from reporting.domain import model
from reporting.domain.aggregation import UNSPECIFIED
from reporting.domain.dimensions import UNKNOWN_AREA_CODE, Attribution, PeriodGrain
from reporting.domain.model import FactKind
from reporting.service.catalogue import Dimension, Filter, IndicatorSpec, Shape, Unit
from reporting.service.geography import PROTECTED_LEVELS, GeographyIndex

DEADLINE_WORKING_DAYS: Final = 7  # CT-33
EARLY_SCREENING_WEEK: Final = 14  # SCR-07, Q-06

Version = tuple[int | None, int | None]


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
