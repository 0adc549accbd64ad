"""Every careteam event, through HTTP against a real PostgreSQL: one care trajectory publishes each contract of
`shared.events.contracts.careteam` through the outbox, keyed by the client pseudonym, with what financing and
reporting need (professions, funding types, life domains, periods)."""

from __future__ import annotations

from datetime import date

import pytest

from careteam.adapters import orm
from shared.events.contracts import careteam as contracts
from tests.careteam.api.test_care_plans import plan
from tests.careteam.api.test_case_management import CASE_MANAGER, deadline_check, open_request
from tests.careteam.conftest import World, pro, ref

pytestmark = pytest.mark.integration


async def test_one_trajectory_publishes_every_careteam_event_keyed_by_the_client_pseudonym(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    appointed = await world.appoint(team_id, p, pro("pro-midwife"))
    await world.post(
        f"/teams/{team_id}/consultations",
        {
            "held_on": "2026-11-13",
            "organiser": pro("pro-midwife"),
            "mode": "IN_PERSON",
            "duration_minutes": 60,
            "participants": [ref("CLIENT", p.pseudonym), pro("pro-midwife"), pro("pro-gp"), pro("pro-caw")],
        },
        201,
    )
    await world.post(f"/teams/{team_id}/care-plan/versions", plan(p), 201)
    await world.post(
        f"/teams/{team_id}/coordinator-appointments/{appointed['appointment_id']}/end",
        {"ended_on": "2026-11-14", "reason": "CONSENT_WITHDRAWN"},
        200,
    )
    # CT-33: answered after the 7 working days, so late
    request_id = (await open_request(world, team_id, p, on="2026-11-02"))["request_id"]
    episode = f"/case-management-requests/{request_id}"
    await world.post(f"{episode}/intake", {"scheduled_on": "2026-11-16", "intake_on": "2026-11-16"}, 200)
    start = {"case_manager": CASE_MANAGER, "started_on": "2026-11-16", "planned_end_on": "2027-01-16"}
    await world.post(f"{episode}/intervention", start, 200)
    world.clock.today = date(2027, 1, 15)
    await world.post(f"{episode}/intervention/end", {"ended_on": "2027-01-15"}, 200)
    withdrawn = await open_request(
        world, team_id, p, on="2027-01-15", request_type="PROCESS_SUPPORT", conditions=[]
    )
    await world.post(f"/case-management-requests/{withdrawn['request_id']}/withdrawal", {}, 200)
    world.clock.today = date(2027, 7, 15)
    await deadline_check(world)
    await world.post(f"{episode}/follow-up", {"held_on": "2027-07-15", "effective": True}, 200)
    removal = {"left_on": "2027-07-15", "agreement": {"given_by": ref("CLIENT", p.pseudonym)}}
    await world.post(f"/teams/{team_id}/members/PROFESSIONAL/pro-gp/removal", removal, 200)

    published = await world.events(p.pseudonym)
    assert {e["event_type"] for e in published} == {cls.event_type for cls in contracts.EVENTS}
    assert {e["subject"] for e in published} == {p.pseudonym}
    assert all(e["payload"]["client_pseudonym"] == p.pseudonym for e in published)
    outbox = orm.outbox
    keys = await world.count(outbox, outbox.c.key == p.pseudonym)
    assert keys == len(published)

    by_type = {e["event_type"]: e["payload"] for e in published}
    assert by_type["careteam.coordinator.ended"]["reason"] == "CONSENT_WITHDRAWN"  # CT-15 consent withdrawn
    coordinator = by_type["careteam.coordinator.appointed"]["coordinator"]
    assert (coordinator["profession"], coordinator["funding_type"], coordinator["life_domain"]) == (
        "midwife",
        "FEDERAL",
        "CARE_AND_WELFARE",
    )
    started = by_type["careteam.case_management.started"]
    assert (started["started_on"], started["planned_end_on"]) == ("2026-11-16", "2027-01-16")
    assert started["case_manager"]["funding_type"] == "FLEMISH"
    # 7 working days after Monday 2 November, skipping Armistice Day (11 November)
    assert by_type["careteam.case_management.intake_late"]["deadline"] == "2026-11-12"
    assert by_type["careteam.case_management.follow_up_due"] == {
        "request_id": request_id,
        "team_id": team_id,
        "client_pseudonym": p.pseudonym,
        "due_on": "2027-07-15",
        "missed": False,
    }
