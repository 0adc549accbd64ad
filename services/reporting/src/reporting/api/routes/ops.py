"""Operations: rebuild the fact projection from the event log (ops only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from reporting.api.deps import SessionmakerDep
from reporting.api.schemas import RebuildRead
from reporting.service.rebuild import rebuild
from shared.api import problem_responses
from shared.auth import Role, require_role

router = APIRouter(
    prefix="/ops",
    tags=["operations"],
    dependencies=[Depends(require_role(Role.OPS))],
    responses=problem_responses(401, 403),
)


@router.post(
    "/rebuild",
    response_model=RebuildRead,
    responses=problem_responses(409),
    summary="Recompute every figure from the stored event log (one transaction; 409 if one is running)",
)
async def rebuild_projection(request: Request, sessionmaker: SessionmakerDep) -> RebuildRead:
    result = await rebuild(sessionmaker)
    request.app.state.figure_cache.clear()
    return RebuildRead.of(result)
