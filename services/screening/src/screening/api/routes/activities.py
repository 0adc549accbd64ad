"""Routes of prenatal advice sessions (FIN-11) and outreach referrals (SCR-10)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from screening.api.deps import WRITE, IdempotencyKeyDep, MunicipalitiesDep, TodayDep, UowDep
from screening.api.schemas.activities import (
    PrenatalAdviceSessionCreate,
    PrenatalAdviceSessionRead,
    ReferralCreate,
    ReferralRead,
)
from screening.service import advice_sessions, referrals
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(tags=["activities"], responses=problem_responses(401, 403, 422))


@router.post(
    "/pregnancies/{pregnancy_id}/prenatal-advice-sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=PrenatalAdviceSessionRead,
    dependencies=[WRITE],
    responses=problem_responses(404, 409),
    summary="Record a prenatal advice session (PPA): before birth, scenario A/B or exception (FIN-11)",
)
async def record_prenatal_advice_session(
    pregnancy_id: uuid.UUID,
    body: PrenatalAdviceSessionCreate,
    principal: PrincipalDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> PrenatalAdviceSessionRead:
    cmd = body.to_command(pregnancy_id, principal.subject)
    outcome = await advice_sessions.record_prenatal_advice_session(
        cmd, uow=uow, today=today, idempotency_key=idempotency_key
    )
    return PrenatalAdviceSessionRead.of(outcome.stored)


@router.post(
    "/referrals",
    status_code=status.HTTP_201_CREATED,
    response_model=ReferralRead,
    dependencies=[WRITE],
    responses=problem_responses(404, 409),
    summary="Record an outreach referral to screening (toeleiding, SCR-10)",
)
async def record_referral(
    body: ReferralCreate,
    principal: PrincipalDep,
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> ReferralRead:
    stored = await referrals.record_referral(
        body.to_command(principal.subject),
        uow=uow,
        municipalities=municipalities,
        today=today,
        idempotency_key=idempotency_key,
    )
    return ReferralRead.of(stored)
