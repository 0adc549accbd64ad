"""Query parameters shared by the indicator API, the CSV export and the dashboard."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from pydantic import BeforeValidator

from reporting.api.deps import TodayDep
from reporting.domain.dimensions import Attribution, PeriodGrain, RegionLevel
from reporting.service.periods import default_window
from reporting.service.queries import IndicatorQuery


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


GrainParam = Annotated[
    PeriodGrain,
    BeforeValidator(_upper),
    Query(description="Period bucket: MONTH, QUARTER or YEAR (case-insensitive)"),
]
LevelParam = Annotated[
    RegionLevel,
    BeforeValidator(_upper),
    Query(description="Geographic level: MUNICIPALITY, ELZ, CARE_COUNCIL, PROVINCE or REGION"),
]
AttributionParam = Annotated[
    Attribution,
    BeforeValidator(_upper),
    Query(
        description="REP-08: RESIDENCE (where the client lives, default) or PERFORMER (where the act was done)"
    ),
]


def indicator_query(
    today: TodayDep,
    period_from: Annotated[
        date | None, Query(description="First day of the window (default: 1 January of this year)")
    ] = None,
    period_to: Annotated[
        date | None, Query(description="Last day of the window (default: today); widened to whole periods")
    ] = None,
    grain: GrainParam = PeriodGrain.MONTH,
    level: LevelParam = RegionLevel.ELZ,
    region: Annotated[
        str | None,
        Query(
            max_length=16,
            description="Only areas inside this one: a NIS code (old codes are mapped), an ELZ code such as "
            "elz2, a province NIS code, FLANDERS, BRUSSELS or WALLONIA",
        ),
    ] = None,
    programme: Annotated[
        str | None,
        BeforeValidator(_upper),
        Query(max_length=32, description="CTX-01 programme, e.g. PERINATAL"),
    ] = None,
    attribution: AttributionParam = Attribution.RESIDENCE,
) -> IndicatorQuery:
    """Build the query of a request; the window defaults to this calendar year up to today."""
    start, end = default_window(today)
    if period_to is not None:
        end = period_to
        if period_from is None:
            start = date(period_to.year, 1, 1)
    if period_from is not None:
        start = period_from
        if period_to is None:
            end = max(today, period_from)
    return IndicatorQuery(
        period_from=start,
        period_to=end,
        grain=grain,
        level=level,
        attribution=attribution,
        programme=programme,
        region=region,
    )


IndicatorQueryDep = Annotated[IndicatorQuery, Depends(indicator_query)]


def query_params(query: IndicatorQuery) -> dict[str, str | None]:
    """The query parameters that ask for `query` again (the inverse of `indicator_query`)."""
    return {
        "period_from": query.period_from.isoformat(),
        "period_to": query.period_to.isoformat(),
        "grain": query.grain.value,
        "level": query.level.value,
        "region": query.region,
        "programme": query.programme,
        "attribution": query.attribution.value,
    }
