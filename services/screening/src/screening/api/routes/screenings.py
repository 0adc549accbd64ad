"""Routes of the inclusion history: screenings, exception-path decisions and the screening list."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from screening.adapters.records import ScreeningFilter
from screening.api.deps import (
    READ,
    WRITE,
    IdempotencyKeyDep,
    LimitQuery,
    MunicipalitiesDep,
    OffsetQuery,
    TodayDep,
    UowDep,
)
from screening.api.schemas.records import (
    InclusionDecided,
    InclusionDecisionCreate,
    ScreeningCreate,
    ScreeningPage,
    ScreeningRecorded,
)
from screening.domain.model import ScreeningStatus
from screening.service import queries, screenings
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(tags=["screenings"], responses=problem_responses(401, 403, 422))


@router.post(
    "/pregnancies/{pregnancy_id}/screenings",
    status_code=status.HTTP_201_CREATED,
    response_model=ScreeningRecorded,
    dependencies=[WRITE],
    responses=problem_responses(404, 409),
    summary="Record a screening (or a correction); a completed one determines scenario 0/A/B (SCR-04..SCR-09)",
)
async def record_screening(
    pregnancy_id: uuid.UUID,
    body: ScreeningCreate,
    principal: PrincipalDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> ScreeningRecorded:
    cmd = body.to_command(pregnancy_id, principal.subject)
    outcome = await screenings.record_screening(cmd, uow=uow, today=today, idempotency_key=idempotency_key)
    return ScreeningRecorded.of(outcome)


@router.post(
    "/pregnancies/{pregnancy_id}/inclusion-decisions",
    status_code=status.HTTP_201_CREATED,
    response_model=InclusionDecided,
    dependencies=[WRITE],
    responses=problem_responses(404, 409),
    summary="Include the client without a tool result, on professional judgement (SCR-06 exception path)",
)
async def decide_inclusion(
    pregnancy_id: uuid.UUID,
    body: InclusionDecisionCreate,
    principal: PrincipalDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> InclusionDecided:
    cmd = body.to_command(pregnancy_id, principal.subject)
    outcome = await screenings.decide_inclusion(cmd, uow=uow, today=today, idempotency_key=idempotency_key)
    return InclusionDecided.of(outcome)


@router.get(
    "/screenings",
    response_model=ScreeningPage,
    dependencies=[READ],
    summary="List screenings by performer, residence municipality, date range and status (newest first)",
)
async def list_screenings(
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    professional_id: Annotated[str | None, Query(max_length=64, description="the performer")] = None,
    residence_nis: Annotated[str | None, Query(pattern=r"^\d{5}$")] = None,
    date_from: Annotated[date | None, Query(description="screened on or after")] = None,
    date_to: Annotated[date | None, Query(description="screened on or before")] = None,
    screening_status: Annotated[ScreeningStatus | None, Query(alias="status")] = None,
    current_only: Annotated[bool, Query(description="leave out records superseded by a correction")] = True,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> ScreeningPage:
    filters = ScreeningFilter(
        professional_id=professional_id,
        residence_nis=residence_nis,
        date_from=date_from,
        date_to=date_to,
        status=screening_status,
        current_only=current_only,
    )
    page = await queries.list_screenings(
        filters, uow=uow, municipalities=municipalities, limit=limit, offset=offset
    )
    return ScreeningPage.of(page)
