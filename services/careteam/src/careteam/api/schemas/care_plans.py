"""Schemas of the care plan and its versions (CT-03, CT-04)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from careteam.api.schemas import examples
from careteam.api.schemas.common import Body, MemberRef, Read, RefRead, read_config
from careteam.domain.care_plan import CareGoal, LifeGoal, Task, TaskStatus, WhoDoesWhat

ITEM_ID = Field(min_length=1, max_length=64)
TEXT = Field(min_length=1, max_length=2000, description="stays in careteam, never published")
_MIDWIFE: Any = {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"}


class LifeGoalIn(Body):
    goal_id: str = ITEM_ID
    description: str = TEXT

    def to_domain(self) -> LifeGoal:
        return LifeGoal(self.goal_id, self.description)


class CareGoalIn(Body):
    goal_id: str = ITEM_ID
    description: str = TEXT
    life_goal_ids: list[str] = Field(description="the client's life goals it serves (CT-03)")

    def to_domain(self) -> CareGoal:
        return CareGoal(self.goal_id, self.description, frozenset(self.life_goal_ids))


class TaskIn(Body):
    task_id: str = ITEM_ID
    goal_id: str = ITEM_ID
    description: str = TEXT
    assignee: MemberRef = Field(description="a named team member (CT-03)")
    due_on: date
    status: TaskStatus = TaskStatus.OPEN

    def to_domain(self) -> Task:
        return Task(
            self.task_id, self.goal_id, self.description, self.assignee.to_domain(), self.due_on, self.status
        )


class WhoDoesWhatIn(Body):
    agreement_id: str = ITEM_ID
    description: str = TEXT
    responsible: list[MemberRef] = Field(min_length=1)
    agreed_on: date

    def to_domain(self) -> WhoDoesWhat:
        return WhoDoesWhat(
            self.agreement_id,
            self.description,
            frozenset(r.to_domain() for r in self.responsible),
            self.agreed_on,
        )


class CarePlanChange(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "valid_from": "2026-12-01",
                    "changed_by": _MIDWIFE,
                    "base_version": 0,
                    "life_goals": [{"goal_id": "lg-1", "description": "A calm home for the baby"}],
                    "care_goals": [
                        {"goal_id": "cg-1", "description": "Stable housing", "life_goal_ids": ["lg-1"]}
                    ],
                    "tasks": [
                        {
                            "task_id": "t-1",
                            "goal_id": "cg-1",
                            "description": "Apply for social housing",
                            "assignee": _MIDWIFE,
                            "due_on": "2027-01-15",
                        }
                    ],
                    "agreements": [
                        {
                            "agreement_id": "a-1",
                            "description": "The midwife is the first contact for medical questions",
                            "responsible": [_MIDWIFE],
                            "agreed_on": "2026-12-01",
                        }
                    ],
                }
            ]
        },
    )

    valid_from: date | None = Field(default=None, description="default: today")
    changed_by: MemberRef
    base_version: int | None = Field(
        default=None,
        ge=0,
        description="the version the change is based on (0: none yet); 409 if the plan moved on",
    )
    life_goals: list[LifeGoalIn] | None = Field(default=None, description="omitted: carried over")
    care_goals: list[CareGoalIn] | None = None
    tasks: list[TaskIn] | None = None
    agreements: list[WhoDoesWhatIn] | None = Field(default=None, description="who does what (CT-04)")
    consultation_id: uuid.UUID | None = Field(
        default=None, description="the consultation that aligned the plan"
    )
    note: str = Field(default="", max_length=2000)


class TaskStatusChange(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "DONE", "on": "2027-01-10", "changed_by": _MIDWIFE}]},
    )

    status: TaskStatus
    on: date | None = None
    changed_by: MemberRef
    base_version: int | None = Field(default=None, ge=1)


class LifeGoalRead(Read):
    goal_id: str
    description: str


class CareGoalRead(Read):
    goal_id: str
    description: str
    life_goal_ids: list[str]


class TaskRead(Read):
    task_id: str
    goal_id: str
    description: str
    assignee: RefRead
    due_on: date
    status: str
    overdue: bool


class WhoDoesWhatRead(Read):
    agreement_id: str
    description: str
    responsible: list[RefRead]
    agreed_on: date


class CarePlanRead(Read):
    model_config = read_config(examples.CARE_PLAN)

    team_id: uuid.UUID
    version: int
    valid_from: date
    changed_by: RefRead
    life_goals: list[LifeGoalRead]
    care_goals: list[CareGoalRead]
    tasks: list[TaskRead]
    agreements: list[WhoDoesWhatRead]
    consultation_id: uuid.UUID | None
    note: str
