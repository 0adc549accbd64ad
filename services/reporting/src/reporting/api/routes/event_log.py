"""Operations view of the event log (counts per event type; no personal data)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import func, select

from reporting.adapters import orm
from reporting.api.deps import SessionmakerDep
from shared.api import problem_responses
from shared.auth import Role, require_role

router = APIRouter(
    prefix="/ops/event-log",
    tags=["operations"],
    dependencies=[Depends(require_role(Role.OPS, Role.ADMIN))],
    responses=problem_responses(401, 403),
)


class EventTypeCount(BaseModel):
    event_type: str
    count: int


class EventLogSummary(BaseModel):
    total: int
    by_type: list[EventTypeCount]


@router.get("/summary", response_model=EventLogSummary, summary="How many events of each type the log holds")
async def summary(sessionmaker: SessionmakerDep) -> EventLogSummary:
    t = orm.event_log
    async with sessionmaker() as session:
        rows = (
            await session.execute(
                select(t.c.event_type, func.count()).group_by(t.c.event_type).order_by(t.c.event_type)
            )
        ).all()
    by_type = [EventTypeCount(event_type=r[0], count=int(r[1])) for r in rows]
    return EventLogSummary(total=sum(c.count for c in by_type), by_type=by_type)
