"""Use cases of the care plan: draw up, revise, change a task's status; every change is a new version (CT-03/04)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import care_plan, errors
from careteam.domain.access import Caller
from careteam.domain.care_plan import (
    CareGoal,
    CarePlanHistory,
    CarePlanVersion,
    LifeGoal,
    Task,
    TaskStatus,
    WhoDoesWhat,
)
from careteam.domain.model import PersonRef
from careteam.service.common import (
    TeamState,
    claim_idempotency_key,
    complete_idempotency_key,
    load_state,
    not_after,
    publish,
    refused_by_constraints,
)
from shared.events.contracts.careteam import CarePlanChangedV1
from shared.idempotency import IdempotencyClaim


@dataclass(frozen=True)
class ChangeCarePlan:
    """Draw up version 1 (life and care goals required) or append a version; omitted parts carry over."""

    team_id: uuid.UUID
    valid_from: date | None
    changed_by: PersonRef
    base_version: int | None
    life_goals: tuple[LifeGoal, ...] | None
    care_goals: tuple[CareGoal, ...] | None
    tasks: tuple[Task, ...] | None
    agreements: tuple[WhoDoesWhat, ...] | None
    consultation_id: uuid.UUID | None
    note: str
    recorded_by: str


@dataclass(frozen=True)
class SetTaskStatus:
    team_id: uuid.UUID
    task_id: str
    status: TaskStatus
    on: date | None
    changed_by: PersonRef
    base_version: int | None
    recorded_by: str


def _check_base(history: CarePlanHistory | None, base_version: int | None) -> None:
    current = history.current.version if history is not None else 0
    if base_version is not None and base_version != current:
        raise errors.CarePlanVersionConflict(
            f"the plan is at version {current}, not {base_version}; reload it and apply the change again",
            extra={"current_version": current},
        )


async def change_care_plan(
    cmd: ChangeCarePlan,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> CarePlanVersion:
    """Append a version of the team's care plan from the client's life goals (CT-03, CT-04)."""
    on = cmd.valid_from or today
    not_after(on, today, "valid_from")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="change_care_plan", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        history = await uow.care_plans.history(cmd.team_id)
        if replayed is not None:
            return _version(history, replayed)
        _check_base(history, cmd.base_version)
        if cmd.consultation_id is not None and not await uow.consultations.exists(
            cmd.team_id, cmd.consultation_id
        ):
            raise errors.ConsultationNotFound(f"no consultation {cmd.consultation_id} in this team")
        consultation_id = str(cmd.consultation_id) if cmd.consultation_id else None
        if history is None:
            if cmd.life_goals is None or cmd.care_goals is None:
                raise errors.CarePlanGoalsRequired(
                    "the first version needs the life goals and the care goals"
                )
            history = care_plan.draw_up_care_plan(
                state.team,
                on=on,
                changed_by=cmd.changed_by,
                life_goals=cmd.life_goals,
                care_goals=cmd.care_goals,
                tasks=cmd.tasks or (),
                agreements=cmd.agreements or (),
                consultation_id=consultation_id,
                note=cmd.note,
            )
        else:
            history = care_plan.revise_care_plan(
                history,
                state.team,
                on=on,
                changed_by=cmd.changed_by,
                life_goals=cmd.life_goals,
                care_goals=cmd.care_goals,
                tasks=cmd.tasks,
                agreements=cmd.agreements,
                consultation_id=consultation_id,
                note=cmd.note,
            )
        await _append(uow, state, history.current, recorded_by=cmd.recorded_by, claim=claim)
    return history.current


async def set_task_status(
    cmd: SetTaskStatus,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> CarePlanVersion:
    """Mark a task done or cancelled (or reopen it) by appending a version (CT-03)."""
    on = cmd.on or today
    not_after(on, today, "on")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="set_task_status", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        history = await uow.care_plans.history(cmd.team_id)
        if replayed is not None:
            return _version(history, replayed)
        if history is None:
            raise errors.CarePlanNotFound("this team has no care plan yet")
        _check_base(history, cmd.base_version)
        history = care_plan.set_task_status(
            history, state.team, task_id=cmd.task_id, status=cmd.status, on=on, changed_by=cmd.changed_by
        )
        await _append(uow, state, history.current, recorded_by=cmd.recorded_by, claim=claim)
    return history.current


def _version(history: CarePlanHistory | None, replayed: dict[str, object]) -> CarePlanVersion:
    """The version an identical earlier request appended (committed together with its key)."""
    number = int(str(replayed["version"]))
    assert history is not None
    return next(v for v in history.versions if v.version == number)


async def _append(
    uow: CareteamUnitOfWork,
    state: TeamState,
    version: CarePlanVersion,
    *,
    recorded_by: str,
    claim: IdempotencyClaim | None,
) -> None:
    async with refused_by_constraints():
        await uow.care_plans.add(version, recorded_by=recorded_by)
        publish(
            uow,
            CarePlanChangedV1(
                team_id=state.record.team_id,
                client_pseudonym=state.subject,
                version=version.version,
                changed_on=version.valid_from,
                goals=len(version.care_goals),
                tasks=len(version.tasks),
                open_tasks=sum(1 for t in version.tasks if t.status is TaskStatus.OPEN),
                agreements=len(version.agreements),
            ),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, version=version.version)
        await uow.commit()
