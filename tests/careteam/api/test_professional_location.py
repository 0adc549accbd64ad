"""Where a professional works (REP-08, Q-05) through HTTP against a real PostgreSQL: an optional `location_nis`
on a professional member, the case manager and an outside consultation participant, validated like the client's
residence (2025 list, retired codes mapped through the crosswalk, unknown codes refused with problem+json),
stored, returned and published in every careteam event that carries the professional."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from careteam.adapters import orm
from tests.careteam.conftest import CM_ORG, Pregnancy, World, pro, professional, ref

pytestmark = pytest.mark.integration

GENT = "44021"
BORSBEEK_RETIRED, ANTWERPEN = "11007", "11002"  # merged into Antwerpen on 2025-01-01
BEVEREN_RETIRED, BEVEREN_KRUIBEKE_ZWIJNDRECHT = "46003", "46030"  # merged on 2025-01-01
UNKNOWN = "99999"


def member_body(p: Pregnancy, details: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "PROFESSIONAL",
        "professional": details,
        "joined_on": "2026-11-02",
        "agreement": {"given_by": ref("CLIENT", p.pseudonym), "given_on": "2026-11-02"},
    }


async def located_team(world: World, p: Pregnancy) -> str:
    """A midwife in Gent, a GP given with Borsbeek's retired code, a CAW worker without location, the partner."""
    team_id = await world.team(p)
    await world.add_professional(team_id, p, {**professional("pro-midwife"), "location_nis": GENT})
    await world.add_professional(
        team_id,
        p,
        {**professional("pro-gp", profession="general_practitioner"), "location_nis": BORSBEEK_RETIRED},
    )
    await world.add_professional(
        team_id,
        p,
        professional(
            "pro-caw", profession="social_worker", organisation_id="org-caw", funding_type="FLEMISH"
        ),
    )
    await world.add_carer(team_id, "carer-partner", representative=True)
    return team_id


async def column(world: World, table: Any, name: str, *where: Any) -> list[Any]:
    async with world.sessionmaker() as session:
        return list((await session.execute(select(table.c[name]).where(*where))).scalars())


def payload_members(events: list[dict[str, Any]], key: str = "member") -> dict[str, dict[str, Any]]:
    return {e["payload"][key]["member_id"]: e["payload"][key] for e in events}


async def test_rep08_a_member_stores_returns_and_publishes_where_she_works_retired_codes_mapped(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await located_team(world, p)

    team = await world.get(f"/teams/{team_id}")

    persons = {m["person"]["member_id"]: m["person"] for m in team["members"]}
    assert persons["pro-midwife"]["location_nis"] == GENT
    assert persons["pro-gp"]["location_nis"] == ANTWERPEN
    assert persons["pro-caw"]["location_nis"] is None
    assert persons[p.pseudonym]["location_nis"] is None and persons["carer-partner"]["location_nis"] is None
    t = orm.team_membership
    stored = dict(
        zip(
            await column(world, t, "member_id", t.c.team_id == uuid.UUID(team_id)),
            await column(world, t, "location_nis", t.c.team_id == uuid.UUID(team_id)),
            strict=True,
        )
    )
    assert (stored["pro-midwife"], stored["pro-gp"], stored["pro-caw"]) == (GENT, ANTWERPEN, None)
    added = payload_members(await world.events(p.pseudonym, "careteam.member.added"))
    assert (added["pro-midwife"]["location_nis"], added["pro-gp"]["location_nis"]) == (GENT, ANTWERPEN)
    assert added["pro-caw"]["location_nis"] is None and added[p.pseudonym]["location_nis"] is None


async def test_rep08_the_add_member_answer_carries_the_mapped_location(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)

    response = await world.post(
        f"/teams/{team_id}/members",
        member_body(p, {**professional("pro-vv"), "location_nis": BEVEREN_RETIRED}),
        201,
    )

    assert response.json()["person"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT


async def test_q05_an_unknown_member_location_is_refused_with_problem_json_and_nothing_is_stored(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    events_before = len(await world.events(p.pseudonym))

    response = await world.post(
        f"/teams/{team_id}/members", member_body(p, {**professional("pro-x"), "location_nis": UNKNOWN})
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert (problem["code"], problem["rule"]) == ("UNKNOWN_MUNICIPALITY", "Q-05")
    assert (problem["nis_code"], problem["field"]) == (UNKNOWN, "professional.location_nis")
    t = orm.team_membership
    assert await world.count(t, t.c.team_id == uuid.UUID(team_id), t.c.member_id == "pro-x") == 0
    assert len(await world.events(p.pseudonym)) == events_before
    malformed = await world.post(
        f"/teams/{team_id}/members", member_body(p, {**professional("pro-x"), "location_nis": "4402"})
    )
    assert malformed.status_code == 422 and malformed.json()["code"] == "VALIDATION_ERROR"


async def test_rep08_the_coordinator_and_the_removed_member_travel_with_their_location(world: World) -> None:
    p = await world.pregnancy()
    team_id = await located_team(world, p)

    await world.appoint(team_id, p, pro("pro-midwife"), sought=False)
    await world.post(
        f"/teams/{team_id}/members/PROFESSIONAL/pro-gp/removal",
        {"left_on": "2026-11-12", "agreement": {"given_by": ref("CLIENT", p.pseudonym)}},
        200,
    )

    (appointed,) = await world.events(p.pseudonym, "careteam.coordinator.appointed")
    assert appointed["payload"]["coordinator"]["location_nis"] == GENT
    (removed,) = await world.events(p.pseudonym, "careteam.member.removed")
    assert removed["payload"]["member"]["location_nis"] == ANTWERPEN
    view = await world.get(f"/teams/{team_id}")
    assert view["coordinator"]["coordinator"]["location_nis"] == GENT


async def test_rep08_consultation_participants_carry_their_location_and_an_outside_one_is_validated(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await located_team(world, p)
    await world.appoint(team_id, p, pro("pro-midwife"), sought=False)
    members = [ref("CLIENT", p.pseudonym), pro("pro-midwife"), pro("pro-gp"), pro("pro-caw")]
    outside = {
        "kind": "PROFESSIONAL",
        "member_id": "pro-psy",
        "profession": "psychologist",
        "organisation_id": "org-cgg",
        "funding_type": "FLEMISH",
    }
    body = {
        "held_on": "2026-11-13",
        "organiser": pro("pro-midwife"),
        "mode": "IN_PERSON",
        "duration_minutes": 60,
    }
    consultations = orm.perinatal_consultation

    refused = await world.post(
        f"/teams/{team_id}/consultations",
        {**body, "participants": [*members, {**outside, "location_nis": UNKNOWN}]},
    )
    assert refused.status_code == 422, refused.text
    assert (refused.json()["code"], refused.json()["field"]) == (
        "UNKNOWN_MUNICIPALITY",
        "participants[4].location_nis",
    )
    assert await world.count(consultations, consultations.c.team_id == uuid.UUID(team_id)) == 0

    held = await world.post(
        f"/teams/{team_id}/consultations",
        {**body, "participants": [*members, {**outside, "location_nis": BEVEREN_RETIRED}]},
        201,
    )

    persons = {x["person"]["member_id"]: x["person"] for x in held.json()["participants"]}
    assert persons["pro-psy"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT
    assert persons["pro-midwife"]["location_nis"] == GENT
    (event,) = await world.events(p.pseudonym, "careteam.consultation.held")
    published = {x["member_id"]: x.get("location_nis") for x in event["payload"]["participants"]}
    assert published == {
        p.pseudonym: None,
        "pro-midwife": GENT,
        "pro-gp": ANTWERPEN,
        "pro-caw": None,
        "pro-psy": BEVEREN_KRUIBEKE_ZWIJNDRECHT,
    }
    cp = orm.consultation_participant
    consultation_id = uuid.UUID(held.json()["consultation_id"])
    assert sorted(
        filter(None, await column(world, cp, "location_nis", cp.c.consultation_id == consultation_id))
    ) == sorted([GENT, ANTWERPEN, BEVEREN_KRUIBEKE_ZWIJNDRECHT])


async def test_rep08_the_case_manager_location_is_validated_stored_and_published(world: World) -> None:
    p = await world.pregnancy()
    team_id = await located_team(world, p)
    request = await world.post(
        f"/teams/{team_id}/case-management-requests",
        {
            "request_type": "JUMP_START",
            "requested_on": "2026-11-09",
            "requested_by": ref("CLIENT", p.pseudonym),
            "organisation_id": CM_ORG,
            "conditions": ["b", "c"],
        },
        201,
    )
    request_id = request.json()["request_id"]
    await world.post(
        f"/case-management-requests/{request_id}/intake",
        {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"},
        200,
    )
    case_manager = professional(
        "pro-cm", profession="case_manager", organisation_id=CM_ORG, funding_type="FLEMISH"
    )
    start = {"started_on": "2026-11-12", "planned_end_on": "2027-02-12"}
    cm = orm.case_management

    refused = await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {**start, "case_manager": {**case_manager, "location_nis": UNKNOWN}},
    )
    assert refused.status_code == 422, refused.text
    assert (refused.json()["code"], refused.json()["field"]) == (
        "UNKNOWN_MUNICIPALITY",
        "case_manager.location_nis",
    )
    assert await column(world, cm, "started_on", cm.c.request_id == uuid.UUID(request_id)) == [None]

    started = await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {**start, "case_manager": {**case_manager, "location_nis": BORSBEEK_RETIRED}},
        200,
    )

    assert started.json()["case_manager"]["location_nis"] == ANTWERPEN
    assert await column(world, cm, "case_manager_location_nis", cm.c.request_id == uuid.UUID(request_id)) == [
        ANTWERPEN
    ]
    (event,) = await world.events(p.pseudonym, "careteam.case_management.started")
    assert event["payload"]["case_manager"]["location_nis"] == ANTWERPEN
