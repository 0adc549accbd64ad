"""Routes of the inclusion history: screenings, exception-path decisions and the screening list."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from screening.adapters.records import ScreeningFilter
from screening.api import docs
from screening.api.deps import (
    READ,
    WRITE,
    IdempotencyKeyDep,
    LimitQuery,
    MunicipalitiesDep,
    OffsetQuery,
    RecorderDep,
    ScenarioQuery,
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
from screening.domain import errors
from screening.domain.model import ScreeningStatus
from screening.service import queries, screenings

router = APIRouter(tags=["screenings"], responses=docs.problems(401, 403, 422))

_CORRECTIONS = {
    404: [docs.PREGNANCY_NOT_FOUND, docs.RECORD_NOT_FOUND],
    409: [docs.ALREADY_SUPERSEDED, docs.KEY_REUSED],
}


@router.post(
    "/pregnancies/{pregnancy_id}/screenings",
    status_code=status.HTTP_201_CREATED,
    response_model=ScreeningRecorded,
    dependencies=[WRITE],
    responses=docs.problems(
        404,
        409,
        422,
        examples=_CORRECTIONS
        | {
            422: [
                docs.problem_example(
                    errors.ScreeningAfterBirthWindow,
                    422,
                    "A screening must take place at the latest 7 days after birth.",
                    days_after_birth=8,
                ),
                docs.problem_example(
                    errors.UnknownIndicator, 422, "Unknown indicator codes: POVERTY.", unknown=["POVERTY"]
                ),
                docs.CORRECTION_REASON_REQUIRED,
                docs.UNKNOWN_PERFORMER_LOCATION,
                docs.VALIDATION_ERROR,
            ]
        },
    ),
    summary="Record a screening (or a correction); a completed one determines scenario 0/A/B (SCR-04..SCR-09)",
    description=f"{docs.CORRECTION} {docs.ON_BEHALF} {docs.PERFORMER_LOCATION}",
)
async def record_screening(
    pregnancy_id: uuid.UUID,
    body: ScreeningCreate,
    recorder: RecorderDep,
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> ScreeningRecorded:
    cmd = body.to_command(pregnancy_id, recorder)
    outcome = await screenings.record_screening(
        cmd, uow=uow, municipalities=municipalities, today=today, idempotency_key=idempotency_key
    )
    return ScreeningRecorded.of(outcome)


@router.post(
    "/pregnancies/{pregnancy_id}/inclusion-decisions",
    status_code=status.HTTP_201_CREATED,
    response_model=InclusionDecided,
    dependencies=[WRITE],
    responses=docs.problems(
        404,
        409,
        422,
        examples=_CORRECTIONS
        | {
            422: [
                docs.problem_example(
                    errors.ExceptionWithToolResult,
                    422,
                    "A completed screening is available; correct it instead of using the exception path.",
                ),
                docs.problem_example(
                    errors.ExceptionWithoutIndicators,
                    422,
                    "An inclusion without tool result requires at least one indicator judged present.",
                ),
                docs.UNKNOWN_PERFORMER_LOCATION,
                docs.VALIDATION_ERROR,
            ]
        },
    ),
    summary="Include the client without a tool result, on professional judgement (SCR-06 exception path)",
    description=f"{docs.CORRECTION} {docs.ON_BEHALF} {docs.PERFORMER_LOCATION}",
)
async def decide_inclusion(
    pregnancy_id: uuid.UUID,
    body: InclusionDecisionCreate,
    recorder: RecorderDep,
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> InclusionDecided:
    cmd = body.to_command(pregnancy_id, recorder)
    outcome = await screenings.decide_inclusion(
        cmd, uow=uow, municipalities=municipalities, today=today, idempotency_key=idempotency_key
    )
    return InclusionDecided.of(outcome)


@router.get(
    "/screenings",
    response_model=ScreeningPage,
    dependencies=[READ],
    responses=docs.problems(422, examples={422: [docs.UNKNOWN_MUNICIPALITY, docs.VALIDATION_ERROR]}),
    summary="List screenings by performer, municipality, date range, status and current scenario (newest first)",
    description="Paged with `limit` (at most 200) and `offset`, `total` counts every match. `scenario` filters "
    "on the current scenario of the screening's pregnancy, which each item also carries.",
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
    scenario: ScenarioQuery = None,
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
        scenarios=frozenset(scenario or ()),
    )
    page = await queries.list_screenings(
        filters, uow=uow, municipalities=municipalities, limit=limit, offset=offset
    )
    return ScreeningPage.of(page)
