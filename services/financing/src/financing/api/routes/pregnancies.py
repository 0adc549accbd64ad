"""Read routes over the pregnancy projection."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from financing.adapters import orm
from financing.api.deps import SessionmakerDep
from shared.api import problem_responses
from shared.auth import Role, require_role
from shared.errors import NotFound

router = APIRouter(
    prefix="/projection/pregnancies",
    tags=["pregnancies"],
    dependencies=[Depends(require_role(Role.FINANCE_OFFICER, Role.ADMIN))],
    responses=problem_responses(401, 403, 404),
)


class PregnancyProjectionRead(BaseModel):
    pregnancy_id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    registered_at: datetime


class PregnancyNotKnown(NotFound):
    code = "PREGNANCY_NOT_KNOWN"


@router.get(
    "/{pregnancy_id}",
    response_model=PregnancyProjectionRead,
    summary="Financing's own projection of a pregnancy (from the screening events)",
)
async def read(pregnancy_id: uuid.UUID, sessionmaker: SessionmakerDep) -> PregnancyProjectionRead:
    t = orm.pregnancy_projection
    async with sessionmaker() as session:
        row = (await session.execute(select(t).where(t.c.pregnancy_id == pregnancy_id))).first()
    if row is None:
        raise PregnancyNotKnown("No registration event for this pregnancy has reached this service (yet)")
    return PregnancyProjectionRead.model_validate(dict(row._mapping))
