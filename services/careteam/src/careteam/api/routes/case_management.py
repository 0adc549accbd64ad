"""Case-management routes: request to a recognised organisation, intake, intervention, follow-up (CT-30..CT-45)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, status

from careteam.api.deps import CallerDep, GeographyDep, IdempotencyKeyDep, TodayDep, UowDep
from careteam.api.routes import IDEMPOTENT, NOT_IN_TEAM, TEAM_ROLES
from careteam.api.schemas.case_management import (
    CaseManagementRequestCreate,
    EpisodeRead,
    FollowUpCreate,
    IntakeCreate,
    InterventionEnd,
    InterventionStart,
    Withdrawal,
)
from careteam.api.schemas.teams import DeadlineRead
from careteam.service import case_interventions, queries
from careteam.service import case_management as cm
from careteam.service.views.case_management import episode_view
from shared.api import problem_responses
from shared.auth import require_role

_EPISODE_ACCESS = (
    "403 Q_16_NOT_IN_TEAM unless the caller is in the team (member, coordinator, case manager, or formed it) or "
    "works for the organisation the request was sent to (the token's organisation): that organisation answers "
    "with the intake, starts the intervention and holds the follow-up (CT-33, CT-34). " + IDEMPOTENT
)

router = APIRouter(
    tags=["case management"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403, 404, 409, 422),
)


@router.post(
    "/teams/{team_id}/case-management-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=EpisodeRead,
    summary="Request case management (jump-start or process support) from a recognised organisation",
    description="By the client, an informal carer or a professional for the team, addressed directly to an "
    "organisation of the register (Q-12). The intake is due within 7 Belgian working days (CT-33). Refusals: 422 "
    "CT_31_JUMP_START_CONDITION_REQUIRED, CT_35_ORGANISATION_NOT_RECOGNISED, CT_35_REGION_NOT_COVERED; 409 "
    "CT_43_CASE_MANAGEMENT_ALREADY_OPEN. "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Publishes careteam.case_management.requested.",
)
async def request(
    team_id: uuid.UUID,
    body: CaseManagementRequestCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    geography: GeographyDep,
    idempotency_key: IdempotencyKeyDep,
) -> EpisodeRead:
    cmd = cm.RequestCaseManagement(
        team_id=team_id,
        request_type=body.request_type,
        requested_on=body.requested_on,
        requested_by=body.requested_by.to_domain(),
        organisation_id=body.organisation_id,
        region=body.region,
        conditions=frozenset(body.conditions),
        note=body.note,
        recorded_by=caller.subject,
    )
    stored = await cm.request_case_management(
        cmd, uow=uow, today=today, geography=geography, caller=caller, idempotency_key=idempotency_key
    )
    return EpisodeRead.model_validate(episode_view(stored, today))


@router.get(
    "/teams/{team_id}/case-management-requests",
    response_model=list[EpisodeRead],
    summary="The team's case-management episodes over time (several are allowed, CT-36)",
    description=NOT_IN_TEAM,
)
async def history(team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep) -> list[EpisodeRead]:
    found = await queries.episodes(team_id, uow=uow, today=today, caller=caller)
    return [EpisodeRead.model_validate(e) for e in found]


@router.get(
    "/case-management-requests/{request_id}",
    response_model=EpisodeRead,
    summary="One case-management episode with its deadlines flagged at query time",
    description="403 Q_16_NOT_IN_TEAM unless the caller is in the team or works for the organisation the "
    "request was sent to.",
)
async def read(request_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep) -> EpisodeRead:
    return EpisodeRead.model_validate(await queries.episode(request_id, uow=uow, today=today, caller=caller))


@router.get(
    "/case-management/deadlines",
    response_model=list[DeadlineRead],
    summary="Intake and follow-up deadlines coming up within N days or already passed (CT-33, CT-34)",
    description="A professional sees the deadlines of her own teams and of the requests sent to her "
    "organisation (the token's organisation); admin and ops see all (Q-16).",
)
async def deadlines(
    uow: UowDep,
    today: TodayDep,
    caller: CallerDep,
    within_days: int = Query(default=14, ge=0, le=366),
    organisation_id: str | None = Query(default=None, max_length=64),
) -> list[DeadlineRead]:
    found = await queries.deadlines(
        uow=uow, today=today, caller=caller, within_days=within_days, organisation_id=organisation_id
    )
    return [DeadlineRead.model_validate(d) for d in found]


@router.post(
    "/case-management-requests/{request_id}/intake",
    response_model=EpisodeRead,
    summary="Answer a request by scheduling the intake; after 7 working days it is flagged late (CT-33)",
    description="Publishes careteam.case_management.intake_scheduled (late true/false) and, for a late answer "
    "not yet notified, careteam.case_management.intake_late. " + _EPISODE_ACCESS,
)
async def schedule_intake(
    request_id: uuid.UUID,
    body: IntakeCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> EpisodeRead:
    cmd = case_interventions.ScheduleIntake(request_id, body.scheduled_on, body.intake_on, caller.subject)
    stored = await case_interventions.schedule_intake(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return EpisodeRead.model_validate(episode_view(stored, today))


@router.post(
    "/case-management-requests/{request_id}/intervention",
    response_model=EpisodeRead,
    summary="Start the case manager's temporary intervention (never a team member, never the coordinator)",
    description="Refusals: 422 CT_44_CASE_MANAGER_IS_MEMBER, CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON, "
    "CT_35_CASE_MANAGER_NOT_FROM_ORGANISATION, UNKNOWN_MUNICIPALITY (the case manager's `location_nis`, "
    "REP-08/Q-05: a merged municipality's code is mapped to its 2025 successor); 409 CT_33_INTAKE_REQUIRED, "
    "CT_43_SECOND_ACTIVE_CASE_MANAGER. Publishes careteam.case_management.started (with the case manager's "
    "`location_nis`). " + _EPISODE_ACCESS,
)
async def start(
    request_id: uuid.UUID,
    body: InterventionStart,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    geography: GeographyDep,
    idempotency_key: IdempotencyKeyDep,
) -> EpisodeRead:
    cmd = case_interventions.StartIntervention(
        request_id, body.case_manager.to_domain(), body.started_on, body.planned_end_on, caller.subject
    )
    stored = await case_interventions.start_intervention(
        cmd, uow=uow, today=today, caller=caller, geography=geography, idempotency_key=idempotency_key
    )
    return EpisodeRead.model_validate(episode_view(stored, today))


@router.post(
    "/case-management-requests/{request_id}/intervention/end",
    response_model=EpisodeRead,
    summary="End the intervention; the follow-up falls due 6 months later (CT-34)",
    description="Publishes careteam.case_management.ended with follow_up_due_on. " + _EPISODE_ACCESS,
)
async def end(
    request_id: uuid.UUID,
    body: InterventionEnd,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> EpisodeRead:
    cmd = case_interventions.EndIntervention(request_id, body.ended_on, caller.subject)
    stored = await case_interventions.end_intervention(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return EpisodeRead.model_validate(episode_view(stored, today))


@router.post(
    "/case-management-requests/{request_id}/follow-up",
    response_model=EpisodeRead,
    summary="Record the follow-up of an ended intervention (CT-34)",
    description="Publishes careteam.case_management.follow_up_done. " + _EPISODE_ACCESS,
)
async def follow_up(
    request_id: uuid.UUID,
    body: FollowUpCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> EpisodeRead:
    cmd = case_interventions.RecordFollowUp(
        request_id, body.held_on, body.effective, body.note, caller.subject
    )
    stored = await case_interventions.record_follow_up(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return EpisodeRead.model_validate(episode_view(stored, today))


@router.post(
    "/case-management-requests/{request_id}/withdrawal",
    response_model=EpisodeRead,
    summary="Withdraw a request before its intervention starts (CT-33)",
    description="409 CT_30_INTERVENTION_ALREADY_STARTED once the intervention runs (it is ended instead). "
    "Publishes careteam.case_management.withdrawn. " + _EPISODE_ACCESS,
)
async def withdraw(
    request_id: uuid.UUID,
    body: Withdrawal,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> EpisodeRead:
    cmd = cm.WithdrawRequest(request_id, body.withdrawn_on, caller.subject)
    stored = await cm.withdraw_request(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return EpisodeRead.model_validate(episode_view(stored, today))
