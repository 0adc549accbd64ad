"""Who may see and change a team, through HTTP against a real PostgreSQL (Q-16 least privilege, CT-02).

A professional works only in her own teams (member, active coordinator, active case manager, or the one who
formed the team and was not removed since); the organisation a case-management request was sent to reaches that
request (CT-33, CT-34); admin and ops see all. Everyone else gets 403 Q_16_NOT_IN_TEAM and nothing is stored.
"""

from __future__ import annotations

import uuid

import pytest

from careteam.adapters import orm
from tests.careteam.api.test_care_plans import plan
from tests.careteam.api.test_case_management import CASE_MANAGER, request_body, running
from tests.careteam.conftest import CM_ORG, World, as_professional, pro, professional, ref
from tests.conftest import auth

pytestmark = pytest.mark.integration

MIDWIFE = as_professional("pro-midwife")
OUTSIDER = as_professional("pro-outsider")
ADMIN = auth("admin", subject="admin-test")


def refused(response: object) -> None:
    status, body = response.status_code, response.json()  # type: ignore[attr-defined]
    assert status == 403, body
    assert body["code"] == "Q_16_NOT_IN_TEAM" and body["rule"] == "Q-16"


async def test_q16_a_member_sees_and_changes_her_team_and_an_outsider_gets_403(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    team = await world.get(f"/teams/{team_id}", headers=MIDWIFE)
    assert team["team_id"] == team_id
    await world.add_carer(team_id, "carer-mother")  # by the one who formed it
    body = {"kind": "INFORMAL_CARER", "carer_id": "carer-sister", "joined_on": "2026-11-03"}
    await world.post(f"/teams/{team_id}/members", body, 201, headers=MIDWIFE)

    for path in ("", "/members", "/coordinator-appointments", "/case-management-requests", "/consultations"):
        refused(await world.client.get(f"/teams/{team_id}{path}", headers=OUTSIDER))
    refused(await world.client.get(f"/teams/{team_id}/care-plan/versions", headers=OUTSIDER))
    outsider_adds = {"kind": "INFORMAL_CARER", "carer_id": "carer-cousin", "joined_on": "2026-11-03"}
    refused(await world.post(f"/teams/{team_id}/members", outsider_adds, headers=OUTSIDER))
    assert await world.count(orm.team_membership, orm.team_membership.c.member_id == "carer-cousin") == 0


async def test_q16_an_outsider_cannot_appoint_request_consult_or_plan_and_nothing_is_stored(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    before = len(await world.events(p.pseudonym))
    posts = [
        (f"/teams/{team_id}/coordinator-appointments", world.appointment_body(p, pro("pro-midwife"))),
        (f"/teams/{team_id}/case-management-requests", request_body(p)),
        (f"/teams/{team_id}/care-plan/versions", plan(p)),
        (
            f"/teams/{team_id}/consultations",
            {
                "held_on": "2026-11-13",
                "organiser": pro("pro-midwife"),
                "mode": "IN_PERSON",
                "duration_minutes": 30,
                "participants": [
                    ref("CLIENT", p.pseudonym),
                    pro("pro-midwife"),
                    pro("pro-gp"),
                    pro("pro-caw"),
                ],
            },
        ),
    ]
    for path, body in posts:
        refused(await world.post(path, body, headers=OUTSIDER))
    assert len(await world.events(p.pseudonym)) == before
    assert (
        await world.count(
            orm.coordinator_appointment, orm.coordinator_appointment.c.team_id == uuid.UUID(team_id)
        )
        == 0
    )


async def test_q16_the_coordinator_and_the_active_case_manager_see_the_team(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    await world.appoint(team_id, p, pro("pro-midwife"))
    await running(world, team_id, p)
    assert (await world.get(f"/teams/{team_id}", headers=MIDWIFE))["team_id"] == team_id
    # CT-44: the case manager is never a member, yet sees the team while her intervention runs
    case_manager = as_professional("pro-cm", "case_manager")
    assert (await world.get(f"/teams/{team_id}", headers=case_manager))["case_manager"][
        "member_id"
    ] == "pro-cm"


async def test_q16_ct02_a_professional_the_client_removed_loses_access_even_if_she_formed_the_team(
    world: World,
) -> None:
    p = await world.pregnancy()
    nurse = as_professional("pro-nurse")
    team_id = (
        await world.post(
            "/teams",
            {"pregnancy_id": str(p.pregnancy_id), "established_on": "2026-11-02"},
            201,
            headers=nurse,
        )
    ).json()["team_id"]
    # Q-16 FORMED_THE_TEAM: the one who formed it adds the first members, herself included
    body = {
        "kind": "PROFESSIONAL",
        "professional": professional("pro-nurse", profession="nurse"),
        "joined_on": "2026-11-02",
        "agreement": {"given_by": ref("CLIENT", p.pseudonym), "given_on": "2026-11-02"},
    }
    await world.post(f"/teams/{team_id}/members", body, 201, headers=nurse)
    assert (await world.get(f"/teams/{team_id}", headers=nurse))["team_id"] == team_id
    removal = {"left_on": "2026-11-10", "agreement": {"given_by": ref("CLIENT", p.pseudonym)}}
    await world.post(f"/teams/{team_id}/members/PROFESSIONAL/pro-nurse/removal", removal, 200, headers=nurse)
    refused(await world.client.get(f"/teams/{team_id}", headers=nurse))


async def test_q16_finding_teams_lists_only_the_callers_own_and_admin_sees_all(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    query = {"pregnancy_id": str(p.pregnancy_id)}
    assert [t["team_id"] for t in await world.get("/teams", headers=MIDWIFE, **query)] == [team_id]
    assert await world.get("/teams", headers=OUTSIDER, **query) == []
    assert [t["team_id"] for t in await world.get("/teams", headers=ADMIN, **query)] == [team_id]
    assert (await world.get(f"/teams/{team_id}", headers=ADMIN))["team_id"] == team_id


async def test_q16_teams_per_professional_lists_only_the_callers_own_unless_privileged(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    own = await world.get("/professionals/pro-midwife/teams", headers=MIDWIFE)
    assert [t["team_id"] for t in own if t["team_id"] == team_id] == [team_id]
    other = await world.client.get("/professionals/pro-midwife/teams", headers=OUTSIDER)
    assert other.status_code == 403 and other.json()["code"] == "Q_16_OWN_TEAMS_ONLY"
    without_id = await world.client.get("/professionals/pro-midwife/teams", headers=auth("professional"))
    assert without_id.status_code == 403
    by_admin = await world.get("/professionals/pro-midwife/teams", headers=ADMIN)
    assert team_id in {t["team_id"] for t in by_admin}


async def test_q16_ct33_the_addressed_organisation_answers_its_request_but_does_not_see_the_team(
    world: World,
) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = (
        await world.post(f"/teams/{team_id}/case-management-requests", request_body(p), 201)
    ).json()["request_id"]
    staff = auth("case_manager", subject="cm-staff", organisation_id=CM_ORG)
    other_org = auth("case_manager", subject="cm-other", organisation_id="cm-elsewhere")
    assert (await world.get(f"/case-management-requests/{request_id}", headers=staff))[
        "status"
    ] == "REQUESTED"
    refused(await world.client.get(f"/case-management-requests/{request_id}", headers=other_org))
    intake = {"scheduled_on": "2026-11-10", "intake_on": "2026-11-12"}
    refused(await world.post(f"/case-management-requests/{request_id}/intake", intake, headers=other_org))
    await world.post(f"/case-management-requests/{request_id}/intake", intake, 200, headers=staff)
    start = {"case_manager": CASE_MANAGER, "started_on": "2026-11-12", "planned_end_on": "2027-02-12"}
    await world.post(f"/case-management-requests/{request_id}/intervention", start, 200, headers=staff)
    refused(await world.client.get(f"/teams/{team_id}", headers=staff))
    deadlines = await world.get("/case-management/deadlines", headers=other_org, within_days=366)
    assert all(d["request_id"] != request_id for d in deadlines)


async def test_q16_deadlines_are_listed_for_the_teams_own_people(world: World) -> None:
    p = await world.pregnancy()
    team_id = await world.standard_team(p)
    request_id = (
        await world.post(f"/teams/{team_id}/case-management-requests", request_body(p), 201)
    ).json()["request_id"]
    mine = await world.get("/case-management/deadlines", headers=MIDWIFE, within_days=30)
    assert [d["kind"] for d in mine if d["request_id"] == request_id] == ["INTAKE"]
    theirs = await world.get("/case-management/deadlines", headers=OUTSIDER, within_days=30)
    assert all(d["team_id"] != team_id for d in theirs)
