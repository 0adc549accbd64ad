"""The care plan through HTTP against a real PostgreSQL: goals from life goals, tasks for named members,
who-does-what agreements, and a history of versions (CT-03, CT-04)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.careteam.conftest import HEADERS, Pregnancy, World, pro, ref

pytestmark = pytest.mark.integration


def plan(p: Pregnancy, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "valid_from": "2026-11-12",
        "changed_by": pro("pro-midwife"),
        "base_version": 0,
        "life_goals": [{"goal_id": "lg-1", "description": "A calm home for the baby"}],
        "care_goals": [{"goal_id": "cg-1", "description": "Stable housing", "life_goal_ids": ["lg-1"]}],
        "tasks": [
            {
                "task_id": "t-1",
                "goal_id": "cg-1",
                "description": "Apply for social housing",
                "assignee": pro("pro-caw"),
                "due_on": "2026-11-14",
            },
            {
                "task_id": "t-2",
                "goal_id": "cg-1",
                "description": "Visit the housing office together",
                "assignee": ref("INFORMAL_CARER", "carer-partner"),
                "due_on": "2026-12-20",
            },
        ],
        "agreements": [
            {
                "agreement_id": "a-1",
                "description": "The midwife answers medical questions; the CAW handles housing",
                "responsible": [pro("pro-midwife"), pro("pro-caw")],
                "agreed_on": "2026-11-12",
            }
        ],
    }
    return {**body, **overrides}


async def test_ct03_ct04_a_plan_is_drawn_up_revised_and_kept_as_versions(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    first = (await world.post(f"/teams/{team_id}/care-plan/versions", plan(p), 201)).json()
    assert first["version"] == 1 and first["agreements"][0]["responsible"] == [
        pro("pro-caw"),
        pro("pro-midwife"),
    ]
    assert [t["overdue"] for t in first["tasks"]] == [True, False]  # today is 16 November
    revised = await world.post(
        f"/teams/{team_id}/care-plan/versions",
        {"valid_from": "2026-11-16", "changed_by": pro("pro-midwife"), "base_version": 1, "agreements": []},
        201,
    )
    assert revised.json()["version"] == 2 and revised.json()["tasks"] == first["tasks"]  # carried over
    done = await world.post(
        f"/teams/{team_id}/care-plan/tasks/t-1/status", {"status": "DONE", "changed_by": pro("pro-caw")}, 201
    )
    assert done.json()["version"] == 3
    versions = await world.get(f"/teams/{team_id}/care-plan/versions")
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert (await world.get(f"/teams/{team_id}/care-plan/versions/1"))["agreements"] != []
    team = await world.get(f"/teams/{team_id}")
    assert [t["task_id"] for t in team["open_tasks"]] == ["t-2"] and team["care_plan_version"] == 3
    changes = await world.events(p.pseudonym, "careteam.care_plan.changed")
    assert [
        (c["payload"]["version"], c["payload"]["open_tasks"], c["payload"]["agreements"]) for c in changes
    ] == [
        (1, 2, 1),
        (2, 2, 0),
        (3, 1, 0),
    ]
    assert "housing" not in str(changes)  # no free text leaves the service


async def test_ct03_a_task_for_a_non_member_and_a_goal_without_life_goal_are_refused(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    stray = plan(p)
    stray["tasks"][0]["assignee"] = pro("pro-outsider")
    response = await world.post(f"/teams/{team_id}/care-plan/versions", stray)
    assert response.status_code == 422 and response.json()["code"] == "CT_03_TASK_ASSIGNEE_NOT_A_MEMBER"
    orphan = plan(p, care_goals=[{"goal_id": "cg-1", "description": "x", "life_goal_ids": []}])
    response = await world.post(f"/teams/{team_id}/care-plan/versions", orphan)
    assert response.status_code == 422 and response.json()["code"] == "CT_03_GOAL_WITHOUT_LIFE_GOAL"
    party = plan(p)
    party["agreements"][0]["responsible"] = [pro("pro-outsider")]
    response = await world.post(f"/teams/{team_id}/care-plan/versions", party)
    assert response.status_code == 422 and response.json()["code"] == "CT_04_AGREEMENT_PARTY_NOT_A_MEMBER"
    missing = await world.client.get(f"/teams/{team_id}/care-plan", headers=HEADERS)
    assert missing.status_code == 404 and missing.json()["code"] == "CT_03_CARE_PLAN_NOT_FOUND"
    assert (await world.get(f"/teams/{team_id}/care-plan/versions")) == []


async def test_ct03_concurrent_revisions_on_the_same_version_one_wins_the_other_is_409(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.post(f"/teams/{team_id}/care-plan/versions", plan(p), 201)
    change = {"changed_by": pro("pro-gp"), "base_version": 1, "note": "aligned at the consultation"}
    responses = await asyncio.gather(
        *[world.post(f"/teams/{team_id}/care-plan/versions", change) for _ in range(3)]
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "CT_03_CARE_PLAN_VERSION_CONFLICT"
    }
    assert [v["version"] for v in await world.get(f"/teams/{team_id}/care-plan/versions")] == [1, 2]
