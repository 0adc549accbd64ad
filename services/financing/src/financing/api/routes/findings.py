"""Double-funding finding routes (finance officers)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from financing.adapters.findings import FindingFilter
from financing.api.deps import FINANCE, LimitQuery, OffsetQuery, TodayDep, UowDep
from financing.api.schemas.findings import FindingPage, FindingRead, FindingResolutionCreate
from financing.service import findings
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(
    prefix="/findings",
    tags=["findings"],
    dependencies=[FINANCE],
    responses=problem_responses(401, 403, 422),
)


@router.get(
    "",
    response_model=FindingPage,
    summary="List double-funding findings (DF-1, DF-2, DF-3, DF-7), each naming both claims",
)
async def list_findings(
    uow: UowDep,
    finding_status: Annotated[Literal["OPEN", "RESOLVED"] | None, Query(alias="status")] = None,
    rule: Annotated[str | None, Query(max_length=16, examples=["DF-3"])] = None,
    claim_id: Annotated[uuid.UUID | None, Query(description="either side of the finding")] = None,
    pregnancy_id: uuid.UUID | None = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> FindingPage:
    filters = FindingFilter(finding_status, rule, claim_id, pregnancy_id)
    items, total = await findings.list_findings(filters, uow=uow, limit=limit, offset=offset)
    return FindingPage(items=[FindingRead.of(f) for f in items], total=total, limit=limit, offset=offset)


@router.get(
    "/{finding_id}",
    response_model=FindingRead,
    responses=problem_responses(404),
    summary="Read a double-funding finding",
)
async def read(finding_id: uuid.UUID, uow: UowDep) -> FindingRead:
    return FindingRead.of(await findings.get_finding(finding_id, uow=uow))


@router.post(
    "/{finding_id}/resolution",
    response_model=FindingRead,
    responses=problem_responses(404, 409),
    summary="Resolve a finding: CONFIRMED or DISMISSED, with a justification (once)",
)
async def resolve(
    finding_id: uuid.UUID,
    body: FindingResolutionCreate,
    principal: PrincipalDep,
    uow: UowDep,
    today: TodayDep,
) -> FindingRead:
    resolved = await findings.resolve_finding(
        body.to_command(finding_id, principal.subject), uow=uow, today=today
    )
    return FindingRead.of(resolved)
