"""Routes of prenatal advice sessions (FIN-11) and outreach referrals (SCR-10)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from screening.api import docs
from screening.api.deps import (
    READ,
    WRITE,
    IdempotencyKeyDep,
    MunicipalitiesDep,
    RecorderDep,
    TodayDep,
    UowDep,
)
from screening.api.schemas.activities import (
    PrenatalAdviceSessionCreate,
    PrenatalAdviceSessionRead,
    ReferralCreate,
    ReferralRead,
)
from screening.domain import errors
from screening.service import advice_sessions, queries, referrals

router = APIRouter(tags=["activities"], responses=docs.problems(401, 403, 422))

_PPA_ON_BIRTH_DAY = docs.problem_example(
    errors.PpaOutsidePregnancy,
    422,
    "A prenatal advice session must be held strictly before the birth; the day of birth already counts as "
    "after the birth. FIN-11: a PPA only during pregnancy. Q-20: after birth no PPA is possible; care "
    "coordination and perinatal consultation remain available.",
    "/pregnancies/3f2c8d0e-8a57-4a43-9a53-0e9a1b3c7d21/prenatal-advice-sessions",
    timing="ON_BIRTH_DAY",
    related_rules=["Q-20"],
)


@router.post(
    "/pregnancies/{pregnancy_id}/prenatal-advice-sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=PrenatalAdviceSessionRead,
    dependencies=[WRITE],
    responses=docs.problems(
        404,
        409,
        422,
        examples={
            404: [docs.PREGNANCY_NOT_FOUND, docs.RECORD_NOT_FOUND],
            409: [docs.ALREADY_SUPERSEDED, docs.KEY_REUSED],
            422: [
                _PPA_ON_BIRTH_DAY,
                docs.problem_example(
                    errors.PpaRequiresInclusion,
                    422,
                    "A prenatal advice session requires scenario A or B, or an inclusion on the exception path.",
                    scenario="0",
                ),
                docs.CORRECTION_REASON_REQUIRED,
                docs.UNKNOWN_PERFORMER_LOCATION,
                docs.VALIDATION_ERROR,
            ],
        },
    ),
    summary="Record a prenatal advice session (PPA): strictly before birth, scenario A/B or exception (FIN-11)",
    description=f"{docs.PPA_BEFORE_BIRTH} The 3rd and later current sessions are accepted and not reimbursable "
    f"(CAP_REACHED). {docs.CORRECTION} A superseded session no longer counts toward the session number "
    f"or the FIN-11 cap of later sessions; the correction keeps the number it replaces. {docs.ON_BEHALF} "
    f"{docs.PERFORMER_LOCATION}",
)
async def record_prenatal_advice_session(
    pregnancy_id: uuid.UUID,
    body: PrenatalAdviceSessionCreate,
    recorder: RecorderDep,
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> PrenatalAdviceSessionRead:
    cmd = body.to_command(pregnancy_id, recorder)
    outcome = await advice_sessions.record_prenatal_advice_session(
        cmd, uow=uow, municipalities=municipalities, today=today, idempotency_key=idempotency_key
    )
    return PrenatalAdviceSessionRead.of(outcome.stored)


@router.post(
    "/referrals",
    status_code=status.HTTP_201_CREATED,
    response_model=ReferralRead,
    dependencies=[WRITE],
    responses=docs.problems(
        404,
        409,
        422,
        examples={
            404: [docs.PREGNANCY_NOT_FOUND, docs.RECORD_NOT_FOUND],
            409: [docs.ALREADY_SUPERSEDED, docs.KEY_REUSED],
            422: [
                docs.problem_example(
                    errors.ReferralDateInFuture, 422, "The referral date lies in the future.", "/referrals"
                ),
                docs.UNKNOWN_MUNICIPALITY,
                docs.VALIDATION_ERROR,
            ],
        },
    ),
    summary="Record an outreach referral to screening (toeleiding, SCR-10), or a correction of one",
    description=f"{docs.CORRECTION} A referral of a registered pregnancy is only corrected within that "
    f"pregnancy. {docs.ON_BEHALF} {docs.REFERRER_LOCATION}",
)
async def record_referral(
    body: ReferralCreate,
    recorder: RecorderDep,
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> ReferralRead:
    stored = await referrals.record_referral(
        body.to_command(recorder),
        uow=uow,
        municipalities=municipalities,
        today=today,
        idempotency_key=idempotency_key,
    )
    return ReferralRead.of(stored)


@router.get(
    "/referrals/{referral_id}",
    response_model=ReferralRead,
    dependencies=[READ],
    responses=docs.problems(
        404,
        examples={
            404: [
                docs.problem_example(errors.ReferralNotFound, 404, "No referral with this id.", "/referrals")
            ]
        },
    ),
    summary="Read a referral (also one not linked to a pregnancy), with its correction links (SCR-10)",
)
async def read_referral(referral_id: uuid.UUID, uow: UowDep) -> ReferralRead:
    return ReferralRead.of(await queries.get_referral(referral_id, uow=uow))
