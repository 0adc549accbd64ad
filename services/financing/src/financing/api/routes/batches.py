"""Payment-batch routes: finance officers run a batch per payer organisation and month, once."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from financing.api.deps import FINANCE, READ_ORDERS, LimitQuery, OffsetQuery, TodayDep, UowDep, order_viewer
from financing.api.schemas.payments import PaymentBatchCreate, PaymentBatchPage, PaymentBatchRead
from financing.service import batches
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(
    prefix="/payment-batches", tags=["payment batches"], responses=problem_responses(401, 403, 422)
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentBatchRead,
    dependencies=[FINANCE],
    responses=problem_responses(404, 409),
    summary="Run the payment batch of one payer organisation for one month (a second run is a 409)",
    description="Totals every order of the organisation issued up to the end of the month and not yet in a "
    "batch. A period that has not started is refused (`PAYMENT_BATCH_PERIOD_IN_FUTURE`); the same "
    "organisation and month twice is `PAYMENT_BATCH_ALREADY_RUN` (unique constraint, also under concurrency).",
)
async def run(
    body: PaymentBatchCreate, principal: PrincipalDep, uow: UowDep, today: TodayDep
) -> PaymentBatchRead:
    return PaymentBatchRead.of(
        await batches.run_batch(body.to_command(principal.subject), uow=uow, today=today)
    )


@router.get(
    "",
    response_model=PaymentBatchPage,
    dependencies=[READ_ORDERS],
    summary="List payment batches (a payer: only its own)",
)
async def list_batches(
    principal: PrincipalDep,
    uow: UowDep,
    payer_organisation_code: Annotated[str | None, Query(max_length=20)] = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> PaymentBatchPage:
    viewer = order_viewer(principal)
    code = viewer.payer_organisation_code or payer_organisation_code
    items, total = await batches.list_batches(
        uow=uow, payer_organisation_code=code, limit=limit, offset=offset
    )
    return PaymentBatchPage(
        items=[PaymentBatchRead.of(b) for b in items], total=total, limit=limit, offset=offset
    )


@router.get(
    "/{batch_id}",
    response_model=PaymentBatchRead,
    dependencies=[READ_ORDERS],
    responses=problem_responses(404),
    summary="Read a payment batch (another organisation's batch is a 404)",
)
async def read(batch_id: uuid.UUID, principal: PrincipalDep, uow: UowDep) -> PaymentBatchRead:
    code = order_viewer(principal).payer_organisation_code
    return PaymentBatchRead.of(await batches.get_batch(batch_id, uow=uow, payer_organisation_code=code))
