"""Payment orders per payer organisation, their topics and keys, and each payer seeing only its own orders."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from financing.adapters import orm
from shared.events.contracts.topics import FINANCING_EVENTS, PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH
from tests.conftest import auth
from tests.financing.builders import (
    Family,
    claim_body,
    project,
    provider,
    sessionmaker_of,
    standard_trajectory,
    submit,
)

pytestmark = pytest.mark.integration

SOLIDARIS = auth("payer", subject="solidaris", payer_code="300")
CM = auth("payer", subject="cm", payer_code="100")
SOLIDARIS_CARE_FUND = auth("payer", subject="solidaris-zorgkas", payer_code="zk-sol")
OFFICER = auth("finance_officer")


async def paid_family(api: httpx.AsyncClient) -> tuple[Family, dict[str, Any], dict[str, Any]]:
    """A screening paid federally (mutuality 300) and a coordination year paid by the care fund (ZK-SOL)."""
    f = Family.new()
    await project(api, *standard_trajectory(f))
    federal = await submit(api, claim_body(f, "SCREENING"))
    flemish = await submit(
        api,
        claim_body(
            f,
            "COORDINATION_YEAR",
            payer="FLEMISH",
            provider=provider("nurse-1", "NURSE", "FLEMISH", organisation_id="w"),
        ),
    )
    return f, federal, flemish


async def outbox_row(api: httpx.AsyncClient, event_id_field: str, value: str) -> Any:
    async with sessionmaker_of(api)() as s:
        rows = (await s.execute(select(orm.outbox))).all()
    return next(r for r in rows if json.loads(r.value)["payload"].get(event_id_field) == value)


async def test_fin20_fin30_accepted_claims_become_orders_on_their_channel_keyed_by_the_payer_organisation(
    api: httpx.AsyncClient,
) -> None:
    _, federal, flemish = await paid_family(api)

    federal_order = (await api.get(f"/payment-orders/{federal['payment_order_id']}", headers=OFFICER)).json()
    flemish_order = (await api.get(f"/payment-orders/{flemish['payment_order_id']}", headers=OFFICER)).json()

    assert (federal_order["payer_organisation_code"], federal_order["payer_organisation_kind"]) == (
        "300",
        "MUTUALITY",
    )
    assert (flemish_order["payer_organisation_code"], flemish_order["payer_organisation_kind"]) == (
        "ZK-SOL",
        "CARE_FUND",
    )
    assert (federal_order["amount"], flemish_order["amount"]) == ("22.55", "720.00")
    row = await outbox_row(api, "order_id", federal["payment_order_id"])
    assert (row.topic, row.key, row.event_type) == (
        PAYMENT_ORDERS_FEDERAL,
        "300",
        "financing.federal_payment_order.issued",
    )
    payload = json.loads(row.value)["payload"]
    assert payload["amount"] == "22.55" and payload["currency"] == "EUR"
    row = await outbox_row(api, "order_id", flemish["payment_order_id"])
    assert (row.topic, row.key) == (PAYMENT_ORDERS_FLEMISH, "ZK-SOL")


async def test_a_payer_sees_only_its_own_orders(api: httpx.AsyncClient) -> None:
    _, federal, flemish = await paid_family(api)

    own = await api.get("/payment-orders?limit=200", headers=SOLIDARIS)
    asked_for_other = await api.get(
        "/payment-orders?payer_organisation_code=ZK-SOL&limit=200", headers=SOLIDARIS
    )
    others_order = await api.get(f"/payment-orders/{flemish['payment_order_id']}", headers=SOLIDARIS)
    other_mutuality = await api.get(f"/payment-orders/{federal['payment_order_id']}", headers=CM)
    care_fund = await api.get(f"/payment-orders/{flemish['payment_order_id']}", headers=SOLIDARIS_CARE_FUND)

    assert federal["payment_order_id"] in {o["id"] for o in own.json()["items"]}
    assert {o["payer_organisation_code"] for o in own.json()["items"]} == {"300"}
    assert {o["payer_organisation_code"] for o in asked_for_other.json()["items"]} == {"300"}
    assert others_order.status_code == 404 and others_order.json()["code"] == "PAYMENT_ORDER_NOT_FOUND"
    assert other_mutuality.status_code == 404
    assert care_fund.status_code == 200 and care_fund.json()["payer_organisation_code"] == "ZK-SOL"


async def test_a_payer_acknowledges_its_own_order_once_and_never_anothers(api: httpx.AsyncClient) -> None:
    f, federal, flemish = await paid_family(api)
    order_id = federal["payment_order_id"]

    foreign = await api.post(
        f"/payment-orders/{flemish['payment_order_id']}/acknowledgement", headers=SOLIDARIS
    )
    first = await api.post(f"/payment-orders/{order_id}/acknowledgement", headers=SOLIDARIS)
    second = await api.post(f"/payment-orders/{order_id}/acknowledgement", headers=SOLIDARIS)

    assert foreign.status_code == 404
    assert first.status_code == 200 and first.json()["status"] == "ACKNOWLEDGED"
    assert second.status_code == 200 and second.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    async with sessionmaker_of(api)() as s:
        acks = (
            await s.execute(
                select(orm.outbox).where(orm.outbox.c.event_type == "financing.payment_order.acknowledged")
            )
        ).all()
    mine = [r for r in acks if json.loads(r.value)["payload"]["order_id"] == order_id]
    assert len(mine) == 1
    assert (mine[0].topic, mine[0].key) == (FINANCING_EVENTS, f.client)
    flemish_now = (await api.get(f"/payment-orders/{flemish['payment_order_id']}", headers=OFFICER)).json()
    assert flemish_now["status"] == "ISSUED"


async def test_payment_order_access_needs_a_payer_with_its_code_or_a_finance_officer(
    api: httpx.AsyncClient,
) -> None:
    _, federal, _ = await paid_family(api)
    order = f"/payment-orders/{federal['payment_order_id']}"

    assert (await api.get(order)).status_code == 401
    assert (await api.get(order, headers=auth("billing_system"))).status_code == 403
    no_code = await api.get(order, headers=auth("payer"))
    assert no_code.status_code == 403 and no_code.json()["code"] == "PAYER_CODE_REQUIRED"
    officer_ack = await api.post(f"{order}/acknowledgement", headers=OFFICER)
    assert officer_ack.status_code == 403
    assert (await api.get(f"/payment-orders/{uuid.uuid4()}", headers=SOLIDARIS)).status_code == 404


async def test_a_finance_officer_sees_every_organisations_orders_and_filters_them(
    api: httpx.AsyncClient,
) -> None:
    _, federal, flemish = await paid_family(api)

    everything = await api.get("/payment-orders?limit=200", headers=OFFICER)
    care_funds = await api.get("/payment-orders?payer_organisation_code=ZK-SOL&limit=200", headers=OFFICER)
    by_claim = await api.get(f"/payment-orders?claim_id={flemish['id']}", headers=OFFICER)

    ids = {o["id"] for o in everything.json()["items"]}
    assert {federal["payment_order_id"], flemish["payment_order_id"]} <= ids
    assert {o["payer_organisation_code"] for o in care_funds.json()["items"]} == {"ZK-SOL"}
    assert [o["id"] for o in by_claim.json()["items"]] == [flemish["payment_order_id"]]
