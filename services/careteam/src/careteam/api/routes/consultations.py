"""Perinatal-consultation routes (CT-50, CT-51, Q-23)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, status

from careteam.api.deps import CallerDep, GeographyDep, IdempotencyKeyDep, TodayDep, UowDep
from careteam.api.routes import IDEMPOTENT, NOT_IN_TEAM, NOT_YET_KNOWN, TEAM_ROLES
from careteam.api.schemas.consultations import ConsultationCreate, ConsultationRead, ParticipantIn
from careteam.service import consultations, queries
from careteam.service.views.consultations import consultation_view
from shared.api import problem_responses
from shared.auth import require_role

router = APIRouter(
    prefix="/teams/{team_id}/consultations",
    tags=["consultations"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403, 404, 409, 422),
)


def _participant(p: ParticipantIn) -> consultations.ParticipantInput:
    return consultations.ParticipantInput(p.to_ref(), p.designated_by_client, p.outside_professional())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsultationRead,
    summary="Record a perinatal consultation organised by the coordinator (or the case manager if only one)",
    description="Only for scenario B or the exception (422 CT_19_SCENARIO_B_REQUIRED). At least 4 participants "
    "(422 CT_50_TOO_FEW_PARTICIPANTS) including a health-insurance professional "
    "(CT_50_HEALTH_INSURANCE_PROFESSIONAL_REQUIRED) and the client or her designee (CT_50_CLIENT_REQUIRED); "
    "in person or online; 422 CT_50_ORGANISER_NOT_COORDINATOR_OR_CASE_MANAGER. "
    + NOT_YET_KNOWN
    + " "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Publishes careteam.consultation.held with every participant's profession, funding type, life domain "
    "and, for a professional, where she works (`location_nis`, REP-08: stored with the member or the case manager; "
    "given for an outside professional, validated like the client's residence, 422 UNKNOWN_MUNICIPALITY).",
)
async def record(
    team_id: uuid.UUID,
    body: ConsultationCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    geography: GeographyDep,
    idempotency_key: IdempotencyKeyDep,
) -> ConsultationRead:
    cmd = consultations.RecordConsultation(
        team_id=team_id,
        held_on=body.held_on,
        organiser=body.organiser.to_domain(),
        mode=body.mode,
        duration_minutes=body.duration_minutes,
        participants=tuple(_participant(p) for p in body.participants),
        recorded_by=caller.subject,
    )
    stored = await consultations.record_consultation(
        cmd, uow=uow, today=today, caller=caller, geography=geography, idempotency_key=idempotency_key
    )
    return ConsultationRead.model_validate(consultation_view(stored))


@router.get(
    "",
    response_model=list[ConsultationRead],
    summary="The team's consultations with who took part (CT-51)",
    description=NOT_IN_TEAM,
)
async def history(
    team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep
) -> list[ConsultationRead]:
    found = await queries.consultations(team_id, uow=uow, today=today, caller=caller)
    return [ConsultationRead.model_validate(c) for c in found]
