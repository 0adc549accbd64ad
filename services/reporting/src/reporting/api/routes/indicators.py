"""Indicator figures as JSON: aggregated and small-cell protected (DP-07), for analysts and care councils."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from reporting.api.deps import QueriesDep
from reporting.api.params import IndicatorQueryDep
from reporting.api.schemas import IndicatorInfo, IndicatorRead
from reporting.service.catalogue import INDICATORS
from shared.api import problem_responses
from shared.auth import Role, require_role

router = APIRouter(
    prefix="/indicators",
    tags=["indicators"],
    dependencies=[Depends(require_role(Role.POLICY_ANALYST, Role.CARE_COUNCIL))],
    responses=problem_responses(401, 403),
)


@router.get("", response_model=list[IndicatorInfo], summary="List the published indicators")
async def list_indicators() -> list[IndicatorInfo]:
    return [IndicatorInfo.of(spec) for spec in INDICATORS]


@router.get(
    "/{slug}",
    response_model=IndicatorRead,
    responses=problem_responses(404, 422),
    summary="Protected figures of one indicator per period and area (small cells shown as <5)",
)
async def read_indicator(slug: str, query: IndicatorQueryDep, queries: QueriesDep) -> IndicatorRead:
    return IndicatorRead.of_result(await queries.indicator(slug, query))
