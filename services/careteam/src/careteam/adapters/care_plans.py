"""Persistence of care-plan versions: append-only, one row per version (CT-03, CT-04)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from careteam.adapters import orm
from careteam.domain.care_plan import (
    CareGoal,
    CarePlanHistory,
    CarePlanVersion,
    LifeGoal,
    Task,
    TaskStatus,
    WhoDoesWhat,
)
from careteam.domain.model import MemberKind, PersonRef


def _ref(data: dict[str, str]) -> PersonRef:
    return PersonRef(MemberKind(data["kind"]), data["member_id"])


def _ref_json(ref: PersonRef) -> dict[str, str]:
    return {"kind": ref.kind.value, "member_id": ref.id}


def _version(row: Any) -> CarePlanVersion:
    return CarePlanVersion(
        team_id=str(row.team_id),
        version=row.version,
        valid_from=row.valid_from,
        changed_by=PersonRef(MemberKind(row.changed_by_kind), row.changed_by_id),
        life_goals=tuple(LifeGoal(g["goal_id"], g["description"]) for g in row.life_goals),
        care_goals=tuple(
            CareGoal(g["goal_id"], g["description"], frozenset(g["life_goal_ids"])) for g in row.care_goals
        ),
        tasks=tuple(
            Task(
                task_id=t["task_id"],
                goal_id=t["goal_id"],
                description=t["description"],
                assignee=_ref(t["assignee"]),
                due_on=date.fromisoformat(t["due_on"]),
                status=TaskStatus(t["status"]),
            )
            for t in row.tasks
        ),
        agreements=tuple(
            WhoDoesWhat(
                agreement_id=a["agreement_id"],
                description=a["description"],
                responsible=frozenset(_ref(r) for r in a["responsible"]),
                agreed_on=date.fromisoformat(a["agreed_on"]),
            )
            for a in row.agreements
        ),
        consultation_id=str(row.consultation_id) if row.consultation_id else None,
        note=row.note or "",
    )


class CarePlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def history(self, team_id: uuid.UUID) -> CarePlanHistory | None:
        """All versions of the team's plan, oldest first; None before version 1."""
        t = orm.care_plan_version
        rows = (
            await self._session.execute(select(t).where(t.c.team_id == team_id).order_by(t.c.version))
        ).all()
        if not rows:
            return None
        return CarePlanHistory(team_id=str(team_id), versions=tuple(_version(r) for r in rows))

    async def add(self, version: CarePlanVersion, *, recorded_by: str) -> None:
        """Append a version; the primary key (team, version) refuses a concurrent duplicate."""
        await self._session.execute(
            insert(orm.care_plan_version).values(
                team_id=uuid.UUID(version.team_id),
                version=version.version,
                valid_from=version.valid_from,
                changed_by_kind=version.changed_by.kind.value,
                changed_by_id=version.changed_by.id,
                consultation_id=uuid.UUID(version.consultation_id) if version.consultation_id else None,
                note=version.note or None,
                life_goals=[{"goal_id": g.goal_id, "description": g.description} for g in version.life_goals],
                care_goals=[
                    {
                        "goal_id": g.goal_id,
                        "description": g.description,
                        "life_goal_ids": sorted(g.life_goal_ids),
                    }
                    for g in version.care_goals
                ],
                tasks=[
                    {
                        "task_id": t.task_id,
                        "goal_id": t.goal_id,
                        "description": t.description,
                        "assignee": _ref_json(t.assignee),
                        "due_on": t.due_on.isoformat(),
                        "status": t.status.value,
                    }
                    for t in version.tasks
                ],
                agreements=[
                    {
                        "agreement_id": a.agreement_id,
                        "description": a.description,
                        "responsible": [
                            _ref_json(r) for r in sorted(a.responsible, key=lambda r: (r.kind, r.id))
                        ],
                        "agreed_on": a.agreed_on.isoformat(),
                    }
                    for a in version.agreements
                ],
                recorded_by=recorded_by,
            )
        )
