"""The care and support plan: goals from life goals, tasks for members, who-does-what, versioned (CT-03, CT-04).

A plan is never edited in place: every change appends a new immutable version to the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from careteam.domain import errors
from careteam.domain.model import CareTeam, PersonRef, Refusal, Verdict, raise_if_refused, verdict_of
from careteam.domain.team import is_member


class TaskStatus(StrEnum):
    """State of a task in the plan (CT-03)."""

    OPEN = "OPEN"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class LifeGoal:
    """A life goal in the client's own words (CT-03)."""

    goal_id: str
    description: str


@dataclass(frozen=True)
class CareGoal:
    """A care goal derived from one or more of the client's life goals (CT-03)."""

    goal_id: str
    description: str
    life_goal_ids: frozenset[str]


@dataclass(frozen=True)
class Task:
    """A concrete task for a care goal, assigned to one named member, with a due date (CT-03)."""

    task_id: str
    goal_id: str
    description: str
    assignee: PersonRef
    due_on: date
    status: TaskStatus = TaskStatus.OPEN


@dataclass(frozen=True)
class WhoDoesWhat:
    """A concrete "who does what" agreement between members (CT-04)."""

    agreement_id: str
    description: str
    responsible: frozenset[PersonRef]
    agreed_on: date


@dataclass(frozen=True)
class CarePlanVersion:
    """One immutable version of a team's care plan, valid from ``valid_from`` (CT-03, CT-04)."""

    team_id: str
    version: int
    valid_from: date
    changed_by: PersonRef
    life_goals: tuple[LifeGoal, ...]
    care_goals: tuple[CareGoal, ...]
    tasks: tuple[Task, ...] = ()
    agreements: tuple[WhoDoesWhat, ...] = ()
    consultation_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class CarePlanHistory:
    """All versions of a team's care plan, oldest first (CT-03)."""

    team_id: str
    versions: tuple[CarePlanVersion, ...]

    @property
    def current(self) -> CarePlanVersion:
        """The latest version, the one in force (CT-03)."""
        return self.versions[-1]


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def check_plan_content(
    team: CareTeam,
    *,
    on: date,
    life_goals: Sequence[LifeGoal],
    care_goals: Sequence[CareGoal],
    tasks: Sequence[Task],
    agreements: Sequence[WhoDoesWhat],
) -> Verdict:
    """Check a plan's content: goals from life goals, open tasks for current members, parties are members (CT-03/04)."""
    duplicates = (
        _duplicates(g.goal_id for g in life_goals)
        + _duplicates(g.goal_id for g in care_goals)
        + _duplicates(t.task_id for t in tasks)
        + _duplicates(a.agreement_id for a in agreements)
    )
    life_ids = {g.goal_id for g in life_goals}
    goal_ids = {g.goal_id for g in care_goals}
    orphan_goals = sorted(
        g.goal_id for g in care_goals if not g.life_goal_ids or not g.life_goal_ids <= life_ids
    )
    orphan_tasks = sorted(t.task_id for t in tasks if t.goal_id not in goal_ids)
    stray_tasks = sorted(
        t.task_id for t in tasks if t.status is TaskStatus.OPEN and not is_member(team, t.assignee, on)
    )
    stray_agreements = sorted(
        a.agreement_id for a in agreements if not all(is_member(team, p, on) for p in a.responsible)
    )
    return verdict_of(
        [
            Refusal(errors.InvalidPeriod, f"{on} is before the team was established on {team.established_on}")
            if on < team.established_on
            else None,
            Refusal(errors.DuplicatePlanItem, f"ids used twice: {', '.join(duplicates)}")
            if duplicates
            else None,
            Refusal(
                errors.GoalWithoutLifeGoal,
                f"care goals not derived from a life goal: {', '.join(orphan_goals)}",
            )
            if orphan_goals
            else None,
            Refusal(errors.TaskWithoutGoal, f"tasks without a care goal: {', '.join(orphan_tasks)}")
            if orphan_tasks
            else None,
            Refusal(
                errors.TaskAssigneeNotAMember,
                f"open tasks assigned to a non-member: {', '.join(stray_tasks)}",
            )
            if stray_tasks
            else None,
            Refusal(
                errors.AgreementPartyNotAMember,
                f"agreements with a non-member party: {', '.join(stray_agreements)}",
            )
            if stray_agreements or any(not a.responsible for a in agreements)
            else None,
        ]
    )


def draw_up_care_plan(
    team: CareTeam,
    *,
    on: date,
    changed_by: PersonRef,
    life_goals: Sequence[LifeGoal],
    care_goals: Sequence[CareGoal],
    tasks: Sequence[Task] = (),
    agreements: Sequence[WhoDoesWhat] = (),
    consultation_id: str | None = None,
    note: str = "",
) -> CarePlanHistory:
    """Draw up version 1 of the team's care plan from the client's life goals (CT-03, CT-04)."""
    raise_if_refused(
        check_plan_content(
            team, on=on, life_goals=life_goals, care_goals=care_goals, tasks=tasks, agreements=agreements
        )
    )
    first = CarePlanVersion(
        team_id=team.team_id,
        version=1,
        valid_from=on,
        changed_by=changed_by,
        life_goals=tuple(life_goals),
        care_goals=tuple(care_goals),
        tasks=tuple(tasks),
        agreements=tuple(agreements),
        consultation_id=consultation_id,
        note=note,
    )
    return CarePlanHistory(team_id=team.team_id, versions=(first,))


def revise_care_plan(
    history: CarePlanHistory,
    team: CareTeam,
    *,
    on: date,
    changed_by: PersonRef,
    life_goals: Sequence[LifeGoal] | None = None,
    care_goals: Sequence[CareGoal] | None = None,
    tasks: Sequence[Task] | None = None,
    agreements: Sequence[WhoDoesWhat] | None = None,
    consultation_id: str | None = None,
    note: str = "",
) -> CarePlanHistory:
    """Append a new version; omitted parts are carried over from the current one, nothing is edited (CT-03)."""
    current = history.current
    if on < current.valid_from:
        raise errors.PlanVersionOutOfOrder(
            f"{on} is before version {current.version} of {current.valid_from}"
        )
    new_life_goals = current.life_goals if life_goals is None else tuple(life_goals)
    new_care_goals = current.care_goals if care_goals is None else tuple(care_goals)
    new_tasks = current.tasks if tasks is None else tuple(tasks)
    new_agreements = current.agreements if agreements is None else tuple(agreements)
    raise_if_refused(
        check_plan_content(
            team,
            on=on,
            life_goals=new_life_goals,
            care_goals=new_care_goals,
            tasks=new_tasks,
            agreements=new_agreements,
        )
    )
    version = CarePlanVersion(
        team_id=history.team_id,
        version=current.version + 1,
        valid_from=on,
        changed_by=changed_by,
        life_goals=new_life_goals,
        care_goals=new_care_goals,
        tasks=new_tasks,
        agreements=new_agreements,
        consultation_id=consultation_id,
        note=note,
    )
    return replace(history, versions=(*history.versions, version))


def set_task_status(
    history: CarePlanHistory,
    team: CareTeam,
    *,
    task_id: str,
    status: TaskStatus,
    on: date,
    changed_by: PersonRef,
) -> CarePlanHistory:
    """Change one task's status by appending a new plan version (CT-03)."""
    tasks = history.current.tasks
    if task_id not in {t.task_id for t in tasks}:
        raise errors.TaskNotFound(f"task {task_id} is not in the current plan")
    updated = tuple(replace(t, status=status) if t.task_id == task_id else t for t in tasks)
    return revise_care_plan(
        history, team, on=on, changed_by=changed_by, tasks=updated, note=f"task {task_id} {status.value}"
    )


def open_tasks_of(plan: CarePlanVersion, ref: PersonRef) -> tuple[Task, ...]:
    """Return the open tasks assigned to a member, e.g. to reassign before removal (CT-03)."""
    return tuple(t for t in plan.tasks if t.assignee == ref and t.status is TaskStatus.OPEN)


def overdue_tasks(plan: CarePlanVersion, today: date) -> tuple[Task, ...]:
    """Return the open tasks whose due date has passed (CT-03, CT-10 follow-up)."""
    return tuple(t for t in plan.tasks if t.status is TaskStatus.OPEN and t.due_on < today)
