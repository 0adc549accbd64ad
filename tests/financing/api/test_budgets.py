"""FIN-50 budgets per payer, year and act: committed by payment orders, 80% and 100% reported once."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from financing.adapters import orm
from tests.conftest import auth
from tests.financing.builders import (
    Family,
    billing,
    claim_body,
    project,
    session,
    sessionmaker_of,
    standard_trajectory,
    submit,
)

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer", subject="officer-9")


async def set_budget(api: httpx.AsyncClient, path: str, amount: Any) -> httpx.Response:
    return await api.put(f"/budgets/{path}", json={"amount": amount}, headers=OFFICER)


async def alerts(api: httpx.AsyncClient, act: str) -> list[int]:
    async with sessionmaker_of(api)() as s:
        rows = await s.execute(
            select(orm.outbox.c.value, orm.outbox.c.key).where(
                orm.outbox.c.event_type == "financing.budget.threshold_passed"
            )
        )
        payloads = [(json.loads(v)["payload"], k) for v, k in rows.all()]
    assert all(k == f"{p['payer']}:{p['year']}:{p['act']}" for p, k in payloads)
    return sorted(p["threshold_percent"] for p, _ in payloads if p["act"] == act)


async def screened(api: httpx.AsyncClient) -> dict[str, Any]:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    return await submit(api, claim_body(f, "SCREENING"))


async def test_fin50_accepted_claims_commit_the_budget_and_80_and_100_percent_are_reported_once(
    api: httpx.AsyncClient,
) -> None:
    assert (await set_budget(api, "FEDERAL/2025/SCREENING", "50.00")).status_code == 200

    for expected in ([], [80], [80, 100], [80, 100]):
        assert (await screened(api))["status"] == "ACCEPTED"
        assert await alerts(api, "SCREENING") == expected

    (line,) = [
        b for b in (await api.get("/budgets?year=2025", headers=OFFICER)).json() if b["act"] == "SCREENING"
    ]
    assert (line["amount"], line["committed"], line["utilisation_percent"]) == ("50.00", "90.20", "180.40")
    assert line["reported_threshold_percent"] == 100


async def test_fin50_a_budget_set_after_the_orders_recounts_them_and_reports_what_is_already_passed(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f), session(f, uuid.uuid4(), on=date(2025, 11, 20)))
    await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION"))

    tight = await set_budget(api, "FEDERAL/2025/PRENATAL_ADVICE_SESSION", "60")
    raised = await set_budget(api, "FEDERAL/2025/PRENATAL_ADVICE_SESSION", "1000.00")

    assert (tight.json()["committed"], tight.json()["utilisation_percent"]) == ("48.78", "81.30")
    assert tight.json()["reported_threshold_percent"] == 80
    assert raised.json()["reported_threshold_percent"] is None
    assert await alerts(api, "PRENATAL_ADVICE_SESSION") == [80]


async def test_fin50_claims_accepted_at_the_same_moment_report_each_threshold_exactly_once(
    api: httpx.AsyncClient,
) -> None:
    await set_budget(api, "FEDERAL/2025/COORDINATION_YEAR", "1000.00")
    families = [Family.new() for _ in range(3)]
    for f in families:
        await project(api, *standard_trajectory(f))

    responses = await asyncio.gather(
        *(api.post("/claims", json=claim_body(f, "COORDINATION_YEAR"), headers=billing()) for f in families)
    )

    assert [r.json()["status"] for r in responses] == ["ACCEPTED"] * 3
    assert await alerts(api, "COORDINATION_YEAR") == [80, 100]


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (1000.5, "VALIDATION_ERROR"),
        ("-5", "VALIDATION_ERROR"),
        ("12.345", "VALIDATION_ERROR"),
        ("0", "FIN_INVALID_BUDGET"),
    ],
)
async def test_a_budget_amount_is_a_positive_decimal_string(
    api: httpx.AsyncClient, amount: Any, code: str
) -> None:
    response = await set_budget(api, "FLEMISH/2027/CASE_MANAGEMENT", amount)

    assert response.status_code == 422
    assert response.json()["code"] == code


async def test_budgets_are_set_by_finance_officers_and_read_by_ops(api: httpx.AsyncClient) -> None:
    body = {"amount": "100.00"}
    assert (
        await api.put("/budgets/FLEMISH/2027/SCREENING", json=body, headers=auth("billing_system"))
    ).status_code == 403
    assert (
        await api.put("/budgets/FLEMISH/2027/SCREENING", json=body, headers=auth("ops"))
    ).status_code == 403
    assert (await api.put("/budgets/FLEMISH/2027/MASSAGE", json=body, headers=OFFICER)).status_code == 422
    assert (await api.put("/budgets/FLEMISH/2027/SCREENING", json=body, headers=OFFICER)).status_code == 200
    listed = await api.get("/budgets?payer=FLEMISH&year=2027", headers=auth("ops"))
    assert [(b["act"], b["amount"], b["committed"]) for b in listed.json()] == [
        ("SCREENING", "100.00", "0.00")
    ]
