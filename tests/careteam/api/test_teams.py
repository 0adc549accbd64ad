"""Care teams through HTTP against a real PostgreSQL: formation, membership under the client's control
(CT-01, CT-02, CT-44, Q-19), the queries for front ends and the events."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest

from careteam.adapters import orm
from tests.careteam.conftest import World, as_professional, pro, professional, ref
from tests.conftest import auth

pytestmark = pytest.mark.integration


async def test_q19_a_team_for_a_pregnancy_careteam_does_not_know_is_409_pregnancy_not_yet_known(
    world: World,
) -> None:
    unknown = uuid.uuid4()
    response = await world.post("/teams", {"pregnancy_id": str(unknown)})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "PREGNANCY_NOT_YET_KNOWN"
    assert "registration event" in problem["detail"]
    assert await world.count(orm.care_team, orm.care_team.c.pregnancy_id == unknown) == 0


async def test_ct01_a_team_is_formed_around_the_client_who_is_its_first_member(world: World) -> None:
    p = await world.pregnancy()
    response = await world.post(
        "/teams", {"pregnancy_id": str(p.pregnancy_id), "established_on": "2026-11-02"}, 201
    )
    team = response.json()
    assert team["client_pseudonym"] == p.pseudonym
    assert team["scenario"] == "B" and team["scenario_known"]
    assert [m["person"] for m in team["members"]] == [
        {
            **ref("CLIENT", p.pseudonym),
            **dict.fromkeys(
                [
                    "profession",
                    "organisation_id",
                    "funding_type",
                    "life_domain",
                    "coordination_in_mission",
                    "location_nis",
                    "relation",
                    "is_representative",
                ]
            ),
        }
    ]
    created, added = await world.events(p.pseudonym)
    assert created["event_type"] == "careteam.team.created"
    assert created["subject"] == p.pseudonym
    assert created["payload"]["pregnancy_id"] == str(p.pregnancy_id)
    assert added["payload"]["member"]["kind"] == "CLIENT"


async def test_q19_one_team_per_pregnancy_even_when_two_requests_race(world: World) -> None:
    p = await world.pregnancy()
    body = {"pregnancy_id": str(p.pregnancy_id)}
    responses = await asyncio.gather(*[world.post("/teams", body) for _ in range(4)])
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"Q_19_TEAM_ALREADY_EXISTS"}
    assert await world.count(orm.care_team, orm.care_team.c.pregnancy_id == p.pregnancy_id) == 1
    assert len(await world.events(p.pseudonym, "careteam.team.created")) == 1


async def test_ct02_adding_a_professional_without_the_clients_agreement_is_refused_and_nothing_stored(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    body = {"kind": "PROFESSIONAL", "professional": professional("pro-x"), "joined_on": "2026-11-03"}
    response = await world.post(f"/teams/{team_id}/members", body)
    assert response.status_code == 422
    assert response.json()["code"] == "CT_02_CLIENT_AGREEMENT_REQUIRED"
    assert response.json()["rule"] == "CT-02"
    assert await world.count(orm.team_membership, orm.team_membership.c.member_id == "pro-x") == 0
    assert await world.events(p.pseudonym, "careteam.member.added") != []  # only the client's
    assert len(await world.events(p.pseudonym, "careteam.member.added")) == 1


async def test_ct02_an_informal_carer_who_is_not_the_representative_cannot_agree_for_the_client(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    await world.add_carer(team_id, "carer-sister", representative=False)
    body = {
        "kind": "PROFESSIONAL",
        "professional": professional("pro-y"),
        "joined_on": "2026-11-03",
        "agreement": {"given_by": ref("INFORMAL_CARER", "carer-sister")},
    }
    response = await world.post(f"/teams/{team_id}/members", body)
    assert response.status_code == 422
    assert response.json()["code"] == "CT_02_CLIENT_AGREEMENT_REQUIRED"


async def test_ct01_ct02_members_with_their_attributes_and_agreements_and_the_events_carry_no_names(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    team = await world.get(f"/teams/{team_id}")
    by_id = {m["person"]["member_id"]: m for m in team["members"]}
    caw = by_id["pro-caw"]
    assert caw["person"]["funding_type"] == "FLEMISH"
    assert caw["person"]["life_domain"] == "CARE_AND_WELFARE"
    assert caw["agreements"] == [
        {"change": "ADD", "given_by": ref("CLIENT", p.pseudonym), "given_on": "2026-11-02"}
    ]
    assert by_id["carer-partner"]["person"]["is_representative"] is True
    assert team["composition"]["interdisciplinary"] is True
    added = await world.events(p.pseudonym, "careteam.member.added")
    members = {e["payload"]["member"]["member_id"]: e["payload"]["member"] for e in added}
    assert members["pro-gp"] == {
        "kind": "PROFESSIONAL",
        "member_id": "pro-gp",
        "profession": "general_practitioner",
        "organisation_id": "org-care",
        "funding_type": "FEDERAL",
        "life_domain": "CARE_AND_WELFARE",
        "coordination_in_mission": False,
        "location_nis": None,
    }
    # the relation to the client (free text about the person) never leaves careteam
    assert all("relation" not in e["payload"]["member"] for e in added)


async def test_ct01_the_same_professional_cannot_be_added_twice(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    await world.add_professional(team_id, p, professional("pro-dup"))
    body = {
        "kind": "PROFESSIONAL",
        "professional": professional("pro-dup"),
        "agreement": {"given_by": ref("CLIENT", p.pseudonym)},
    }
    response = await world.post(f"/teams/{team_id}/members", body)
    assert response.status_code == 409
    assert response.json()["code"] == "CT_01_ALREADY_MEMBER"


async def test_ct02_removing_a_professional_records_the_agreement_and_publishes_the_removal(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    refused = await world.post(
        f"/teams/{team_id}/members/PROFESSIONAL/pro-gp/removal", {"left_on": "2026-11-12"}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "CT_02_CLIENT_AGREEMENT_REQUIRED"
    body = {"left_on": "2026-11-12", "agreement": {"given_by": ref("INFORMAL_CARER", "carer-partner")}}
    removed = (await world.post(f"/teams/{team_id}/members/PROFESSIONAL/pro-gp/removal", body, 200)).json()
    assert removed["left_on"] == "2026-11-12" and removed["active"] is False
    assert [a["change"] for a in removed["agreements"]] == ["ADD", "REMOVE"]
    (event,) = await world.events(p.pseudonym, "careteam.member.removed")
    assert event["payload"]["member"]["member_id"] == "pro-gp"
    assert event["payload"]["left_on"] == "2026-11-12"


async def test_ct01_the_client_can_never_be_removed(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    response = await world.post(f"/teams/{team_id}/members/CLIENT/{p.pseudonym}/removal", {})
    assert response.status_code == 422
    assert response.json()["code"] == "CT_01_CLIENT_ALWAYS_MEMBER"


async def test_ct44_the_coordinator_cannot_be_removed_before_coordination_ends(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    body = {"left_on": "2026-11-12", "agreement": {"given_by": ref("CLIENT", p.pseudonym)}}
    response = await world.post(f"/teams/{team_id}/members/PROFESSIONAL/pro-midwife/removal", body)
    assert response.status_code == 422
    assert response.json()["code"] == "CT_44_COORDINATOR_MUST_REMAIN_MEMBER"


async def test_q19_the_child_is_linked_after_birth_and_the_care_window_ends_at_the_second_birthday(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.team(p)
    before = await world.get(f"/teams/{team_id}")
    assert before["children"] == [] and before["care_window_end"] is None
    await world.birth(p, date(2027, 3, 28))
    after = await world.get(f"/teams/{team_id}")
    assert len(after["children"]) == 1
    assert after["pregnancy_outcome"] == "BIRTH" and after["birth_date"] == "2027-03-28"
    assert after["care_window_end"] == "2029-03-28"


async def test_teams_per_professional_list_the_roles_held(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    teams = await world.get("/professionals/pro-midwife/teams", headers=as_professional("pro-midwife"))
    mine = next(t for t in teams if t["team_id"] == team_id)
    assert mine["roles"] == ["COORDINATOR", "MEMBER"] and mine["active"] is True
    by_pregnancy = await world.get("/teams", pregnancy_id=str(p.pregnancy_id))
    assert [t["team_id"] for t in by_pregnancy] == [team_id]


async def test_without_a_token_401_and_with_a_role_outside_team_work_403(world: World) -> None:
    assert (await world.client.get(f"/teams/{uuid.uuid4()}")).status_code == 401
    forbidden = await world.client.get(f"/teams/{uuid.uuid4()}", headers=auth("finance_officer"))
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "ROLE_REQUIRED"
    assert (await world.client.get(f"/teams/{uuid.uuid4()}", headers=auth("professional"))).status_code == 404


async def test_a_fact_dated_after_today_is_refused(world: World) -> None:
    p = await world.pregnancy()
    response = await world.post(
        "/teams", {"pregnancy_id": str(p.pregnancy_id), "established_on": "2026-12-01"}
    )
    assert response.status_code == 422 and response.json()["code"] == "DATE_IN_FUTURE"


async def test_the_pregnancy_projection_is_readable(world: World) -> None:
    p = await world.pregnancy(scenario=None)
    body = await world.get(f"/pregnancies/{p.pregnancy_id}")
    assert body["client_pseudonym"] == p.pseudonym and body["scenario_known"] is False
    missing = await world.client.get(f"/pregnancies/{uuid.uuid4()}", headers=auth("professional"))
    assert missing.status_code == 404 and missing.json()["code"] == "PREGNANCY_NOT_KNOWN"
    assert pro("x")["kind"] == "PROFESSIONAL"
