"""Held claims are decided again without an operator, against a real PostgreSQL.

* Right after the projection consumer commits a batch that brings the activity of a claim held with
  ACTIVITY_NOT_YET_KNOWN, the claim is decided again (the consumer handlers run through the real batch path,
  wired as the `financing-consumers` process wires them).
* The periodic job of the consumers process runs the use case of `POST /ops/held-claims/reassessment`: after
  the grace period a claim still without its activity is rejected with ACTIVITY_NOT_REGISTERED.

The periodic test judges with a later "today" and so decides every held claim of this module's database: it
stays the last test of the module.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from financing import consumers as financing_consumers
from financing.adapters import orm
from financing.config import FinancingSettings
from financing.consumers import (
    FOLLOW_UP_ACTOR,
    PERIODIC_ACTOR,
    ActivityArrivals,
    HeldClaimsFollowUp,
    background_workers,
    periodic_reassessment,
)
from financing.main import definition
from financing.service.decisions import RuleBook
from financing.service.handlers import ACTIVITY_EVENT_TYPES, PROJECTION_HANDLERS
from shared.config import ServiceSettings
from shared.service import ServiceDefinition
from tests.conftest import auth
from tests.financing.builders import (
    TODAY,
    Family,
    claim_body,
    codes,
    coordinator,
    project,
    registered,
    scenario,
    screening,
    session,
    sessionmaker_of,
    submit,
    team,
)

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer")
DUE = date(2027, 3, 1)  # pregnant on TODAY (2026-11-23): acts of the last 30 days are within the grace period


def rules_of(api: httpx.AsyncClient) -> RuleBook:
    rules: RuleBook = api._transport.app.state.rules  # type: ignore[attr-defined]
    return rules


def follow_up_of(api: httpx.AsyncClient, arrivals: ActivityArrivals) -> HeldClaimsFollowUp:
    return HeldClaimsFollowUp(arrivals, sessionmaker_of(api), rules_of(api), today=lambda: TODAY)


async def claim_of(api: httpx.AsyncClient, claim_id: str) -> dict[str, Any]:
    response = await api.get(f"/claims/{claim_id}", headers=OFFICER)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def history_of(api: httpx.AsyncClient, claim_id: str) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = (await api.get(f"/claims/{claim_id}/decisions", headers=OFFICER)).json()
    return history


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_a_claim_held_because_its_ppa_had_not_arrived_is_accepted_once_the_consumer_applies_the_session(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, registered(f, edd=DUE), scenario(f, "A"))
    held = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-10"))
    assert (held["status"], codes(held)) == ("HELD", ["ACTIVITY_NOT_YET_KNOWN"])
    arrivals = ActivityArrivals()
    follow_up = follow_up_of(api, arrivals)
    worker = asyncio.create_task(follow_up.run())
    session_id = uuid.uuid4()

    try:
        await project(api, session(f, session_id, on=date(2026, 11, 10)), arrivals=arrivals)

        async def paid() -> bool:
            status: str = (await claim_of(api, held["id"]))["status"]
            return status != "HELD"

        await until(paid, "the follow-up of the consumed session")
    finally:
        follow_up.stop()
        await asyncio.wait_for(worker, timeout=10)

    claim = await claim_of(api, held["id"])
    assert (claim["status"], claim["amount"]) == ("ACCEPTED", "48.78")
    assert claim["decision"]["activity_ref"] == str(session_id)
    assert claim["payment_order_id"] is not None
    history = await history_of(api, held["id"])
    assert [(d["outcome"], d["review"], d["decided_by"]) for d in history] == [
        ("HELD", None, "rules"),
        ("ACCEPTED", "REASSESS", FOLLOW_UP_ACTOR),
    ]
    async with sessionmaker_of(api)() as s:
        rows = await s.execute(
            select(orm.outbox.c.topic, orm.outbox.c.value)
            .where(
                orm.outbox.c.event_type.in_(
                    ["financing.claim.decided", "financing.federal_payment_order.issued"]
                )
            )
            .order_by(orm.outbox.c.id)
        )
        events = [(topic, json.loads(value)["payload"]) for topic, value in rows]
    decided = [p for _, p in events if p.get("claim_id") == held["id"] and "outcome" in p]
    assert [p["outcome"] for p in decided] == ["HELD", "ACCEPTED"]
    assert any(t == "financing.payment-orders.federal" and p["claim_id"] == held["id"] for t, p in events)


@pytest.mark.parametrize("act", ["SCREENING", "COORDINATION_YEAR"])
async def test_the_screening_or_the_coordinator_appointment_consumed_late_pays_the_claim_held_for_it(
    api: httpx.AsyncClient, act: str
) -> None:
    f = Family.new()
    start = date(2026, 11, 2)
    await project(api, registered(f, edd=DUE), scenario(f, "B"), team(f, on=date(2026, 10, 20)))
    body = (
        claim_body(f, act, act_date=start.isoformat())
        if act == "SCREENING"
        else claim_body(
            f,
            act,
            act_date=start.isoformat(),
            period_end=(start.replace(year=2027) - timedelta(days=1)).isoformat(),
        )
    )
    held = await submit(api, body)
    assert (held["status"], codes(held)) == ("HELD", ["ACTIVITY_NOT_YET_KNOWN"])
    arrivals = ActivityArrivals()
    fact = screening(f, on=start) if act == "SCREENING" else coordinator(f, on=start)

    await project(api, fact, arrivals=arrivals)
    outcomes = await follow_up_of(api, arrivals).follow_up(arrivals.take())

    assert outcomes == {"ACCEPTED": 1}
    claim = await claim_of(api, held["id"])
    assert claim["status"] == "ACCEPTED"
    assert claim["amount"] == ("22.55" if act == "SCREENING" else "720.00")


async def test_only_activity_events_hand_over_their_client_and_a_client_without_held_claims_costs_one_statement(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    arrivals = ActivityArrivals()

    await project(api, registered(f, edd=DUE), scenario(f, "A"), arrivals=arrivals)
    assert arrivals.take() == frozenset()

    await project(api, session(f, uuid.uuid4(), on=date(2026, 11, 5)), arrivals=arrivals)
    clients = arrivals.take()
    assert clients == frozenset({f.client})

    engine: AsyncEngine = sessionmaker_of(api).kw["bind"]
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        outcomes = await follow_up_of(api, arrivals).follow_up(clients)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)

    assert outcomes == {}
    assert len(statements) == 1, statements
    assert "claim_decision" in statements[0] and "status" in statements[0]


async def test_the_follow_up_takes_only_the_claims_waiting_for_their_activity(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(
        api,
        registered(f, edd=DUE, mutuality_code=None),
        scenario(f, "A"),
        session(f, uuid.uuid4(), on=date(2026, 11, 6)),
    )
    for_review = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-06"))
    waiting = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-07"))
    assert codes(for_review) == ["FIN_20_PAYOUT_ORGANISATION_UNKNOWN"]
    assert codes(waiting) == ["ACTIVITY_NOT_YET_KNOWN"]
    arrivals = ActivityArrivals()

    await project(api, session(f, uuid.uuid4(), on=date(2026, 11, 7), number=2), arrivals=arrivals)
    outcomes = await follow_up_of(api, arrivals).follow_up(arrivals.take())

    # The waiting claim now has its session, but no mutuality can pay it: held for a person (FIN-20).
    assert outcomes == {"HELD": 1}
    assert codes(await claim_of(api, waiting["id"])) == ["FIN_20_PAYOUT_ORGANISATION_UNKNOWN"]
    assert [d["outcome"] for d in await history_of(api, for_review["id"])] == ["HELD"]


def test_the_consumers_process_runs_the_follow_up_and_the_periodic_job_unless_its_interval_is_zero() -> None:
    settings = FinancingSettings()
    rules = RuleBook.from_settings(settings)
    arrivals = ActivityArrivals()
    sessionmaker: Any = object()

    on = background_workers(settings, sessionmaker, rules, arrivals)
    off = background_workers(
        FinancingSettings(reassessment_interval_seconds=0), sessionmaker, rules, arrivals
    )

    assert settings.reassessment_interval_seconds == 3600
    assert [w.name for w in on] == ["financing-held-claims-follow-up", "financing-held-claims-reassessment"]
    assert [w.name for w in off] == ["financing-held-claims-follow-up"]


async def test_the_consumers_process_wires_the_follow_up_into_the_projection_consumer(
    financing_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    async def fake_run_workers(
        defn: ServiceDefinition, settings: ServiceSettings, *, relay: bool, consumers: bool
    ) -> None:
        (spec,) = defn.consumers(settings)
        seen["handlers"] = spec.handlers
        seen["roles"] = (relay, consumers)

    monkeypatch.setattr(financing_consumers, "run_workers", fake_run_workers)
    settings = FinancingSettings(database_url=financing_db_url, reassessment_interval_seconds=0)

    await asyncio.wait_for(financing_consumers.run_consumers_process(definition(), settings), timeout=10)

    wrapped = {t for t, h in seen["handlers"].items() if h is not PROJECTION_HANDLERS[t]}
    assert wrapped == ACTIVITY_EVENT_TYPES
    assert seen["roles"] == (False, True)


async def test_the_periodic_job_pays_late_activities_and_rejects_claims_past_the_grace_period(
    api: httpx.AsyncClient,
) -> None:
    waiting, arrives = Family.new(), Family.new()
    for f in (waiting, arrives):
        await project(api, registered(f, edd=DUE), scenario(f, "A"))
    never = await submit(api, claim_body(waiting, "PRENATAL_ADVICE_SESSION", act_date="2026-11-10"))
    late = await submit(api, claim_body(arrives, "PRENATAL_ADVICE_SESSION", act_date="2026-11-10"))
    await project(api, session(arrives, uuid.uuid4(), on=date(2026, 11, 10)))  # a consumer without follow-up
    settings = FinancingSettings(reassessment_interval_seconds=3600)
    now = periodic_reassessment(settings, sessionmaker_of(api), rules_of(api), today=lambda: TODAY)
    assert now is not None
    worker = asyncio.create_task(now.run())  # the first run is at start, then every interval

    async def ran() -> bool:
        return now.runs >= 1

    try:
        await until(ran, "the first periodic run")
    finally:
        now.stop()
        await asyncio.wait_for(worker, timeout=10)

    assert (await claim_of(api, late["id"]))["status"] == "ACCEPTED"
    assert [d["outcome"] for d in await history_of(api, never["id"])] == ["HELD"]  # within the grace period

    grace_passed = date(2026, 11, 10) + timedelta(days=31)
    later = periodic_reassessment(settings, sessionmaker_of(api), rules_of(api), today=lambda: grace_passed)
    assert later is not None
    await later.run_once()

    claim = await claim_of(api, never["id"])
    assert (claim["status"], codes(claim)) == ("REJECTED", ["ACTIVITY_NOT_REGISTERED"])
    history = await history_of(api, never["id"])
    assert [(d["outcome"], d["review"], d["decided_by"]) for d in history] == [
        ("HELD", None, "rules"),
        ("REJECTED", "REASSESS", PERIODIC_ACTOR),
    ]
    assert [d["outcome"] for d in await history_of(api, late["id"])] == ["HELD", "ACCEPTED"]
