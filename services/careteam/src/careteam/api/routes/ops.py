"""Operations routes of careteam: the periodic case-management deadline check (CT-33, CT-34)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from careteam.api.deps import TodayDep, UowFactoryDep
from careteam.api.routes import OPS_ROLES
from careteam.api.schemas.case_management import DeadlineCheckRead
from careteam.service import deadlines
from shared.api import problem_responses
from shared.auth import require_role

router = APIRouter(
    prefix="/ops/case-management",
    tags=["operations"],
    dependencies=[Depends(require_role(*OPS_ROLES))],
    responses=problem_responses(401, 403),
)


@router.post(
    "/deadline-check",
    response_model=DeadlineCheckRead,
    summary="Publish the IntakeLate and FollowUpDue notices owed today, each at most once (idempotent)",
    description="Meant to be called periodically (e.g. a daily CronJob with an ops token). A request still "
    "unanswered after 7 working days gets careteam.case_management.intake_late; a follow-up due today gets "
    "careteam.case_management.follow_up_due (missed=false), a missed one (missed=true). Calling it again the same "
    "day publishes nothing new. The same flags are also computed at query time in the team and episode reads.",
)
async def deadline_check(uow_factory: UowFactoryDep, today: TodayDep) -> DeadlineCheckRead:
    result = await deadlines.check_deadlines(uow_factory=uow_factory, today=today)
    return DeadlineCheckRead.model_validate(result)
