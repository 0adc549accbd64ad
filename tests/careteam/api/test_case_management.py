"""Case management through HTTP against a real PostgreSQL (CT-30..CT-36, CT-40..CT-45) and the register (CT-35)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from typing import Any

import pytest

from careteam.adapters import orm
from tests.careteam.conftest import CM_ORG, World, as_professional, pro, professional, ref
from tests.conftest import auth

pytestmark = pytest.mark.integration

CASE_MANAGER = professional(
    "pro-cm", profession="case_manager", organisation_id=CM_ORG, funding_type="FLEMISH"
)


def request_body(p: Any, *, on: str = "2026-11-09", **overrides: Any) -> dict[str, Any]:
    body = {
        "request_type": "JUMP_START",
        "requested_on": on,
        "requested_by": ref("CLIENT", p.pseudonym),
        "organisation_id": CM_ORG,
        "conditions": ["b", "c"],
    }
    return {**body, **overrides}


async def open_request(world: World, team_id: str, p: Any, **kw: Any) -> dict[str, Any]:
    response = await world.post(f"/teams/{team_id}/case-management-requests", request_body(p, **kw), 201)
    return dict(response.json())


async def running(world: World, team_id: str, p: Any) -> str:
    request_id = (await open_request(world, team_id, p))["request_id"]
    await world.post(
        f"/case-management-requests/{request_id}/intake",
        {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"},
        200,
    )
    await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {"case_manager": CASE_MANAGER, "started_on": "2026-11-12", "planned_end_on": "2027-02-12"},
        200,
    )
    return str(request_id)


async def deadline_check(world: World) -> dict[str, int]:
    response = await world.client.post("/ops/case-management/deadline-check", headers=auth("ops"))
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_ct35_the_register_is_seeded_and_kept_by_ops_only(world: World) -> None:
    listed = await world.get("/case-management-organisations")
    assert {o["organisation_id"] for o in listed} >= {CM_ORG, "example-cm-noord-limburg"}
    body = {
        "name": "Casemanagement Limburg",
        "recognised_from": "2025-01-01",
        "regions": ["Hasselt", "71022"],
    }
    created = await world.client.put(
        "/case-management-organisations/cm-limburg", json=body, headers=auth("ops")
    )
    assert created.status_code == 201 and created.json()["recognised_today"] is True
    ended = {**body, "recognised_to": "2026-06-30"}
    replaced = await world.client.put(
        "/case-management-organisations/cm-limburg", json=ended, headers=auth("admin")
    )
    assert replaced.status_code == 200 and replaced.json()["recognised_today"] is False
    forbidden = await world.client.put(
        "/case-management-organisations/cm-x", json=body, headers=auth("professional")
    )
    assert forbidden.status_code == 403
    bad = {**body, "recognised_to": "2024-01-01"}
    refused = await world.client.put("/case-management-organisations/cm-y", json=bad, headers=auth("ops"))
    assert refused.status_code == 422 and refused.json()["code"] == "INVALID_PERIOD"


async def test_ct33_a_request_goes_to_a_recognised_organisation_with_an_intake_deadline_of_7_working_days(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    episode = await open_request(world, team_id, p)
    # Monday 9 November + 7 working days, skipping Armistice (Wednesday 11 November): Thursday 19 November.
    assert episode["intake_deadline"] == "2026-11-19"
    assert episode["status"] == "REQUESTED" and episode["region"] in {"44021", "Gent"}
    (event,) = await world.events(p.pseudonym, "careteam.case_management.requested")
    assert event["payload"]["intake_deadline"] == "2026-11-19"
    assert event["payload"]["requested_by_kind"] == "CLIENT"
    assert "note" not in event["payload"]


async def test_ct35_an_unknown_organisation_or_an_uncovered_region_is_refused(world: World) -> None:
    p = await world.pregnancy(residence_nis="71022")
    team_id = await world.standard_team(p)
    unknown = await world.post(
        f"/teams/{team_id}/case-management-requests", request_body(p, organisation_id="nobody")
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "CT_35_ORGANISATION_NOT_RECOGNISED"
    region = await world.post(f"/teams/{team_id}/case-management-requests", request_body(p))
    assert region.status_code == 422 and region.json()["code"] == "CT_35_REGION_NOT_COVERED"
    assert await world.count(orm.case_management, orm.case_management.c.team_id == uuid.UUID(team_id)) == 0


async def test_ct31_a_jump_start_needs_condition_a_b_or_c(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    response = await world.post(f"/teams/{team_id}/case-management-requests", request_body(p, conditions=[]))
    assert response.status_code == 422 and response.json()["code"] == "CT_31_JUMP_START_CONDITION_REQUIRED"


async def test_ct33_a_request_without_intake_past_the_deadline_is_flagged_and_published_once(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = (await open_request(world, team_id, p))["request_id"]
    world.clock.today = date(2026, 11, 19)
    assert (await world.get(f"/case-management-requests/{request_id}"))["intake_overdue"] is False
    world.clock.today = date(2026, 11, 20)
    assert (await world.get(f"/case-management-requests/{request_id}"))["intake_overdue"] is True
    team = await world.get(f"/teams/{team_id}")
    assert [(d["kind"], d["due_on"], d["passed"]) for d in team["deadlines"]] == [
        ("INTAKE", "2026-11-19", True)
    ]
    upcoming = await world.get("/case-management/deadlines", organisation_id=CM_ORG)
    assert request_id in {d["request_id"] for d in upcoming}
    first = await deadline_check(world)
    assert first["intake_late"] >= 1
    assert (await deadline_check(world))["intake_late"] == 0  # idempotent
    (late,) = await world.events(p.pseudonym, "careteam.case_management.intake_late")
    assert late["payload"]["deadline"] == "2026-11-19" and late["payload"]["detected_on"] == "2026-11-20"
    answered = await world.post(
        f"/case-management-requests/{request_id}/intake", {"intake_on": "2026-11-23"}, 200
    )
    assert answered.json()["intake_late"] is True
    (scheduled,) = await world.events(p.pseudonym, "careteam.case_management.intake_scheduled")
    assert scheduled["payload"]["late"] is True
    assert len(await world.events(p.pseudonym, "careteam.case_management.intake_late")) == 1


async def test_ct33_a_late_intake_is_flagged_and_published_when_scheduled(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = (await open_request(world, team_id, p))["request_id"]
    world.clock.today = date(2026, 11, 23)
    answered = await world.post(
        f"/case-management-requests/{request_id}/intake", {"intake_on": "2026-11-25"}, 200
    )
    assert answered.json()["intake_late"] is True
    assert len(await world.events(p.pseudonym, "careteam.case_management.intake_late")) == 1


async def test_ct30_ct44_the_case_manager_is_never_a_team_member(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = (await open_request(world, team_id, p))["request_id"]
    await world.post(
        f"/case-management-requests/{request_id}/intake",
        {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"},
        200,
    )
    member = professional(
        "pro-caw", profession="social_worker", organisation_id=CM_ORG, funding_type="FLEMISH"
    )
    response = await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {"case_manager": member, "started_on": "2026-11-12", "planned_end_on": "2027-02-12"},
    )
    assert response.status_code == 422 and response.json()["code"] == "CT_44_CASE_MANAGER_IS_MEMBER"
    other_org = professional("pro-z", organisation_id="org-elsewhere", funding_type="FLEMISH")
    response = await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {"case_manager": other_org, "started_on": "2026-11-12", "planned_end_on": "2027-02-12"},
    )
    assert (
        response.status_code == 422 and response.json()["code"] == "CT_35_CASE_MANAGER_NOT_FROM_ORGANISATION"
    )
    episode = await world.get(f"/case-management-requests/{request_id}")
    assert episode["status"] == "INTAKE_SCHEDULED" and episode["case_manager"] is None


async def test_ct40_ct41_the_coordinator_can_never_be_the_case_manager_of_the_same_client(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    request_id = (
        await open_request(
            world, team_id, p, requested_by=pro("pro-midwife"), request_type="PROCESS_SUPPORT", conditions=[]
        )
    )["request_id"]
    await world.post(
        f"/case-management-requests/{request_id}/intake",
        {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"},
        200,
    )
    # The coordinator left the team's membership data aside: still the same person, still refused.
    coordinator = professional("pro-midwife", organisation_id=CM_ORG, funding_type="FLEMISH")
    response = await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {"case_manager": coordinator, "started_on": "2026-11-12", "planned_end_on": "2027-02-12"},
    )
    assert response.status_code == 422
    assert set(response.json()["codes"]) >= {
        "CT_44_CASE_MANAGER_IS_MEMBER",
        "CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON",
    }


async def test_ct42_a_coordinator_and_an_external_case_manager_work_side_by_side(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    request_id = await running(world, team_id, p)
    team = await world.get(f"/teams/{team_id}")
    assert team["coordinator"]["coordinator"]["member_id"] == "pro-midwife"
    assert team["case_manager"]["member_id"] == "pro-cm"
    assert {r["role"] for r in team["roles"]} == {"COORDINATOR", "CASE_MANAGER"}
    (started,) = await world.events(p.pseudonym, "careteam.case_management.started")
    assert started["payload"]["request_id"] == request_id
    assert started["payload"]["case_manager"]["funding_type"] == "FLEMISH"
    teams = await world.get("/professionals/pro-cm/teams", headers=as_professional("pro-cm", "case_manager"))
    assert [t["roles"] for t in teams if t["team_id"] == team_id] == [["CASE_MANAGER"]]


async def test_ct43_one_open_case_management_per_team_even_when_requests_race(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    responses = await asyncio.gather(
        *[world.post(f"/teams/{team_id}/case-management-requests", request_body(p)) for _ in range(4)]
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "CT_43_CASE_MANAGEMENT_ALREADY_OPEN"
    }
    assert await world.count(orm.case_management, orm.case_management.c.team_id == uuid.UUID(team_id)) == 1


async def test_ct34_ct36_the_follow_up_is_due_6_months_after_the_end_flagged_when_missed_and_cm_may_recur(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = await running(world, team_id, p)
    world.clock.today = date(2027, 2, 1)
    ended = (
        await world.post(
            f"/case-management-requests/{request_id}/intervention/end", {"ended_on": "2027-02-01"}, 200
        )
    ).json()
    assert ended["status"] == "ENDED" and ended["follow_up_due_on"] == "2027-08-01"
    (event,) = await world.events(p.pseudonym, "careteam.case_management.ended")
    assert event["payload"]["follow_up_due_on"] == "2027-08-01"
    # CT-36: case management may be used again in the same care process.
    again = await open_request(
        world, team_id, p, on="2027-02-01", request_type="PROCESS_SUPPORT", conditions=[]
    )
    assert again["status"] == "REQUESTED"
    await world.post(
        f"/case-management-requests/{again['request_id']}/withdrawal", {"withdrawn_on": "2027-02-01"}, 200
    )

    world.clock.today = date(2027, 8, 1)
    assert (await deadline_check(world))["follow_up_due"] >= 1
    world.clock.today = date(2027, 8, 2)
    assert (await world.get(f"/case-management-requests/{request_id}"))["follow_up_missed"] is True
    assert (await deadline_check(world))["follow_up_missed"] >= 1
    assert (await deadline_check(world)) == {"intake_late": 0, "follow_up_due": 0, "follow_up_missed": 0}
    notices = await world.events(p.pseudonym, "careteam.case_management.follow_up_due")
    assert [(n["payload"]["due_on"], n["payload"]["missed"]) for n in notices] == [
        ("2027-08-01", False),
        ("2027-08-01", True),
    ]
    done = await world.post(
        f"/case-management-requests/{request_id}/follow-up", {"held_on": "2027-08-02", "effective": True}, 200
    )
    assert done.json()["status"] == "FOLLOWED_UP"
    (followed,) = await world.events(p.pseudonym, "careteam.case_management.follow_up_done")
    assert followed["payload"]["effective"] is True


async def test_ct33_a_withdrawn_request_is_published_keyed_by_the_client_and_cannot_be_withdrawn_twice(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = (await open_request(world, team_id, p))["request_id"]
    await world.post(
        f"/case-management-requests/{request_id}/intake",
        {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"},
        200,
    )
    withdrawn = await world.post(
        f"/case-management-requests/{request_id}/withdrawal", {"withdrawn_on": "2026-11-11"}, 200
    )
    assert withdrawn.json()["status"] == "WITHDRAWN"
    (event,) = await world.events(p.pseudonym, "careteam.case_management.withdrawn")
    assert event["subject"] == p.pseudonym
    assert event["payload"] == {
        "request_id": request_id,
        "team_id": team_id,
        "client_pseudonym": p.pseudonym,
        "request_type": "JUMP_START",
        "organisation_id": CM_ORG,
        "requested_on": "2026-11-09",
        "withdrawn_on": "2026-11-11",
        "intake_scheduled": True,
    }
    again = await world.post(f"/case-management-requests/{request_id}/withdrawal", {})
    assert again.status_code == 409 and again.json()["code"] == "CT_33_REQUEST_WITHDRAWN"
    assert len(await world.events(p.pseudonym, "careteam.case_management.withdrawn")) == 1
