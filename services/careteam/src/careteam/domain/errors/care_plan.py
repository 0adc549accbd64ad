"""The care plan: goals, tasks, who-does-what agreements and its versions (CT-03, CT-04)."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolated


class CarePlanNotFound(CareteamError, NotFound):
    code = "CT_03_CARE_PLAN_NOT_FOUND"
    rule_id = "CT-03"


class CarePlanVersionConflict(CareteamError, Conflict):
    """The plan changed since the version the caller based the change on (optimistic concurrency)."""

    code = "CT_03_CARE_PLAN_VERSION_CONFLICT"
    rule_id = "CT-03"


class CarePlanGoalsRequired(CareteamError, InvalidInput):
    code = "CT_03_LIFE_AND_CARE_GOALS_REQUIRED"
    rule_id = "CT-03"


class DuplicatePlanItem(CareteamError, InvalidInput):
    code = "CT_03_DUPLICATE_PLAN_ITEM"
    rule_id = "CT-03"


class GoalWithoutLifeGoal(CareteamError, RuleViolated):
    code = "CT_03_GOAL_WITHOUT_LIFE_GOAL"
    rule_id = "CT-03"


class TaskWithoutGoal(CareteamError, RuleViolated):
    code = "CT_03_TASK_WITHOUT_GOAL"
    rule_id = "CT-03"


class TaskNotFound(CareteamError, NotFound):
    code = "CT_03_TASK_NOT_FOUND"
    rule_id = "CT-03"


class TaskAssigneeNotAMember(CareteamError, RuleViolated):
    code = "CT_03_TASK_ASSIGNEE_NOT_A_MEMBER"
    rule_id = "CT-03"


class AgreementPartyNotAMember(CareteamError, RuleViolated):
    code = "CT_04_AGREEMENT_PARTY_NOT_A_MEMBER"
    rule_id = "CT-04"


class PlanVersionOutOfOrder(CareteamError, InvalidInput):
    code = "CT_03_PLAN_VERSION_OUT_OF_ORDER"
    rule_id = "CT-03"
