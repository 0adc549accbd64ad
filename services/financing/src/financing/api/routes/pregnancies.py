"""Read routes over financing's own projection (what the rules decide on)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from financing.api.deps import FINANCE, UowDep
from financing.service import projection
from shared.api import problem_responses

router = APIRouter(
    prefix="/projection/pregnancies",
    tags=["projection"],
    dependencies=[FINANCE],
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
    scenario: str | None = Field(description="SCR-05 current scenario: 0, A or B (none before a screening)")
    exception: bool = Field(description="SCR-06 exception path")
    birth_date: date | None
    ended_on: date | None
    screenings: int
    prenatal_advice_sessions: int = Field(description="FIN-11 current sessions (superseded ones not counted)")
    superseded_prenatal_advice_sessions: int = Field(description="sessions a correction superseded")
    care_teams: list[uuid.UUID]
    coordinator_appointments: int
    case_management_interventions: int
    consultations: int


@router.get(
    "/{pregnancy_id}",
    response_model=PregnancyProjectionRead,
    summary="Financing's own projection of a pregnancy (from the screening and careteam events)",
)
async def read(pregnancy_id: uuid.UUID, uow: UowDep) -> PregnancyProjectionRead:
    overview = await projection.pregnancy_overview(pregnancy_id, uow=uow)
    return PregnancyProjectionRead.model_validate(overview, from_attributes=True)
