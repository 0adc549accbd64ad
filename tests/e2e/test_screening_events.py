"""Screening facts travel through the outbox and the broker to the other services: a registration, a
completed screening, the scenario it determines, a prenatal advice session and its correction (published as
`screening.prenatal_advice_session.held` v2 with `supersedes`) reach reporting's event log, each with the
client's residence and where the performer works (`performer.location_nis`, REP-08/Q-05; a retired code arrives
as its 2025 successor)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from tests.conftest import auth
from tests.e2e.conftest import Stack
from tests.e2e.support import eventually, national_number

pytestmark = pytest.mark.e2e

PRO = auth("professional", subject="e2e-midwife")
MIDWIFE = {
    "professional_id": "riziv-e2e-midwife",
    "profession": "MIDWIFE",
    "organisation_id": "org-e2e",
    "organisation_kind": "PRIVATE_PRACTICE",
    "funding_type": "HEALTH_INSURANCE",
    "location_nis": "44021",  # works in Gent; the client lives in Antwerpen (REP-08: both are kept)
}
FLOW = [
    "screening.pregnancy.registered",
    "screening.screening.recorded",
    "screening.scenario.determined",
    "screening.prenatal_advice_session.held",
]


async def test_a_screening_and_the_scenario_it_determines_reach_reporting(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    screening_api = stack.url("screening")
    today = datetime.now(UTC).date()  # the service's own notion of today
    number = national_number("890615321")
    registered = await http.post(
        f"{screening_api}/pregnancies",
        json={
            "national_number": number,
            "expected_delivery_date": (today + timedelta(days=200)).isoformat(),
            "residence_nis": "11007",
            "mutuality_code": "100",
        },
        headers=PRO,
    )
    assert registered.status_code == 201, registered.text
    pregnancy = registered.json()
    screened = await http.post(
        f"{screening_api}/pregnancies/{pregnancy['id']}/screenings",
        json={
            "screening_date": today.isoformat(),
            "status": "COMPLETED",
            "performer": MIDWIFE,
            "topics": ["HOUSING", "VIOLENCE"],
            "indicators": ["HOUSING_PROBLEMS", "VICTIM_OF_VIOLENCE"],
        },
        headers=PRO | {"Idempotency-Key": f"e2e-{pregnancy['id']}"},
    )
    assert screened.status_code == 201, screened.text
    assert screened.json()["current_scenario"]["scenario"] == "B"
    assert screened.json()["screening"]["performer"]["location_nis"] == "44021"
    session = await http.post(
        f"{screening_api}/pregnancies/{pregnancy['id']}/prenatal-advice-sessions",
        json={"session_date": today.isoformat(), "performer": MIDWIFE},
        headers=PRO,
    )
    assert session.status_code == 201, session.text
    correction = await http.post(
        f"{screening_api}/pregnancies/{pregnancy['id']}/prenatal-advice-sessions",
        json={
            "session_date": today.isoformat(),
            "performer": MIDWIFE
            | {"profession": "GP", "organisation_kind": "GP_PRACTICE", "location_nis": "46003"},
            "supersedes": session.json()["id"],
            "correction_reason": "Held by the GP",
        },
        headers=PRO,
    )
    assert correction.status_code == 201, correction.text
    assert correction.json()["performer"]["location_nis"] == "46030"  # Beveren, merged on 2025-01-01

    async def logged_for_this_pregnancy() -> list[asyncpg.Record] | None:
        conn = await asyncpg.connect(stack.db_urls["reporting"].replace("+asyncpg", ""))
        try:
            rows = await conn.fetch(
                "SELECT event_type, event_version, subject, payload FROM event_log "
                "WHERE payload->>'pregnancy_id' = $1 ORDER BY event_version",
                pregnancy["id"],
            )
        finally:
            await conn.close()
        held = [row for row in rows if row["event_type"] == "screening.prenatal_advice_session.held"]
        return rows if {row["event_type"] for row in rows} >= set(FLOW) and len(held) == 2 else None

    rows = await eventually(logged_for_this_pregnancy, "the screening flow in reporting's event log")
    logged = {row["event_type"]: row for row in rows if row["event_version"] == 1}
    assert set(logged) == set(FLOW)
    assert all(row["subject"] == pregnancy["client_pseudonym"] for row in rows)
    assert not any(number in row["payload"] for row in rows)  # payload is JSON text: no clear national number
    determined = json.loads(logged["screening.scenario.determined"]["payload"])
    assert (determined["scenario"], determined["basis"], determined["exception"]) == (
        "B",
        "TOOL_RESULT",
        False,
    )
    assert determined["record_id"] == screened.json()["screening"]["id"]
    recorded = json.loads(logged["screening.screening.recorded"]["payload"])
    assert (recorded["residence_nis"], recorded["late"], recorded["funding_type"]) == (
        "11002",
        False,
        "HEALTH_INSURANCE",
    )
    assert recorded["performer"]["location_nis"] == "44021"
    held = json.loads(logged["screening.prenatal_advice_session.held"]["payload"])
    assert (held["session_number"], held["reimbursable"]) == (1, True)
    assert (held["residence_nis"], held["performer"]["location_nis"]) == ("11002", "44021")
    corrected = json.loads(next(row for row in rows if row["event_version"] == 2)["payload"])
    assert (corrected["supersedes"], corrected["session_number"], corrected["reimbursable"]) == (
        session.json()["id"],
        1,
        True,
    )
    assert corrected["performer"]["location_nis"] == "46030"
