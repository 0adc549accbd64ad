"""Perinatal consultations through HTTP against a real PostgreSQL (CT-50, CT-51, CT-19, Q-23)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from careteam.adapters import orm
from tests.careteam.conftest import CM_ORG, Pregnancy, World, pro, professional, ref

pytestmark = pytest.mark.integration


def consultation(
    p: Pregnancy, participants: list[dict[str, Any]], *, organiser: str = "pro-midwife"
) -> dict[str, Any]:
    return {
        "held_on": "2026-11-13",
        "organiser": pro(organiser),
        "mode": "ONLINE",
        "duration_minutes": 45,
        "participants": participants,
    }


def four(p: Pregnancy) -> list[dict[str, Any]]:
    return [ref("CLIENT", p.pseudonym), pro("pro-midwife"), pro("pro-gp"), pro("pro-caw")]


async def team_with_coordinator(world: World, p: Pregnancy) -> str:
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"), sought=False)
    return team_id


async def stored(world: World, team_id: str) -> int:
    return await world.count(
        orm.perinatal_consultation, orm.perinatal_consultation.c.team_id == uuid.UUID(team_id)
    )


async def test_ct50_ct51_a_consultation_is_recorded_with_who_took_part_and_published(world: World) -> None:
    p = await world.pregnancy()
    team_id = await team_with_coordinator(world, p)
    outside = {
        "kind": "PROFESSIONAL",
        "member_id": "pro-psy",
        "profession": "psychologist",
        "organisation_id": "org-cgg",
        "funding_type": "FLEMISH",
    }
    body = consultation(p, [*four(p), outside])
    held = (await world.post(f"/teams/{team_id}/consultations", body, 201)).json()
    assert (
        held["organiser_role"] == "COORDINATOR"
        and held["mode"] == "ONLINE"
        and held["duration_minutes"] == 45
    )
    assert held["attendance"] == {
        "participants": 5,
        "client_present": True,
        "designee_present": False,
        "health_insurance_professionals": 2,
        "other_professionals": 2,
    }
    (event,) = await world.events(p.pseudonym, "careteam.consultation.held")
    payload = event["payload"]
    assert payload["pregnancy_id"] == str(p.pregnancy_id) and payload["organiser_id"] == "pro-midwife"
    assert {(x["member_id"], x["profession"], x["funding_type"]) for x in payload["participants"]} == {
        (p.pseudonym, None, None),
        ("pro-midwife", "midwife", "FEDERAL"),
        ("pro-gp", "general_practitioner", "FEDERAL"),
        ("pro-caw", "social_worker", "FLEMISH"),
        ("pro-psy", "psychologist", "FLEMISH"),
    }
    domains = {x["member_id"]: x["life_domain"] for x in payload["participants"]}
    assert domains["pro-caw"] == "CARE_AND_WELFARE" and domains[p.pseudonym] is None
    assert [c["consultation_id"] for c in await world.get(f"/teams/{team_id}/consultations")] == [
        held["consultation_id"]
    ]


async def test_ct50_three_participants_are_too_few_and_nothing_is_stored(world: World) -> None:
    p = await world.pregnancy()
    team_id = await team_with_coordinator(world, p)
    response = await world.post(f"/teams/{team_id}/consultations", consultation(p, four(p)[:3]))
    assert response.status_code == 422
    assert response.json()["code"] == "CT_50_TOO_FEW_PARTICIPANTS" and response.json()["rule"] == "CT-50"
    assert await stored(world, team_id) == 0
    assert await world.events(p.pseudonym, "careteam.consultation.held") == []


async def test_ct50_without_the_client_or_her_designee_is_refused(world: World) -> None:
    p = await world.pregnancy()
    team_id = await team_with_coordinator(world, p)
    await world.add_professional(team_id, p, professional("pro-extra", profession="physiotherapist"))
    participants = [pro("pro-midwife"), pro("pro-gp"), pro("pro-caw"), pro("pro-extra")]
    response = await world.post(f"/teams/{team_id}/consultations", consultation(p, participants))
    assert response.status_code == 422 and response.json()["code"] == "CT_50_CLIENT_REQUIRED"
    assert await stored(world, team_id) == 0
    designee = {"kind": "INFORMAL_CARER", "member_id": "aunt-1", "designated_by_client": True}
    held = await world.post(
        f"/teams/{team_id}/consultations", consultation(p, [*participants, designee]), 201
    )
    assert held.json()["attendance"]["designee_present"] is True
    (event,) = await world.events(p.pseudonym, "careteam.consultation.held")
    assert "DESIGNATED_PERSON" in {x["kind"] for x in event["payload"]["participants"]}


async def test_ct50_at_least_one_health_insurance_professional_must_take_part(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-caw"), sought=False)
    participants = [
        ref("CLIENT", p.pseudonym),
        pro("pro-caw"),
        ref("INFORMAL_CARER", "carer-partner"),
        {
            "kind": "PROFESSIONAL",
            "member_id": "pro-w",
            "profession": "social_worker",
            "organisation_id": "o",
            "funding_type": "OTHER",
        },
    ]
    response = await world.post(
        f"/teams/{team_id}/consultations", consultation(p, participants, organiser="pro-caw")
    )
    assert (
        response.status_code == 422
        and response.json()["code"] == "CT_50_HEALTH_INSURANCE_PROFESSIONAL_REQUIRED"
    )


async def test_ct50_only_the_coordinator_organises(world: World) -> None:
    p = await world.pregnancy()
    team_id = await team_with_coordinator(world, p)
    response = await world.post(
        f"/teams/{team_id}/consultations", consultation(p, four(p), organiser="pro-gp")
    )
    assert response.status_code == 422
    assert response.json()["code"] == "CT_50_ORGANISER_NOT_COORDINATOR_OR_CASE_MANAGER"


async def test_ct50_without_a_coordinator_or_case_manager_there_is_no_consultation(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    response = await world.post(f"/teams/{team_id}/consultations", consultation(p, four(p)))
    assert response.status_code == 422 and response.json()["code"] == "CT_50_NO_COORDINATOR_OR_CASE_MANAGER"


async def test_q23_the_case_manager_organises_when_only_a_case_manager_is_appointed(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request = {
        "request_type": "PROCESS_SUPPORT",
        "requested_on": "2026-11-03",
        "requested_by": pro("pro-gp"),
        "organisation_id": CM_ORG,
    }
    request_id = (await world.post(f"/teams/{team_id}/case-management-requests", request, 201)).json()[
        "request_id"
    ]
    await world.post(
        f"/case-management-requests/{request_id}/intake",
        {"scheduled_on": "2026-11-04", "intake_on": "2026-11-05"},
        200,
    )
    case_manager = professional(
        "pro-cm", profession="case_manager", organisation_id=CM_ORG, funding_type="FLEMISH"
    )
    await world.post(
        f"/case-management-requests/{request_id}/intervention",
        {"case_manager": case_manager, "started_on": "2026-11-05", "planned_end_on": "2027-01-05"},
        200,
    )
    participants = [ref("CLIENT", p.pseudonym), pro("pro-cm"), pro("pro-gp"), pro("pro-midwife")]
    held = await world.post(
        f"/teams/{team_id}/consultations", consultation(p, participants, organiser="pro-cm"), 201
    )
    assert held.json()["organiser_role"] == "CASE_MANAGER"


async def test_ct19_before_the_scenario_is_known_a_consultation_is_409_scenario_not_yet_known(
    world: World,
) -> None:
    p = await world.pregnancy(scenario=None)
    team_id = await team_with_coordinator(world, p)
    response = await world.post(f"/teams/{team_id}/consultations", consultation(p, four(p)))
    assert response.status_code == 409
    assert response.json()["code"] == "SCENARIO_NOT_YET_KNOWN"
    assert await stored(world, team_id) == 0
    await world.scenario(p, "B")  # the screening event arrives: the same request now succeeds
    await world.post(f"/teams/{team_id}/consultations", consultation(p, four(p)), 201)


async def test_ct19_scenario_a_has_no_perinatal_consultation(world: World) -> None:
    p = await world.pregnancy(scenario="A")
    team_id = await team_with_coordinator(world, p)
    response = await world.post(f"/teams/{team_id}/consultations", consultation(p, four(p)))
    assert response.status_code == 422 and response.json()["code"] == "CT_19_SCENARIO_B_REQUIRED"


async def test_ct51_an_unknown_participant_without_profession_is_refused(world: World) -> None:
    p = await world.pregnancy()
    team_id = await team_with_coordinator(world, p)
    response = await world.post(
        f"/teams/{team_id}/consultations", consultation(p, [*four(p), pro("pro-ghost")])
    )
    assert response.status_code == 422 and response.json()["code"] == "CT_51_PARTICIPANT_UNKNOWN"
