"""Careteam through the whole suite: a pregnancy registered at screening reaches careteam, a team is formed,
members are added and a coordinator is appointed, and those careteam events reach financing (its projection of
the trajectory) and reporting (its event log), the coordinator with where she works (REP-08)."""

from __future__ import annotations

import json
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import auth
from tests.e2e.conftest import Stack
from tests.e2e.support import eventually, national_number

pytestmark = pytest.mark.e2e

COORDINATOR = auth("coordinator", subject="e2e-coordinator")


async def test_careteam_events_reach_reporting(stack: Stack, http: httpx.AsyncClient) -> None:
    careteam = stack.url("careteam")
    registered = await http.post(
        f"{stack.url('screening')}/pregnancies",
        json={
            "national_number": national_number("930303321"),
            "expected_delivery_date": "2027-05-20",
            "residence_nis": "44021",
            "mutuality_code": "300",
        },
        headers=auth("professional"),
    )
    assert registered.status_code == 201, registered.text
    pregnancy = registered.json()
    pseudonym = pregnancy["client_pseudonym"]

    async def known() -> dict[str, Any] | None:
        r = await http.get(f"{careteam}/pregnancies/{pregnancy['id']}", headers=COORDINATOR)
        return dict(r.json()) if r.status_code == 200 else None

    await eventually(known, "careteam knows the pregnancy", diagnostics=stack.log_tail)

    async def create_team() -> httpx.Response:
        return await http.post(
            f"{careteam}/teams",
            json={"pregnancy_id": pregnancy["id"]},
            headers=COORDINATOR | {"Idempotency-Key": f"e2e-team-{pregnancy['id']}"},
        )

    team = await create_team()
    assert team.status_code == 201, team.text
    retried = await create_team()  # a retry with the same key is the same team, published once
    assert retried.status_code == 201 and retried.json()["team_id"] == team.json()["team_id"]
    team_id = team.json()["team_id"]

    client = {"kind": "CLIENT", "member_id": pseudonym}
    for professional_id, profession, funding, location in (
        ("e2e-midwife", "midwife", "FEDERAL", "46003"),  # Beveren: merged into 46030 on 2025-01-01
        ("e2e-caw", "social_worker", "FLEMISH", None),
    ):
        added = await http.post(
            f"{careteam}/teams/{team_id}/members",
            json={
                "kind": "PROFESSIONAL",
                "professional": {
                    "professional_id": professional_id,
                    "profession": profession,
                    "organisation_id": f"org-{professional_id}",
                    "funding_type": funding,
                    "location_nis": location,
                },
                "agreement": {"given_by": client},
            },
            headers=COORDINATOR,
        )
        assert added.status_code == 201, added.text
    carer = await http.post(
        f"{careteam}/teams/{team_id}/members",
        json={
            "kind": "INFORMAL_CARER",
            "carer_id": "e2e-partner",
            "relation": "partner",
            "is_representative": True,
        },
        headers=COORDINATOR,
    )
    assert carer.status_code == 201, carer.text

    midwife = {"kind": "PROFESSIONAL", "member_id": "e2e-midwife"}
    today = team.json()["established_on"]
    appointed = await http.post(
        f"{careteam}/teams/{team_id}/coordinator-appointments",
        json={
            "coordinator": midwife,
            "consent": {"given_by": client},
            "deliberation": {"held_on": today, "participants": [client, midwife]},
            # The registration alone determines no scenario, so this coordination is not meant to be reimbursed.
            "reimbursement_sought": False,
        },
        headers=COORDINATOR,
    )
    assert appointed.status_code == 201, appointed.text
    assert appointed.json()["reasons"] == ["CT_17_REIMBURSEMENT_NOT_SOUGHT"]

    wanted = {"careteam.team.created": 1, "careteam.member.added": 4, "careteam.coordinator.appointed": 1}

    async def in_reporting() -> dict[str, int] | None:
        r = await http.get(f"{stack.url('reporting')}/ops/event-log/summary", headers=auth("ops"))
        if r.status_code != 200:
            return None
        counts = {t["event_type"]: t["count"] for t in r.json()["by_type"]}
        return counts if all(counts.get(k, 0) >= n for k, n in wanted.items()) else None

    counts = await eventually(in_reporting, "careteam events in reporting", diagnostics=stack.log_tail)
    assert counts["careteam.member.added"] >= 4  # the client, two professionals and the informal carer

    async def appointment_logged() -> dict[str, Any] | None:
        conn = await asyncpg.connect(stack.db_urls["reporting"].replace("+asyncpg", ""))
        try:
            payload = await conn.fetchval(
                "SELECT payload FROM event_log WHERE event_type = 'careteam.coordinator.appointed' "
                "AND payload->>'team_id' = $1",
                team_id,
            )
        finally:
            await conn.close()
        return None if payload is None else dict(json.loads(payload))

    logged = await eventually(appointment_logged, "the appointment in reporting's event log")
    coordinator = logged["coordinator"]
    assert (coordinator["member_id"], coordinator["location_nis"]) == ("e2e-midwife", "46030")

    async def in_financing() -> dict[str, Any] | None:
        r = await http.get(
            f"{stack.url('financing')}/projection/pregnancies/{pregnancy['id']}",
            headers=auth("finance_officer"),
        )
        body = dict(r.json()) if r.status_code == 200 else {}
        return body if body.get("care_teams") and body.get("coordinator_appointments") == 1 else None

    projection = await eventually(in_financing, "careteam events in financing", diagnostics=stack.log_tail)
    assert projection["care_teams"] == [team_id]
