from datetime import date

import pytest

from careteam.domain import care_plan, errors, team
from careteam.domain.care_plan import CareGoal, LifeGoal, Task, TaskStatus, WhoDoesWhat
from tests.careteam.unit import (
    CLIENT,
    GP,
    MIDWIFE,
    PARTNER,
    SOCIAL_WORKER,
    agreement,
    make_team,
    professional,
)

pytestmark = pytest.mark.unit

DAY = date(2026, 2, 2)
CARE_TEAM = make_team()
LIFE = (LifeGoal("lg-1", "a calm home for the baby"), LifeGoal("lg-2", "keep my job"))
GOALS = (CareGoal("g-1", "stable housing before birth", frozenset({"lg-1"})),)
TASK = Task("t-1", "g-1", "contact social housing office", SOCIAL_WORKER.ref, date(2026, 3, 1))
DEAL = WhoDoesWhat(
    "a-1", "midwife calls weekly, partner drives to appointments", frozenset({MIDWIFE.ref, PARTNER.ref}), DAY
)


def _plan() -> care_plan.CarePlanHistory:
    return care_plan.draw_up_care_plan(
        CARE_TEAM,
        on=DAY,
        changed_by=MIDWIFE.ref,
        life_goals=LIFE,
        care_goals=GOALS,
        tasks=[TASK],
        agreements=[DEAL],
    )


def test_ct03_a_plan_is_drawn_up_from_life_goals_with_tasks_and_agreements() -> None:
    history = _plan()
    assert history.current.version == 1
    assert history.current.tasks == (TASK,)
    assert history.current.agreements == (DEAL,)


def test_ct03_a_care_goal_not_derived_from_a_life_goal_is_refused() -> None:
    orphan = CareGoal("g-2", "lose weight", frozenset())
    unknown = CareGoal("g-3", "sleep", frozenset({"lg-9"}))
    for goal in (orphan, unknown):
        with pytest.raises(errors.GoalWithoutLifeGoal):
            care_plan.draw_up_care_plan(
                CARE_TEAM, on=DAY, changed_by=MIDWIFE.ref, life_goals=LIFE, care_goals=[goal]
            )


def test_ct03_a_task_without_a_care_goal_is_refused() -> None:
    stray = Task("t-2", "g-9", "something", GP.ref, date(2026, 3, 1))
    verdict = care_plan.check_plan_content(
        CARE_TEAM, on=DAY, life_goals=LIFE, care_goals=GOALS, tasks=[stray], agreements=[]
    )
    assert verdict.codes == ("CT_03_TASK_WITHOUT_GOAL",)


def test_ct03_a_task_for_a_non_member_is_refused() -> None:
    outsider_task = Task("t-2", "g-1", "visit", professional("pro-outsider").ref, date(2026, 3, 1))
    with pytest.raises(errors.TaskAssigneeNotAMember) as caught:
        care_plan.draw_up_care_plan(
            CARE_TEAM,
            on=DAY,
            changed_by=MIDWIFE.ref,
            life_goals=LIFE,
            care_goals=GOALS,
            tasks=[outsider_task],
        )
    assert caught.value.code == "CT_03_TASK_ASSIGNEE_NOT_A_MEMBER"


def test_ct04_an_agreement_with_a_non_member_or_without_parties_is_refused() -> None:
    for parties in (frozenset({MIDWIFE.ref, professional("pro-outsider").ref}), frozenset()):
        deal = WhoDoesWhat("a-2", "x", parties, DAY)
        verdict = care_plan.check_plan_content(
            CARE_TEAM, on=DAY, life_goals=LIFE, care_goals=GOALS, tasks=[], agreements=[deal]
        )
        assert verdict.codes == ("CT_04_AGREEMENT_PARTY_NOT_A_MEMBER",)


def test_ct03_duplicate_ids_are_invalid() -> None:
    verdict = care_plan.check_plan_content(
        CARE_TEAM, on=DAY, life_goals=LIFE, care_goals=GOALS, tasks=[TASK, TASK], agreements=[]
    )
    assert verdict.codes == ("CT_03_DUPLICATE_PLAN_ITEM",)


def test_ct03_a_change_appends_a_version_and_keeps_the_previous_one_intact() -> None:
    history = _plan()
    new_task = Task("t-2", "g-1", "apply for rent allowance", CLIENT.ref, date(2026, 4, 1))
    revised = care_plan.revise_care_plan(
        history,
        CARE_TEAM,
        on=date(2026, 3, 2),
        changed_by=MIDWIFE.ref,
        tasks=[TASK, new_task],
        consultation_id="c-1",
    )
    assert [v.version for v in revised.versions] == [1, 2]
    assert revised.versions[0] == history.current
    assert revised.current.tasks == (TASK, new_task)
    assert revised.current.life_goals == LIFE  # carried over
    assert revised.current.consultation_id == "c-1"
    assert history.versions == (history.current,)


def test_ct03_a_version_dated_before_the_current_one_is_refused() -> None:
    with pytest.raises(errors.PlanVersionOutOfOrder):
        care_plan.revise_care_plan(_plan(), CARE_TEAM, on=date(2026, 2, 1), changed_by=MIDWIFE.ref)


def test_ct03_completing_a_task_creates_a_new_version() -> None:
    history = care_plan.set_task_status(
        _plan(),
        CARE_TEAM,
        task_id="t-1",
        status=TaskStatus.DONE,
        on=date(2026, 2, 20),
        changed_by=SOCIAL_WORKER.ref,
    )
    assert history.current.version == 2
    assert history.current.tasks[0].status is TaskStatus.DONE
    assert history.versions[0].tasks[0].status is TaskStatus.OPEN
    with pytest.raises(errors.TaskNotFound):
        care_plan.set_task_status(
            history,
            CARE_TEAM,
            task_id="t-9",
            status=TaskStatus.DONE,
            on=date(2026, 2, 20),
            changed_by=CLIENT.ref,
        )


def test_ct03_done_tasks_of_a_former_member_stay_but_open_ones_must_be_reassigned() -> None:
    history = care_plan.set_task_status(
        _plan(),
        CARE_TEAM,
        task_id="t-1",
        status=TaskStatus.DONE,
        on=date(2026, 2, 20),
        changed_by=SOCIAL_WORKER.ref,
    )
    left = date(2026, 3, 1)
    without_sw = team.remove_member(
        CARE_TEAM,
        SOCIAL_WORKER.ref,
        on=left,
        agreement=agreement(SOCIAL_WORKER, team.MembershipChange.REMOVE, left),
    )
    assert (
        care_plan.revise_care_plan(history, without_sw, on=left, changed_by=MIDWIFE.ref).current.version == 3
    )
    assert care_plan.open_tasks_of(_plan().current, SOCIAL_WORKER.ref) == (TASK,)
    with pytest.raises(errors.TaskAssigneeNotAMember):
        care_plan.revise_care_plan(_plan(), without_sw, on=left, changed_by=MIDWIFE.ref)


def test_ct03_overdue_tasks_are_the_open_ones_past_their_due_date() -> None:
    plan = _plan().current
    assert care_plan.overdue_tasks(plan, date(2026, 3, 1)) == ()
    assert care_plan.overdue_tasks(plan, date(2026, 3, 2)) == (TASK,)
