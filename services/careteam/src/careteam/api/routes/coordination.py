"""Coordination routes: appoint, hand over, re-evaluate and end the team's one coordinator (CT-10..CT-19)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, status

from careteam.api.deps import CallerDep, IdempotencyKeyDep, PolicyDep, TodayDep, UowDep
from careteam.api.routes import IDEMPOTENT, NOT_IN_TEAM, NOT_YET_KNOWN, TEAM_ROLES
from careteam.api.schemas.coordination import (
    AppointmentCreate,
    AppointmentEnd,
    AppointmentRead,
    ReevaluationCreate,
)
from careteam.domain.roles import CoordinationEndReason
from careteam.service import coordination, queries
from careteam.service.views.coordination import appointment_view
from shared.api import problem_responses
from shared.auth import require_role

router = APIRouter(
    prefix="/teams/{team_id}/coordinator-appointments",
    tags=["coordination"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403, 404, 409, 422),
)

_RULES = (
    "Refusals (problem+json naming the rule, nothing stored): 422 CT_10_COORDINATOR_NOT_A_MEMBER, "
    "CT_15_CLIENT_CONSENT_REQUIRED, CT_18A_TEAM_DELIBERATION_REQUIRED, CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON, "
    "CT_16_OUTSIDE_CARE_WINDOW; 409 CT_13_SECOND_ACTIVE_COORDINATOR (also when two requests race: the database "
    "admits one). " + NOT_YET_KNOWN + " " + NOT_IN_TEAM + " " + IDEMPOTENT
)


def _command(
    team_id: uuid.UUID, body: AppointmentCreate, recorded_by: str, previous: uuid.UUID | None = None
) -> coordination.AppointCoordinator:
    return coordination.AppointCoordinator(
        team_id=team_id,
        coordinator=body.coordinator.to_domain(),
        appointed_on=body.appointed_on,
        consent_given_by=body.consent.given_by.to_domain() if body.consent else None,
        consent_given_on=body.consent.given_on if body.consent else None,
        deliberation_held_on=body.deliberation.held_on if body.deliberation else None,
        deliberation_participants=frozenset(p.to_domain() for p in body.deliberation.participants)
        if body.deliberation
        else frozenset(),
        reimbursement_sought=body.reimbursement_sought,
        recorded_by=recorded_by,
        previous_appointment_id=previous,
    )


@router.get(
    "",
    response_model=list[AppointmentRead],
    summary="The team's coordinator appointments over time",
    description=NOT_IN_TEAM,
)
async def history(
    team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep
) -> list[AppointmentRead]:
    found = await queries.appointments(team_id, uow=uow, today=today, caller=caller)
    return [AppointmentRead.model_validate(a) for a in found]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AppointmentRead,
    summary="Appoint a team member as coordinator, with the client's consent and a team deliberation",
    description="States whether the coordination is meant to be reimbursable and why (scenario B or the exception, "
    "a professional, coordination not already in the organisation's mission). "
    + _RULES
    + " Publishes careteam.coordinator.appointed.",
)
async def appoint(
    team_id: uuid.UUID,
    body: AppointmentCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    policy: PolicyDep,
    idempotency_key: IdempotencyKeyDep,
) -> AppointmentRead:
    stored = await coordination.appoint_coordinator(
        _command(team_id, body, caller.subject),
        uow=uow,
        today=today,
        policy=policy,
        caller=caller,
        idempotency_key=idempotency_key,
    )
    return AppointmentRead.model_validate(appointment_view(stored, today))


@router.post(
    "/{appointment_id}/hand-over",
    status_code=status.HTTP_201_CREATED,
    response_model=AppointmentRead,
    summary="Hand coordination over: close this appointment and appoint the successor on the same date (CT-13)",
    description=_RULES + " Publishes careteam.coordinator.ended and careteam.coordinator.appointed.",
)
async def hand_over(
    team_id: uuid.UUID,
    appointment_id: uuid.UUID,
    body: AppointmentCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    policy: PolicyDep,
    idempotency_key: IdempotencyKeyDep,
) -> AppointmentRead:
    cmd = _command(team_id, body, caller.subject, previous=appointment_id)
    stored = await coordination.appoint_coordinator(
        cmd, uow=uow, today=today, policy=policy, caller=caller, idempotency_key=idempotency_key
    )
    return AppointmentRead.model_validate(appointment_view(stored, today))


@router.post(
    "/{appointment_id}/end",
    response_model=AppointmentRead,
    summary="End coordination with a reason (CT-16)",
    description="409 CT_16_COORDINATION_NOT_ACTIVE if it already ended. The client withdrawing her consent with "
    "the coordinator (CT-15) is this end with reason CONSENT_WITHDRAWN. "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Publishes careteam.coordinator.ended with the reason.",
)
async def end(
    team_id: uuid.UUID,
    appointment_id: uuid.UUID,
    body: AppointmentEnd,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> AppointmentRead:
    cmd = coordination.EndCoordination(
        team_id,
        appointment_id,
        body.ended_on,
        CoordinationEndReason(body.reason),
        body.note,
        caller.subject,
    )
    ended = await coordination.end_coordination(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return AppointmentRead.model_validate(appointment_view(ended, today))


@router.post(
    "/{appointment_id}/reevaluations",
    status_code=status.HTTP_201_CREATED,
    response_model=AppointmentRead,
    summary="Record a re-evaluation led by the coordinator with the team; outcome END ends coordination (CT-16)",
    description="422 CT_16_REEVALUATION_WITHOUT_COORDINATOR if the coordinator did not take part. "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Outcome END publishes careteam.coordinator.ended (reason NEED_RESOLVED).",
)
async def reevaluate(
    team_id: uuid.UUID,
    appointment_id: uuid.UUID,
    body: ReevaluationCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> AppointmentRead:
    cmd = coordination.ReevaluateCoordination(
        team_id,
        appointment_id,
        body.held_on,
        frozenset(p.to_domain() for p in body.participants),
        body.outcome,
        body.note,
        caller.subject,
    )
    updated = await coordination.reevaluate_coordination(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return AppointmentRead.model_validate(appointment_view(updated, today))
