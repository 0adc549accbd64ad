"""Payment-order routes: each mutuality or care fund reads and acknowledges its own orders only."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from financing.adapters.payments import OrderFilter
from financing.api.deps import (
    ACKNOWLEDGE_ORDERS,
    READ_ORDERS,
    LimitQuery,
    OffsetQuery,
    TodayDep,
    UowDep,
    order_viewer,
)
from financing.api.schemas.payments import PaymentOrderPage, PaymentOrderRead
from financing.service import payment_orders
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(
    prefix="/payment-orders", tags=["payment orders"], responses=problem_responses(401, 403, 422)
)


@router.get(
    "",
    response_model=PaymentOrderPage,
    dependencies=[READ_ORDERS],
    summary="List payment orders (a payer: only its own organisation's, from the token's payer_code)",
)
async def list_orders(
    principal: PrincipalDep,
    uow: UowDep,
    payer_organisation_code: Annotated[
        str | None, Query(max_length=20, description="finance officers: filter by organisation")
    ] = None,
    order_status: Annotated[Literal["ISSUED", "ACKNOWLEDGED"] | None, Query(alias="status")] = None,
    batch_id: uuid.UUID | None = None,
    claim_id: uuid.UUID | None = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> PaymentOrderPage:
    filters = OrderFilter(payer_organisation_code, order_status, batch_id, claim_id)
    items, total = await payment_orders.list_orders(
        filters, viewer=order_viewer(principal), uow=uow, limit=limit, offset=offset
    )
    return PaymentOrderPage(
        items=[PaymentOrderRead.of(o) for o in items], total=total, limit=limit, offset=offset
    )


@router.get(
    "/{order_id}",
    response_model=PaymentOrderRead,
    dependencies=[READ_ORDERS],
    responses=problem_responses(404),
    summary="Read a payment order (another organisation's order is a 404)",
)
async def read(order_id: uuid.UUID, principal: PrincipalDep, uow: UowDep) -> PaymentOrderRead:
    return PaymentOrderRead.of(
        await payment_orders.get_order(order_id, viewer=order_viewer(principal), uow=uow)
    )


@router.post(
    "/{order_id}/acknowledgement",
    response_model=PaymentOrderRead,
    dependencies=[ACKNOWLEDGE_ORDERS],
    responses=problem_responses(404),
    summary="The payer organisation acknowledges its order (idempotent; another's order is a 404)",
)
async def acknowledge(
    order_id: uuid.UUID, principal: PrincipalDep, uow: UowDep, today: TodayDep
) -> PaymentOrderRead:
    cmd = payment_orders.AcknowledgeOrder(order_id, principal.subject)
    order = await payment_orders.acknowledge_order(cmd, viewer=order_viewer(principal), uow=uow, today=today)
    return PaymentOrderRead.of(order)
