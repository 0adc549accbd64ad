"""Corrected PPAs and referrals (screening v2 events) and withdrawn case-management requests, from consumed
events to figures, live and after a rebuild of the projection from the event log."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from reporting.adapters import orm
from tests.reporting import events as ev
from tests.reporting.conftest import OPS, Harness, figures, values

pytestmark = pytest.mark.integration

ANTWERPEN, BOECHOUT = "11002", "11004"
MARCH, MAY = date(2026, 3, 10), date(2026, 5, 4)
PPA = "screening.prenatal_advice_session.held"
WITHDRAWN = "careteam.case_management.withdrawn"


async def rebuilt(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/ops/rebuild", headers=OPS)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def logged(harness: Harness, event_type: str) -> list[tuple[int, dict[str, Any]]]:
    """(version, stored payload) of the logged events of a type, in arrival order."""
    t = orm.event_log
    stmt = select(t.c.event_version, t.c.payload).where(t.c.event_type == event_type).order_by(t.c.seq)
    async with harness.sessionmaker() as session:
        return [(version, payload) for version, payload in (await session.execute(stmt)).all()]


async def test_rep03_a_corrected_prenatal_advice_session_replaces_the_one_it_supersedes(
    harness: Harness,
) -> None:
    clients = [f"c{n}" for n in range(10)]
    await harness.feed(
        *[ev.registered(c, nis=ANTWERPEN, day=MARCH) for c in clients],
        *[ev.advice_session(c, nis=ANTWERPEN, day=MARCH) for c in clients],
    )
    async with harness.client() as client:
        first = await figures(client, "prenatal-advice-sessions", grain="quarter", level="region")
    assert values(first, by="period") == {"2026-Q1": "10"}

    # Screening corrects five sessions (v2): they were held in May, not in March. One correction is
    # corrected again; only the latest of each chain counts.
    corrections = [ev.advice_session_corrected(c, nis=ANTWERPEN, day=MAY, name="fix") for c in clients[:5]]
    again = ev.advice_session_corrected("c0", nis=ANTWERPEN, day=MAY, name="fix-2", supersedes="fix")
    result = await harness.feed(*corrections, again)
    assert (result.applied, result.dead_lettered) == (6, 0)

    async with harness.client() as client:
        quarters = await figures(client, "prenatal-advice-sessions", grain="quarter", level="region")
        years = await figures(client, "prenatal-advice-sessions", grain="year", level="region")
        # Without the supersession: 2026-Q1 10, 2026-Q2 6, and 16 sessions in the year.
        assert values(quarters, by="period") == {"2026-Q1": "5", "2026-Q2": "5"}
        assert values(years) == {"FLANDERS": "10"}

        summary = await rebuilt(client)
        assert summary["superseded"] == 6
        assert await figures(client, "prenatal-advice-sessions", grain="quarter", level="region") == quarters
        assert await figures(client, "prenatal-advice-sessions", grain="year", level="region") == years

    versions = [version for version, _ in await logged(harness, PPA)]
    assert versions == [1] * 10 + [2] * 6
    # The free-text reason of a correction is not stored (DP-07); the link to the replaced session is.
    _, payload = (await logged(harness, PPA))[-1]
    assert "correction_reason" not in payload
    assert payload["supersedes"] == str(ev.uid("ppa:c0:fix"))


async def test_referrals_and_their_corrections_are_logged_and_add_no_facts(harness: Harness) -> None:
    await harness.feed(
        ev.registered("c1", nis=ANTWERPEN, day=MARCH),
        ev.referral("c1", nis=ANTWERPEN, day=MARCH),
        ev.referral("c1", nis=ANTWERPEN, day=MARCH, name="fix", supersedes="1"),
    )
    assert harness.dead_letters.sent == []
    referrals = await logged(harness, "screening.referral.recorded")
    assert [version for version, _ in referrals] == [1, 2]
    assert await harness.count(orm.fact) == 1  # the registration's; no indicator counts referrals
    assert await harness.count(orm.superseded_record) == 0


async def test_ct31_a_withdrawn_request_still_counts_as_a_request_and_is_logged(harness: Harness) -> None:
    clients = [f"c{n}" for n in range(11)]
    await harness.feed(
        *[ev.registered(c, nis=BOECHOUT, day=MARCH) for c in clients],
        *[ev.case_management_requested(c, day=MAY, kind="JUMP_START") for c in clients[:6]],
        *[ev.case_management_requested(c, day=MAY, kind="PROCESS_SUPPORT") for c in clients[6:]],
        *[ev.intake_scheduled(c, day=MAY, late=False) for c in clients[:7]],
    )
    async with harness.client() as client:
        requests_before = await figures(client, "case-management-requests", grain="quarter", level="elz")
        intakes_before = await figures(client, "case-management-intakes", grain="quarter", level="elz")

    # Three requests are withdrawn before an intake was scheduled, one after.
    result = await harness.feed(
        ev.case_management_withdrawn("c0", day=MAY, kind="JUMP_START", intake_scheduled=True),
        *[ev.case_management_withdrawn(c, day=MAY, kind="PROCESS_SUPPORT") for c in clients[8:]],
    )
    assert (result.applied, result.dead_lettered) == (4, 0)
    assert harness.dead_letters.sent == []

    async with harness.client() as client:
        requests = await figures(client, "case-management-requests", grain="quarter", level="elz")
        intakes = await figures(client, "case-management-intakes", grain="quarter", level="elz")
        assert values(requests) == {("elz55", "JUMP_START"): "6", ("elz55", "PROCESS_SUPPORT"): "5"}
        assert requests == requests_before  # a withdrawn request was still a request made
        assert intakes == intakes_before
        summary = await client.get("/ops/event-log/summary", headers=OPS)
        assert summary.status_code == 200, summary.text
        assert {"event_type": WITHDRAWN, "count": 4} in summary.json()["by_type"]

        await rebuilt(client)
        assert await figures(client, "case-management-requests", grain="quarter", level="elz") == requests
        assert await figures(client, "case-management-intakes", grain="quarter", level="elz") == intakes

    withdrawals = await logged(harness, WITHDRAWN)
    assert [payload["request_type"] for _, payload in withdrawals] == ["JUMP_START", *["PROCESS_SUPPORT"] * 3]
    assert withdrawals[0][1]["intake_scheduled"] is True
