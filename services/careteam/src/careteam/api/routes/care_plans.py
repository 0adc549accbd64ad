"""Care-plan routes: versions with history, tasks and who-does-what agreements (CT-03, CT-04)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, status

from careteam.api.deps import CallerDep, IdempotencyKeyDep, TodayDep, UowDep
from careteam.api.routes import IDEMPOTENT, NOT_IN_TEAM, TEAM_ROLES
from careteam.api.schemas.care_plans import CarePlanChange, CarePlanRead, TaskStatusChange
from careteam.service import care_plans, queries
from careteam.service.views.care_plans import care_plan_view
from shared.api import problem_responses
from shared.auth import require_role

router = APIRouter(
    prefix="/teams/{team_id}/care-plan",
    tags=["care plan"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403, 404, 422),
)


@router.get(
    "",
    response_model=CarePlanRead,
    summary="The care plan in force (its latest version)",
    description=NOT_IN_TEAM,
)
async def current(team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep) -> CarePlanRead:
    return CarePlanRead.model_validate(await queries.care_plan(team_id, uow=uow, today=today, caller=caller))


@router.get(
    "/versions",
    response_model=list[CarePlanRead],
    summary="Every version of the care plan, oldest first",
    description=NOT_IN_TEAM,
)
async def versions(team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep) -> list[CarePlanRead]:
    found = await queries.care_plan_versions(team_id, uow=uow, today=today, caller=caller)
    return [CarePlanRead.model_validate(v) for v in found]


@router.get(
    "/versions/{version}",
    response_model=CarePlanRead,
    summary="One version of the care plan",
    description=NOT_IN_TEAM,
)
async def version(
    team_id: uuid.UUID, version: int, uow: UowDep, today: TodayDep, caller: CallerDep
) -> CarePlanRead:
    found = await queries.care_plan(team_id, uow=uow, today=today, caller=caller, version=version)
    return CarePlanRead.model_validate(found)


@router.post(
    "/versions",
    status_code=status.HTTP_201_CREATED,
    response_model=CarePlanRead,
    responses=problem_responses(409),
    summary="Draw up or revise the care plan: a new version; omitted parts carry over (CT-03, CT-04)",
    description="Care goals come from the client's life goals (422 CT_03_GOAL_WITHOUT_LIFE_GOAL); tasks are "
    "assigned to a named current member (CT_03_TASK_ASSIGNEE_NOT_A_MEMBER); who-does-what agreements bind members "
    "(CT_04_AGREEMENT_PARTY_NOT_A_MEMBER). 409 CT_03_CARE_PLAN_VERSION_CONFLICT when base_version is stale. "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Publishes careteam.care_plan.changed (counts only, no text).",
)
async def change(
    team_id: uuid.UUID,
    body: CarePlanChange,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> CarePlanRead:
    cmd = care_plans.ChangeCarePlan(
        team_id=team_id,
        valid_from=body.valid_from,
        changed_by=body.changed_by.to_domain(),
        base_version=body.base_version,
        life_goals=tuple(g.to_domain() for g in body.life_goals) if body.life_goals is not None else None,
        care_goals=tuple(g.to_domain() for g in body.care_goals) if body.care_goals is not None else None,
        tasks=tuple(t.to_domain() for t in body.tasks) if body.tasks is not None else None,
        agreements=tuple(a.to_domain() for a in body.agreements) if body.agreements is not None else None,
        consultation_id=body.consultation_id,
        note=body.note,
        recorded_by=caller.subject,
    )
    changed = await care_plans.change_care_plan(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return CarePlanRead.model_validate(care_plan_view(changed, today))


@router.post(
    "/tasks/{task_id}/status",
    status_code=status.HTTP_201_CREATED,
    response_model=CarePlanRead,
    responses=problem_responses(409),
    summary="Mark a task done, cancelled or open again: a new version of the plan (CT-03)",
    description=NOT_IN_TEAM + " " + IDEMPOTENT + " Publishes careteam.care_plan.changed.",
)
async def task_status(
    team_id: uuid.UUID,
    task_id: str,
    body: TaskStatusChange,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> CarePlanRead:
    cmd = care_plans.SetTaskStatus(
        team_id,
        task_id,
        body.status,
        body.on,
        body.changed_by.to_domain(),
        body.base_version,
        caller.subject,
    )
    changed = await care_plans.set_task_status(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return CarePlanRead.model_validate(care_plan_view(changed, today))
