"""Per-professional queries for front ends: the teams a professional works in, with the roles held."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path

from careteam.api.deps import CallerDep, TodayDep, UowDep
from careteam.api.routes import TEAM_ROLES
from careteam.api.schemas.teams import ProfessionalTeamRead
from careteam.service import queries
from shared.api import problem_responses
from shared.auth import require_role

router = APIRouter(
    prefix="/professionals",
    tags=["teams"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403),
)


@router.get(
    "/{professional_id}/teams",
    response_model=list[ProfessionalTeamRead],
    summary="The teams a professional is a member, coordinator or case manager of",
    description="A professional lists her own teams only (the token's professional id): another id is 403 "
    "Q_16_OWN_TEAMS_ONLY; admin and ops list anyone's (Q-16).",
)
async def teams_of(
    uow: UowDep,
    today: TodayDep,
    caller: CallerDep,
    professional_id: str = Path(min_length=1, max_length=64),
    include_past: bool = False,
) -> list[ProfessionalTeamRead]:
    found = await queries.teams_of_professional(
        professional_id, uow=uow, today=today, caller=caller, include_past=include_past
    )
    return [ProfessionalTeamRead.model_validate(v) for v in found]
