"""Care coordination through HTTP against a real PostgreSQL (CT-10..CT-19, CT-40, FIN-12/14/21)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from careteam.adapters import orm
from tests.careteam.conftest import CM_ORG, World, pro, professional, ref

pytestmark = pytest.mark.integration

APPOINTMENTS = orm.coordinator_appointment


async def active_rows(world: World, team_id: str) -> int:
    return await world.count(
        APPOINTMENTS, APPOINTMENTS.c.team_id == uuid.UUID(team_id), APPOINTMENTS.c.ended_on.is_(None)
    )


async def test_ct10_ct13_a_member_is_appointed_with_consent_and_deliberation_and_it_is_published(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    appointment = await world.appoint(team_id, p, pro("pro-midwife"))
    assert appointment["active"] is True
    assert appointment["coordinator"]["member_id"] == "pro-midwife"
    assert appointment["deliberation_held_on"] == "2026-11-10"
    assert {r["member_id"] for r in appointment["deliberation_participants"]} == {
        p.pseudonym,
        "pro-midwife",
        "pro-gp",
    }
    assert appointment["reimbursable_intent"] is True
    assert appointment["reasons"] == ["CT_19_SCENARIO_B", "FIN_12_HEALTH_INSURANCE_PROFESSIONAL"]
    (event,) = await world.events(p.pseudonym, "careteam.coordinator.appointed")
    payload = event["payload"]
    assert event["subject"] == p.pseudonym
    assert payload["pregnancy_id"] == str(p.pregnancy_id)
    assert payload["coordinator"]["funding_type"] == "FEDERAL"
    assert payload["reimbursable_intent"] is True
    team = await world.get(f"/teams/{team_id}")
    assert team["coordinator"]["appointment_id"] == appointment["appointment_id"]
    assert [r["role"] for r in team["roles"]] == ["COORDINATOR"]


async def test_ct10_appointing_a_non_member_is_422_naming_the_rule_and_nothing_is_stored(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    response = await world.post(
        f"/teams/{team_id}/coordinator-appointments", world.appointment_body(p, pro("pro-outsider"))
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "CT_10_COORDINATOR_NOT_A_MEMBER" and problem["rule"] == "CT-10"
    assert await world.count(APPOINTMENTS, APPOINTMENTS.c.team_id == uuid.UUID(team_id)) == 0
    assert await world.events(p.pseudonym, "careteam.coordinator.appointed") == []


async def test_ct13_a_second_active_coordinator_is_409_and_nothing_is_stored(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    response = await world.post(
        f"/teams/{team_id}/coordinator-appointments", world.appointment_body(p, pro("pro-gp"))
    )
    assert response.status_code == 409
    assert response.json()["code"] == "CT_13_SECOND_ACTIVE_COORDINATOR"
    assert await world.count(APPOINTMENTS, APPOINTMENTS.c.team_id == uuid.UUID(team_id)) == 1


async def test_ct13_concurrent_appointments_for_one_team_exactly_one_wins(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    candidates = [
        pro("pro-midwife"),
        pro("pro-gp"),
        pro("pro-caw"),
        ref("CLIENT", p.pseudonym),
        pro("pro-midwife"),
    ]
    responses = await asyncio.gather(
        *[
            world.post(
                f"/teams/{team_id}/coordinator-appointments", world.appointment_body(p, c, sought=False)
            )
            for c in candidates
        ]
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409], [r.text for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "CT_13_SECOND_ACTIVE_COORDINATOR"
    }
    assert await active_rows(world, team_id) == 1
    assert len(await world.events(p.pseudonym, "careteam.coordinator.appointed")) == 1


async def test_ct13_the_database_itself_refuses_a_second_active_or_an_overlapping_appointment(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    first = await world.appoint(team_id, p, pro("pro-midwife"))

    def row(**overrides: object) -> dict[str, object]:
        values: dict[str, object] = {
            "appointment_id": uuid.uuid4(),
            "team_id": uuid.UUID(team_id),
            "coordinator_kind": "PROFESSIONAL",
            "coordinator_id": "pro-gp",
            "appointed_on": date(2026, 11, 12),
            "consent_given_by_kind": "CLIENT",
            "consent_given_by_id": p.pseudonym,
            "consent_given_on": date(2026, 11, 12),
            "deliberation_held_on": date(2026, 11, 12),
            "deliberation_participants": [],
            "reimbursement_sought": False,
            "reimbursable_intent": False,
            "recorded_by": "test",
        }
        return {**values, **overrides}

    ct13 = {orm.UQ_ACTIVE_COORDINATOR, orm.EX_COORDINATOR_OVERLAP}
    for values, constraints in (
        (row(), ct13),  # a second open appointment: both constraints refuse it, whichever is checked first
        (
            row(ended_on=date(2026, 11, 14), end_reason="OTHER"),
            {orm.EX_COORDINATOR_OVERLAP},
        ),  # overlaps in time
    ):
        async with world.sessionmaker() as session:
            with pytest.raises(IntegrityError) as caught:
                await session.execute(insert(APPOINTMENTS).values(**values))
            await session.rollback()
        assert any(f'"{name}"' in str(caught.value) for name in constraints), caught.value
    assert await active_rows(world, team_id) == 1
    assert first["active"]


async def test_ct15_without_the_clients_consent_is_422(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    body = world.appointment_body(p, pro("pro-midwife"))
    del body["consent"]
    response = await world.post(f"/teams/{team_id}/coordinator-appointments", body)
    assert response.status_code == 422 and response.json()["code"] == "CT_15_CLIENT_CONSENT_REQUIRED"


async def test_ct18a_without_a_recorded_team_deliberation_is_422(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    body = world.appointment_body(p, pro("pro-midwife"))
    del body["deliberation"]
    response = await world.post(f"/teams/{team_id}/coordinator-appointments", body)
    assert response.status_code == 422 and response.json()["code"] == "CT_18A_TEAM_DELIBERATION_REQUIRED"


async def test_ct11_the_client_or_an_informal_carer_may_coordinate_and_is_never_reimbursed(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    appointment = await world.appoint(team_id, p, ref("INFORMAL_CARER", "carer-partner"))
    assert appointment["reimbursable_intent"] is False
    assert "CT_11_CLIENT_CONTEXT_COORDINATION_NEVER_REIMBURSED" in appointment["reasons"]


async def test_ct19_a_reimbursable_professional_appointment_before_the_scenario_is_known_is_409(
    world: World,
) -> None:
    p = await world.pregnancy(scenario=None)
    team_id = await world.standard_team(p)
    response = await world.post(
        f"/teams/{team_id}/coordinator-appointments", world.appointment_body(p, pro("pro-gp"))
    )
    assert response.status_code == 409
    assert response.json()["code"] == "SCENARIO_NOT_YET_KNOWN"
    assert "not reached careteam yet" in response.json()["detail"]
    assert await world.count(APPOINTMENTS, APPOINTMENTS.c.team_id == uuid.UUID(team_id)) == 0
    # Not meant to be reimbursed: it needs no scenario and says why it is not reimbursable.
    appointment = await world.appoint(team_id, p, pro("pro-gp"), sought=False)
    assert appointment["reimbursable_intent"] is False
    assert appointment["reasons"] == ["CT_17_REIMBURSEMENT_NOT_SOUGHT"]


async def test_ct19_scenario_a_appointment_is_allowed_but_not_meant_to_be_reimbursed(world: World) -> None:
    p = await world.pregnancy(scenario="A")
    team_id = await world.standard_team(p)
    appointment = await world.appoint(team_id, p, pro("pro-midwife"))
    assert appointment["reimbursable_intent"] is False
    assert appointment["reasons"] == ["CT_19_SCENARIO_B_REQUIRED"]


async def test_scr06_the_exception_path_makes_coordination_reimbursable(world: World) -> None:
    p = await world.pregnancy(scenario="A", exception=True)
    team_id = await world.standard_team(p)
    appointment = await world.appoint(team_id, p, pro("pro-midwife"))
    assert appointment["reimbursable_intent"] is True
    assert appointment["reasons"][0] == "SCR_06_EXCEPTION_PATH"


async def test_fin21_coordination_already_in_the_mission_is_not_reimbursable_and_flagged_for_review(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    kind_en_gezin = professional(
        "pro-keg",
        profession="child_health_nurse",
        organisation_id="org-keg",
        funding_type="FLEMISH",
        coordination_in_mission=True,
    )
    await world.add_professional(team_id, p, kind_en_gezin)
    appointment = await world.appoint(team_id, p, pro("pro-keg"))
    assert appointment["reimbursable_intent"] is False
    assert "FIN_21_COORDINATION_IN_MISSION" in appointment["reasons"]
    assert appointment["needs_review"] is True
    (event,) = await world.events(p.pseudonym, "careteam.coordinator.appointed")
    assert event["payload"]["needs_review"] is True


async def test_ct13_handing_over_closes_the_previous_appointment_on_the_same_date(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    first = await world.appoint(team_id, p, pro("pro-midwife"))
    body = world.appointment_body(p, pro("pro-gp"), on=date(2026, 11, 14))
    second = (
        await world.post(
            f"/teams/{team_id}/coordinator-appointments/{first['appointment_id']}/hand-over", body, 201
        )
    ).json()
    assert second["previous_appointment_id"] == first["appointment_id"]
    history = await world.get(f"/teams/{team_id}/coordinator-appointments")
    assert [(a["ended_on"], a["end_reason"]) for a in history] == [
        ("2026-11-14", "HANDED_OVER"),
        (None, None),
    ]
    ended, appointed = (
        await world.events(p.pseudonym, "careteam.coordinator.ended"),
        await world.events(p.pseudonym, "careteam.coordinator.appointed"),
    )
    assert [e["payload"]["reason"] for e in ended] == ["HANDED_OVER"]
    assert appointed[-1]["payload"]["previous_appointment_id"] == first["appointment_id"]
    assert await active_rows(world, team_id) == 1


async def test_ct16_coordination_is_ended_with_a_reason_and_a_reevaluation_can_end_it(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    first = await world.appoint(team_id, p, pro("pro-midwife"))
    path = f"/teams/{team_id}/coordinator-appointments/{first['appointment_id']}"
    without = await world.post(
        f"{path}/reevaluations",
        {"held_on": "2026-11-12", "participants": [pro("pro-gp")], "outcome": "CONTINUE"},
    )
    assert without.status_code == 422 and without.json()["code"] == "CT_16_REEVALUATION_WITHOUT_COORDINATOR"
    kept = await world.post(
        f"{path}/reevaluations",
        {"held_on": "2026-11-12", "participants": [pro("pro-midwife"), pro("pro-gp")], "outcome": "CONTINUE"},
        201,
    )
    assert kept.json()["active"] is True and len(kept.json()["reevaluations"]) == 1
    ended = await world.post(f"{path}/end", {"ended_on": "2026-11-13", "reason": "NEED_RESOLVED"}, 200)
    assert ended.json()["end_reason"] == "NEED_RESOLVED" and ended.json()["active"] is False
    again = await world.post(f"{path}/end", {"ended_on": "2026-11-13", "reason": "OTHER"})
    assert again.status_code == 409 and again.json()["code"] == "CT_16_COORDINATION_NOT_ACTIVE"
    (event,) = await world.events(p.pseudonym, "careteam.coordinator.ended")
    assert event["payload"] == {
        "appointment_id": first["appointment_id"],
        "team_id": team_id,
        "client_pseudonym": p.pseudonym,
        "ended_on": "2026-11-13",
        "reason": "NEED_RESOLVED",
    }
    second = await world.appoint(team_id, p, pro("pro-gp"), on=date(2026, 11, 13))
    path2 = f"/teams/{team_id}/coordinator-appointments/{second['appointment_id']}"
    done = await world.post(
        f"{path2}/reevaluations",
        {"held_on": "2026-11-16", "participants": [pro("pro-gp")], "outcome": "END"},
        201,
    )
    assert done.json()["end_reason"] == "NEED_RESOLVED" and done.json()["ended_on"] == "2026-11-16"


async def test_ct40_the_case_manager_cannot_be_appointed_coordinator(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request = await world.post(
        f"/teams/{team_id}/case-management-requests",
        {
            "request_type": "PROCESS_SUPPORT",
            "requested_on": "2026-11-03",
            "requested_by": pro("pro-gp"),
            "organisation_id": CM_ORG,
        },
        201,
    )
    request_id = request.json()["request_id"]
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
        {"case_manager": case_manager, "started_on": "2026-11-05", "planned_end_on": "2027-02-05"},
        200,
    )
    # Even if the client later wanted the case manager in her team and as coordinator: CT-44 then CT-40.
    joined = await world.post(
        f"/teams/{team_id}/members",
        {
            "kind": "PROFESSIONAL",
            "professional": case_manager,
            "agreement": {"given_by": ref("CLIENT", p.pseudonym)},
        },
    )
    assert joined.status_code == 422 and joined.json()["code"] == "CT_44_CASE_MANAGER_IS_MEMBER"
    response = await world.post(
        f"/teams/{team_id}/coordinator-appointments", world.appointment_body(p, pro("pro-cm"))
    )
    assert response.status_code == 422
    assert "CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON" in response.json()["codes"]


async def test_ct13_a_constraint_violation_that_slips_past_the_lock_becomes_the_same_conflict(
    world: World,
) -> None:
    from careteam.domain import errors
    from careteam.service.common import refused_by_constraints

    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    async with world.sessionmaker() as session:
        with pytest.raises(errors.SecondActiveCoordinator) as caught:
            async with refused_by_constraints():
                await session.execute(
                    insert(APPOINTMENTS).values(
                        appointment_id=uuid.uuid4(),
                        team_id=uuid.UUID(team_id),
                        coordinator_kind="PROFESSIONAL",
                        coordinator_id="pro-gp",
                        appointed_on=date(2026, 11, 12),
                        consent_given_by_kind="CLIENT",
                        consent_given_by_id=p.pseudonym,
                        consent_given_on=date(2026, 11, 12),
                        deliberation_held_on=date(2026, 11, 12),
                        deliberation_participants=[],
                        reimbursement_sought=False,
                        reimbursable_intent=False,
                        recorded_by="test",
                    )
                )
        await session.rollback()
    assert caught.value.code == "CT_13_SECOND_ACTIVE_COORDINATOR"
