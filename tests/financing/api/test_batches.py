"""Periodic payment batches per payer organisation and month (real PostgreSQL; unique per period)."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from financing.adapters import orm
from shared.events.contracts.topics import FINANCING_EVENTS
from tests.conftest import auth
from tests.financing.builders import (
    Family,
    claim_body,
    project,
    session,
    sessionmaker_of,
    standard_trajectory,
    submit,
)
from tests.financing.conftest import financing_app

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer", subject="officer-3")


async def paid_federally(api: httpx.AsyncClient, mutuality_code: str) -> Family:
    """Screening (22.55), one PPA (48.78) and a coordination year (720.00) paid through `mutuality_code`."""
    f = Family.new()
    await project(
        api,
        *standard_trajectory(f, mutuality_code=mutuality_code),
        session(f, uuid.uuid4(), on=date(2025, 11, 20)),
    )
    for act in ("SCREENING", "PRENATAL_ADVICE_SESSION", "COORDINATION_YEAR"):
        assert (await submit(api, claim_body(f, act)))["status"] == "ACCEPTED"
    return f


async def run(api: httpx.AsyncClient, code: str, period: str) -> httpx.Response:
    return await api.post(
        "/payment-batches", json={"payer_organisation_code": code, "period": period}, headers=OFFICER
    )


async def test_a_batch_totals_the_organisations_orders_of_the_period_and_runs_only_once(
    api: httpx.AsyncClient,
) -> None:
    await paid_federally(api, "500")

    first = await run(api, "500", "2026-11")
    second = await run(api, "500", "2026-11")

    assert first.status_code == 201, first.text
    batch = first.json()
    assert (batch["order_count"], batch["total_amount"], batch["payer"]) == (3, "791.33", "FEDERAL")
    assert (batch["period_start"], batch["period_end"], batch["closed_by"]) == (
        "2026-11-01",
        "2026-11-30",
        "officer-3",
    )
    assert second.status_code == 409 and second.json()["code"] == "PAYMENT_BATCH_ALREADY_RUN"
    orders = (await api.get(f"/payment-orders?batch_id={batch['id']}", headers=OFFICER)).json()
    assert orders["total"] == 3 and {o["payer_organisation_code"] for o in orders["items"]} == {"500"}
    async with sessionmaker_of(api)() as s:
        row = (
            await s.execute(
                select(orm.outbox).where(orm.outbox.c.event_type == "financing.payment_batch.closed")
            )
        ).all()
    closed = [r for r in row if json.loads(r.value)["payload"]["batch_id"] == batch["id"]]
    assert (closed[0].topic, closed[0].key) == (FINANCING_EVENTS, "500")
    assert json.loads(closed[0].value)["payload"]["total_amount"] == "791.33"


async def test_two_runs_of_the_same_batch_at_the_same_moment_close_it_once(api: httpx.AsyncClient) -> None:
    await paid_federally(api, "200")

    responses = await asyncio.gather(run(api, "200", "2026-11"), run(api, "200", "2026-11"))

    assert sorted(r.status_code for r in responses) == [201, 409]


async def test_an_order_issued_after_its_month_was_batched_goes_into_the_next_batch(
    financing_db_url: str,
) -> None:
    async with financing_app(financing_db_url) as api:
        await paid_federally(api, "400")
        october = await run(api, "400", "2026-10")
        november = await run(api, "400", "2026-11")
        late = Family.new()
        await project(api, *standard_trajectory(late, mutuality_code="400"))
        await submit(api, claim_body(late, "SCREENING"))
        december_too_early = await run(api, "400", "2026-12")
    async with financing_app(financing_db_url, today=date(2027, 1, 4)) as api:
        december = await run(api, "400", "2026-12")

    assert october.json()["order_count"] == 0
    assert november.json()["order_count"] == 3
    assert december_too_early.status_code == 422
    assert december_too_early.json()["code"] == "PAYMENT_BATCH_PERIOD_IN_FUTURE"
    assert (december.json()["order_count"], december.json()["total_amount"]) == (1, "22.55")


async def test_batch_input_and_roles(api: httpx.AsyncClient) -> None:
    unknown = await run(api, "ZK-XYZ", "2026-11")
    bad_period = await run(api, "300", "2026-13")
    as_payer = await api.post(
        "/payment-batches",
        json={"payer_organisation_code": "300", "period": "2026-11"},
        headers=auth("payer", payer_code="300"),
    )

    assert unknown.status_code == 404 and unknown.json()["code"] == "FIN_PAYER_ORGANISATION_UNKNOWN"
    assert bad_period.status_code == 422 and bad_period.json()["code"] == "VALIDATION_ERROR"
    assert as_payer.status_code == 403


async def test_a_payer_reads_its_own_batches_only(api: httpx.AsyncClient) -> None:
    await paid_federally(api, "900")
    batch = (await run(api, "900", "2026-11")).json()

    own = await api.get(f"/payment-batches/{batch['id']}", headers=auth("payer", payer_code="900"))
    other = await api.get(f"/payment-batches/{batch['id']}", headers=auth("payer", payer_code="300"))
    listed = await api.get("/payment-batches", headers=auth("payer", payer_code="300"))

    assert own.status_code == 200 and own.json()["total_amount"] == "791.33"
    assert other.status_code == 404 and other.json()["code"] == "PAYMENT_BATCH_NOT_FOUND"
    assert all(b["payer_organisation_code"] == "300" for b in listed.json()["items"])
