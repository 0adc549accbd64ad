"""Read routes over the pregnancy projection (what careteam knows from the screening events)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends

from careteam.api.deps import UowDep
from careteam.api.routes import TEAM_ROLES
from careteam.api.schemas.teams import PregnancyProjectionRead
from careteam.service import queries
from shared.api import problem_responses
from shared.auth import require_role

router = APIRouter(
    prefix="/pregnancies",
    tags=["pregnancies"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403, 404),
)


@router.get(
    "/{pregnancy_id}",
    response_model=PregnancyProjectionRead,
    summary="What careteam knows of a pregnancy (from the screening events)",
    description="404 PREGNANCY_NOT_KNOWN until the registration event has reached careteam.",
)
async def read(pregnancy_id: uuid.UUID, uow: UowDep) -> PregnancyProjectionRead:
    return PregnancyProjectionRead.model_validate(await queries.pregnancy(pregnancy_id, uow=uow))
