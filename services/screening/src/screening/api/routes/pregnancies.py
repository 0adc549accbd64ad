"""Pregnancy routes: thin, parse → command → use case → read model."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from fastapi import APIRouter, Depends, status

from screening.api.deps import IdentityDep, TodayDep, UowDep
from screening.api.schemas import PregnancyCreate, PregnancyRead
from screening.service import pregnancies
from shared.api import problem_responses
from shared.auth import PrincipalDep, Role, require_role

router = APIRouter(
    prefix="/pregnancies",
    tags=["pregnancies"],
    dependencies=[Depends(require_role(Role.PROFESSIONAL, Role.COORDINATOR, Role.ADMIN))],
    responses=problem_responses(401, 403, 422),
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PregnancyRead,
    responses=problem_responses(409),
    summary="Register a pregnancy (the national number is validated, pseudonymised and encrypted)",
)
async def register(
    body: PregnancyCreate, principal: PrincipalDep, uow: UowDep, identity: IdentityDep, today: TodayDep
) -> PregnancyRead:
    cmd = pregnancies.RegisterPregnancy(**body.model_dump(), registered_by=principal.subject)
    record = await pregnancies.register_pregnancy(cmd, uow=uow, identity=identity, today=today)
    return PregnancyRead(**asdict(record))


@router.get("/{pregnancy_id}", response_model=PregnancyRead, responses=problem_responses(404))
async def read(pregnancy_id: uuid.UUID, uow: UowDep) -> PregnancyRead:
    return PregnancyRead(**asdict(await pregnancies.get_pregnancy(pregnancy_id, uow=uow)))
