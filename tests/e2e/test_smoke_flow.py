"""A request to screening produces an event that careteam, financing and reporting each record."""

from __future__ import annotations

from typing import TypedDict

import asyncpg
import httpx
import pytest

from tests.conftest import auth
from tests.e2e.conftest import Stack
from tests.e2e.support import eventually, national_number

pytestmark = pytest.mark.e2e


class EventTypeCount(TypedDict):
    event_type: str
    count: int


class EventLogSummary(TypedDict):
    """The body of reporting's GET /ops/event-log/summary."""

    total: int
    by_type: list[EventTypeCount]


async def test_a_registered_pregnancy_reaches_careteam_financing_and_reporting(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    response = await http.post(
        f"{stack.url('screening')}/pregnancies",
        json={
            "national_number": national_number("920704555"),
            "expected_delivery_date": "2027-06-01",
            "residence_nis": "44021",
            "mutuality_code": "300",
        },
        headers=auth("professional"),
    )
    assert response.status_code == 201, response.text
    pregnancy = response.json()
    correlation_id = response.headers["x-correlation-id"]

    async def seen_by(url: str, role: str) -> dict[str, object] | None:
        r = await http.get(url, headers=auth(role))
        return r.json() if r.status_code == 200 else None

    careteam = await eventually(
        lambda: seen_by(f"{stack.url('careteam')}/pregnancies/{pregnancy['id']}", "professional")
    )
    financing = await eventually(
        lambda: seen_by(
            f"{stack.url('financing')}/projection/pregnancies/{pregnancy['id']}", "finance_officer"
        )
    )
    for projection in (careteam, financing):
        assert projection["client_pseudonym"] == pregnancy["client_pseudonym"]
        assert projection["residence_nis"] == "44021"
    assert financing["mutuality_code"] == "300"

    async def reporting_counts() -> EventLogSummary | None:
        r = await http.get(f"{stack.url('reporting')}/ops/event-log/summary", headers=auth("ops"))
        body = r.json()
        return body if r.status_code == 200 and body["total"] >= 1 else None

    summary = await eventually(reporting_counts)
    # Other tests publish other event types to the same log: check the registrations, not that they are alone.
    counts = {t["event_type"]: t["count"] for t in summary["by_type"]}
    assert counts["screening.pregnancy.registered"] >= 1
    assert sum(counts.values()) == summary["total"]

    # The correlation id of the HTTP request travelled with the event (outbox -> Kafka -> consumer).
    conn = await asyncpg.connect(stack.db_urls["reporting"].replace("+asyncpg", ""))
    try:
        stored = await conn.fetchval(
            "SELECT correlation_id FROM event_log WHERE payload->>'pregnancy_id' = $1", pregnancy["id"]
        )
    finally:
        await conn.close()
    assert stored == correlation_id
