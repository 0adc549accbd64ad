"""Operations of the financing service: a reassessment of the held claims on demand (the service also runs it
by itself, see `financing.consumers`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from financing.api.deps import RUN_OPERATIONS, RulesDep, TodayDep, UowDep
from financing.service import reviews
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(
    prefix="/ops",
    tags=["operations"],
    dependencies=[RUN_OPERATIONS],
    responses=problem_responses(401, 403, 422),
)


class HeldReassessmentRead(BaseModel):
    outcomes: dict[str, int] = Field(
        examples=[{"ACCEPTED": 12, "REJECTED": 2, "UNCHANGED": 5}],
        description="claims per new outcome; UNCHANGED: still held for the same reasons (no new decision)",
    )


@router.post(
    "/held-claims/reassessment",
    response_model=HeldReassessmentRead,
    summary="Decide every held claim again now: late activities are paid, expired ones rejected",
    description="A claim held with ACTIVITY_NOT_YET_KNOWN is paid once its activity's event has arrived and is "
    "rejected with ACTIVITY_NOT_REGISTERED after FINANCING_ACTIVITY_GRACE_DAYS. Claims held for a human "
    "(FIN_21_MISSION_REVIEW, DF-7 ...) stay held until a finance officer reviews them. Held claims are taken "
    "oldest first, at most `limit` per call.\n\nThe service runs the same use case by itself: right after "
    "its projection consumer has applied an activity (screening, prenatal advice session, coordinator "
    "appointment, consultation, case-management intervention) for a client with claims held "
    "ACTIVITY_NOT_YET_KNOWN, and periodically in its consumers process (FINANCING_REASSESSMENT_INTERVAL_SECONDS, "
    "default hourly). This endpoint is for an operator who wants a run now.",
)
async def reassess_held(
    principal: PrincipalDep,
    uow: UowDep,
    rules: RulesDep,
    today: TodayDep,
    limit: Annotated[int, Query(ge=1, le=5000, description="held claims per run")] = 500,
) -> HeldReassessmentRead:
    cmd = reviews.ReassessHeldClaims(principal.subject, limit)
    return HeldReassessmentRead(
        outcomes=await reviews.reassess_held_claims(cmd, uow=uow, rules=rules, today=today)
    )
