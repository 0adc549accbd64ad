"""DF-1 / DF-3 / DF-5 under concurrency, against a real PostgreSQL: two claims for the same role, sent at the
same moment to the two payers, end with exactly one accepted.

The claims are individually valid: the same nurse coordinates the team, and bills the same fee year once
self-employed (FIN-30: FEDERAL) and once for a Flemish-funded organisation (Q-15: FLEMISH). Only the
cross-payer rules can refuse one of them, so the test fails if the two decisions do not see each other.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from financing.adapters import orm
from financing.adapters.locks import AdvisoryLocks
from tests.conftest import Databases, auth
from tests.financing.builders import (
    Family,
    billing,
    claim_body,
    project,
    provider,
    session,
    sessionmaker_of,
    standard_trajectory,
)
from tests.financing.conftest import financing_app

pytestmark = pytest.mark.integration

ROUNDS = 5
SESSION_DATES = (date(2025, 11, 20), date(2026, 1, 8), date(2026, 3, 10), date(2026, 5, 5))


def both_payers(f: Family) -> tuple[dict[str, Any], dict[str, Any]]:
    federal = claim_body(f, "COORDINATION_YEAR")
    flemish = claim_body(
        f,
        "COORDINATION_YEAR",
        payer="FLEMISH",
        provider=provider("nurse-1", "NURSE", "FLEMISH", organisation_id="wgc-antwerpen"),
    )
    return federal, flemish


async def race(api: httpx.AsyncClient, *bodies: dict[str, Any]) -> list[dict[str, Any]]:
    responses = await asyncio.gather(*(api.post("/claims", json=b, headers=billing()) for b in bodies))
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    return [r.json() for r in responses]


async def paid_for_team(api: httpx.AsyncClient, f: Family) -> tuple[int, int]:
    async with sessionmaker_of(api)() as s:
        claims = await s.scalar(
            select(func.count())
            .select_from(orm.claim)
            .where(orm.claim.c.team_id == str(f.team_id), orm.claim.c.status.in_(["ACCEPTED", "REDUCED"]))
        )
        orders = await s.scalar(
            select(func.count())
            .select_from(orm.payment_order.join(orm.claim))
            .where(orm.claim.c.team_id == str(f.team_id))
        )
    return int(claims or 0), int(orders or 0)


async def test_df3_df1_the_same_coordination_role_sent_at_once_to_both_payers_is_accepted_exactly_once(
    api: httpx.AsyncClient,
) -> None:
    for _ in range(ROUNDS):
        f = Family.new()
        await project(api, *standard_trajectory(f))
        federal, flemish = both_payers(f)

        decided = await race(api, federal, flemish)

        assert sorted(c["status"] for c in decided) == ["ACCEPTED", "REJECTED"]
        winner = next(c for c in decided if c["status"] == "ACCEPTED")
        loser = next(c for c in decided if c["status"] == "REJECTED")
        assert "DF_3_SAME_ROLE_OTHER_PAYER" in loser["decision"]["reason_codes"]
        assert winner["payment_order_id"] is not None and loser["payment_order_id"] is None
        assert await paid_for_team(api, f) == (1, 1)
        (finding_id,) = loser["finding_ids"]
        finding = (await api.get(f"/findings/{finding_id}", headers=auth("finance_officer"))).json()
        assert (finding["claim_id"], finding["other_claim_id"]) == (loser["id"], winner["id"])
        assert {finding["payer"], finding["other_payer"]} == {"FEDERAL", "FLEMISH"}


async def test_df5_four_ppa_claims_at_once_pay_exactly_the_two_sessions_of_the_cap(
    api: httpx.AsyncClient,
) -> None:
    for _ in range(3):
        f = Family.new()
        await project(api, *standard_trajectory(f), *(session(f, uuid.uuid4(), on=d) for d in SESSION_DATES))
        bodies = [claim_body(f, "PRENATAL_ADVICE_SESSION", act_date=d.isoformat()) for d in SESSION_DATES]

        decided = await race(api, *bodies)

        assert sorted(c["status"] for c in decided) == ["ACCEPTED", "ACCEPTED", "REJECTED", "REJECTED"]
        assert all(
            "DF_5_CAP_REACHED" in c["decision"]["reason_codes"] for c in decided if c["status"] == "REJECTED"
        )


async def test_df3_without_the_advisory_locks_the_funding_slot_index_still_pays_the_role_once(
    api: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_lock(self: AdvisoryLocks, scopes: Any) -> None:
        return None

    monkeypatch.setattr(AdvisoryLocks, "acquire", no_lock)
    for _ in range(ROUNDS):
        f = Family.new()
        await project(api, *standard_trajectory(f))

        decided = await race(api, *both_payers(f))

        assert sorted(c["status"] for c in decided) == ["ACCEPTED", "REJECTED"]
        assert await paid_for_team(api, f) == (1, 1)


async def test_the_race_is_real_without_locks_and_index_the_same_role_would_be_paid_twice(
    databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guards the two tests above: with both safeguards removed, the same race does pay twice."""

    async def no_lock(self: AdvisoryLocks, scopes: Any) -> None:
        return None

    monkeypatch.setattr(AdvisoryLocks, "acquire", no_lock)
    url = await databases.create("fin_unguarded", migrate="financing:migrations")
    async with financing_app(url) as api:
        async with sessionmaker_of(api)() as s:
            await s.execute(text("DROP INDEX uq_claim_funding_slot"))
            await s.commit()
        outcomes: list[list[str]] = []
        for _ in range(ROUNDS):
            f = Family.new()
            await project(api, *standard_trajectory(f))
            outcomes.append(sorted(c["status"] for c in await race(api, *both_payers(f))))
    assert ["ACCEPTED", "ACCEPTED"] in outcomes, outcomes
