"""Read models of the care plan: versions with goals, tasks and who-does-what agreements (CT-03, CT-04)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from careteam.domain.care_plan import CarePlanVersion, Task, TaskStatus
from careteam.service.views.common import RefView, ref_view, refs_view


@dataclass(frozen=True)
class TaskView:
    task_id: str
    goal_id: str
    description: str
    assignee: RefView
    due_on: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class LifeGoalView:
    goal_id: str
    description: str


@dataclass(frozen=True)
class CareGoalView:
    goal_id: str
    description: str
    life_goal_ids: list[str]


@dataclass(frozen=True)
class WhoDoesWhatView:
    agreement_id: str
    description: str
    responsible: list[RefView]
    agreed_on: date


@dataclass(frozen=True)
class CarePlanView:
    team_id: uuid.UUID
    version: int
    valid_from: date
    changed_by: RefView
    life_goals: list[LifeGoalView]
    care_goals: list[CareGoalView]
    tasks: list[TaskView]
    agreements: list[WhoDoesWhatView]
    consultation_id: uuid.UUID | None
    note: str


def task_view(task: Task, today: date) -> TaskView:
    return TaskView(
        task_id=task.task_id,
        goal_id=task.goal_id,
        description=task.description,
        assignee=ref_view(task.assignee),
        due_on=task.due_on,
        status=task.status.value,
        overdue=task.status is TaskStatus.OPEN and task.due_on < today,
    )


def care_plan_view(version: CarePlanVersion, today: date) -> CarePlanView:
    return CarePlanView(
        team_id=uuid.UUID(version.team_id),
        version=version.version,
        valid_from=version.valid_from,
        changed_by=ref_view(version.changed_by),
        life_goals=[LifeGoalView(g.goal_id, g.description) for g in version.life_goals],
        care_goals=[
            CareGoalView(g.goal_id, g.description, sorted(g.life_goal_ids)) for g in version.care_goals
        ],
        tasks=[task_view(t, today) for t in version.tasks],
        agreements=[
            WhoDoesWhatView(a.agreement_id, a.description, refs_view(a.responsible), a.agreed_on)
            for a in version.agreements
        ],
        consultation_id=uuid.UUID(version.consultation_id) if version.consultation_id else None,
        note=version.note,
    )
