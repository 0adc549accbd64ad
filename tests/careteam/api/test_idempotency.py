"""Idempotency keys through HTTP against a real PostgreSQL: a retried or concurrently duplicated POST with the same
`Idempotency-Key` acts once and answers like the first; the same key with another request is 409."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from careteam.adapters import orm
from tests.careteam.api.test_care_plans import plan
from tests.careteam.api.test_case_management import request_body
from tests.careteam.conftest import World, pro, professional, ref
from tests.conftest import auth

pytestmark = pytest.mark.integration


def key() -> str:
    return f"retry-{uuid.uuid4()}"


def member_body(p: Any, professional_id: str) -> dict[str, Any]:
    return {
        "kind": "PROFESSIONAL",
        "professional": professional(professional_id),
        "joined_on": "2026-11-03",
        "agreement": {"given_by": ref("CLIENT", p.pseudonym)},
    }


async def twice_at_once(world: World, path: str, body: dict[str, Any], expect: int = 201) -> list[Any]:
    """Send the same request with the same key twice concurrently; both must answer `expect`."""
    same = key()
    responses = await asyncio.gather(*[world.post(path, body, key=same) for _ in range(2)])
    assert [r.status_code for r in responses] == [expect, expect], [r.text for r in responses]
    return [r.json() for r in responses]


async def test_a_retried_team_creation_returns_the_first_team_and_stores_it_once(world: World) -> None:
    p = await world.pregnancy()
    body = {"pregnancy_id": str(p.pregnancy_id), "established_on": "2026-11-02"}
    same = key()
    first = (await world.post("/teams", body, 201, key=same)).json()
    again = (await world.post("/teams", body, 201, key=same)).json()
    assert again == first
    assert await world.count(orm.care_team, orm.care_team.c.pregnancy_id == p.pregnancy_id) == 1
    assert len(await world.events(p.pseudonym, "careteam.team.created")) == 1
    without_key = await world.post("/teams", body)
    assert without_key.status_code == 409 and without_key.json()["code"] == "Q_19_TEAM_ALREADY_EXISTS"


async def test_the_same_key_with_another_body_is_409_idempotency_key_reused_and_nothing_stored(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    same = key()
    await world.post(f"/teams/{team_id}/members", member_body(p, "pro-first"), 201, key=same)
    reused = await world.post(f"/teams/{team_id}/members", member_body(p, "pro-second"), key=same)
    assert reused.status_code == 409
    assert reused.headers["content-type"].startswith("application/problem+json")
    assert reused.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert await world.count(orm.team_membership, orm.team_membership.c.member_id == "pro-second") == 0


async def test_keys_belong_to_one_caller_and_a_refused_request_does_not_use_up_its_key(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    same = key()
    without_agreement = {**member_body(p, "pro-k"), "agreement": None}
    refused = await world.post(f"/teams/{team_id}/members", without_agreement, key=same)
    assert refused.status_code == 422 and refused.json()["code"] == "CT_02_CLIENT_AGREEMENT_REQUIRED"
    await world.post(f"/teams/{team_id}/members", member_body(p, "pro-k"), 201, key=same)
    # the same key from another caller is that caller's own key
    admin = auth("admin", subject="admin-idempotency")
    other = await world.post(
        f"/teams/{team_id}/members", member_body(p, "pro-l"), 201, key=same, headers=admin
    )
    assert other.json()["person"]["member_id"] == "pro-l"


async def test_an_invalid_key_is_refused_as_invalid_input(world: World) -> None:
    p = await world.pregnancy()
    response = await world.post("/teams", {"pregnancy_id": str(p.pregnancy_id)}, key="short")
    assert response.status_code == 422 and response.json()["code"] == "INVALID_IDEMPOTENCY_KEY"
    assert await world.count(orm.care_team, orm.care_team.c.pregnancy_id == p.pregnancy_id) == 0


async def test_concurrent_duplicate_team_creations_and_member_additions_store_once(world: World) -> None:
    p = await world.pregnancy()
    teams = await twice_at_once(
        world, "/teams", {"pregnancy_id": str(p.pregnancy_id), "established_on": "2026-11-02"}
    )
    assert teams[0]["team_id"] == teams[1]["team_id"]
    assert len(await world.events(p.pseudonym, "careteam.team.created")) == 1
    team_id = teams[0]["team_id"]
    members = await twice_at_once(world, f"/teams/{team_id}/members", member_body(p, "pro-twice"))
    assert members[0]["membership_id"] == members[1]["membership_id"]
    assert await world.count(orm.team_membership, orm.team_membership.c.member_id == "pro-twice") == 1
    assert len(await world.events(p.pseudonym, "careteam.member.added")) == 2  # the client and pro-twice


async def test_ct13_concurrent_duplicate_appointments_store_one_coordinator_and_publish_once(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    path = f"/teams/{team_id}/coordinator-appointments"
    answers = await twice_at_once(world, path, world.appointment_body(p, pro("pro-midwife")))
    assert answers[0]["appointment_id"] == answers[1]["appointment_id"]
    t = orm.coordinator_appointment
    assert await world.count(t, t.c.team_id == uuid.UUID(team_id)) == 1
    assert len(await world.events(p.pseudonym, "careteam.coordinator.appointed")) == 1


async def test_ct31_concurrent_duplicate_case_management_requests_store_one_and_a_retried_intake_answers_again(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    answers = await twice_at_once(world, f"/teams/{team_id}/case-management-requests", request_body(p))
    request_id = answers[0]["request_id"]
    assert answers[1]["request_id"] == request_id
    assert await world.count(orm.case_management, orm.case_management.c.team_id == uuid.UUID(team_id)) == 1
    assert len(await world.events(p.pseudonym, "careteam.case_management.requested")) == 1
    intake = {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"}
    same = key()
    first = (await world.post(f"/case-management-requests/{request_id}/intake", intake, 200, key=same)).json()
    again = (await world.post(f"/case-management-requests/{request_id}/intake", intake, 200, key=same)).json()
    assert again == first and first["status"] == "INTAKE_SCHEDULED"
    assert len(await world.events(p.pseudonym, "careteam.case_management.intake_scheduled")) == 1


async def test_ct50_concurrent_duplicate_consultations_store_one(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"), sought=False)
    body = {
        "held_on": "2026-11-13",
        "organiser": pro("pro-midwife"),
        "mode": "IN_PERSON",
        "duration_minutes": 60,
        "participants": [ref("CLIENT", p.pseudonym), pro("pro-midwife"), pro("pro-gp"), pro("pro-caw")],
    }
    answers = await twice_at_once(world, f"/teams/{team_id}/consultations", body)
    assert answers[0] == answers[1]
    t = orm.perinatal_consultation
    assert await world.count(t, t.c.team_id == uuid.UUID(team_id)) == 1
    assert len(await world.events(p.pseudonym, "careteam.consultation.held")) == 1


async def test_ct03_concurrent_duplicate_care_plan_changes_append_one_version(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    answers = await twice_at_once(world, f"/teams/{team_id}/care-plan/versions", plan(p))
    assert [a["version"] for a in answers] == [1, 1]
    assert len(await world.get(f"/teams/{team_id}/care-plan/versions")) == 1
    assert len(await world.events(p.pseudonym, "careteam.care_plan.changed")) == 1


async def test_ct02_a_retried_removal_answers_the_closed_membership_again(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    body = {"left_on": "2026-11-12", "agreement": {"given_by": ref("CLIENT", p.pseudonym)}}
    answers = await twice_at_once(world, f"/teams/{team_id}/members/PROFESSIONAL/pro-gp/removal", body, 200)
    assert answers[0] == answers[1] and answers[0]["active"] is False
    assert len(await world.events(p.pseudonym, "careteam.member.removed")) == 1
