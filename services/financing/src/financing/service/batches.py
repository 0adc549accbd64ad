"""Periodic payment batches: per payer organisation and month, the orders are totalled and closed once.

A batch for period YYYY-MM takes every order of the organisation issued up to the end of that month that
is in no batch yet (so an order issued after an early run of its month is picked up by the next batch and
never lost). The same organisation and period can run only once: the unique constraint on
(payer_organisation_code, period) refuses a second run, also when two runs start at the same moment.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from financing.adapters.payments import StoredBatch
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.payers_reference import payer_organisation
from financing.service.common import SOURCE, amount_str
from shared.db import utcnow
from shared.errors import Conflict, NotFound, RuleViolated
from shared.events.contracts.financing import PaymentBatchClosedV1
from shared.events.envelope import new_envelope
from shared.logging import get_logger

log = get_logger(__name__)


class PaymentBatchAlreadyRun(Conflict):
    code = "PAYMENT_BATCH_ALREADY_RUN"


class PaymentBatchPeriodInFuture(RuleViolated):
    code = "PAYMENT_BATCH_PERIOD_IN_FUTURE"


class PaymentBatchNotFound(NotFound):
    code = "PAYMENT_BATCH_NOT_FOUND"


@dataclass(frozen=True)
class RunPaymentBatch:
    payer_organisation_code: str
    year: int
    month: int
    closed_by: str

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


async def run_batch(cmd: RunPaymentBatch, *, uow: FinancingUnitOfWork, today: date) -> StoredBatch:
    """Total and close the batch of one payer organisation for one month (once)."""
    organisation = payer_organisation(cmd.payer_organisation_code)  # FIN_PAYER_ORGANISATION_UNKNOWN
    start = date(cmd.year, cmd.month, 1)
    end = date(cmd.year, cmd.month, calendar.monthrange(cmd.year, cmd.month)[1])
    if start > today:
        raise PaymentBatchPeriodInFuture(f"The period {cmd.period} has not started yet.")
    async with uow:
        batch = StoredBatch(
            batch_id=uuid.uuid4(),
            payer=organisation.payer.value,
            payer_organisation_code=organisation.code,
            period=cmd.period,
            period_start=start,
            period_end=end,
            order_count=0,
            total_amount=Decimal("0.00"),
            closed_by=cmd.closed_by,
            closed_at=utcnow(),
        )
        if not await uow.batches.add(batch):
            raise PaymentBatchAlreadyRun(f"The {cmd.period} batch of {organisation.code} was already run.")
        count, total = await uow.orders.assign_unbatched(organisation.code, end, batch.batch_id)
        await uow.batches.set_totals(batch.batch_id, count, total)
        payload = PaymentBatchClosedV1(
            batch_id=batch.batch_id,
            payer=organisation.payer.value,
            payer_organisation_code=organisation.code,
            period=cmd.period,
            order_count=count,
            total_amount=amount_str(total),
            closed_on=today,
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=organisation.code))
        await uow.commit()
    log.info("payment_batch_closed", payer_organisation=organisation.code, period=cmd.period, orders=count)
    return StoredBatch(**{**batch.__dict__, "order_count": count, "total_amount": total})


async def get_batch(
    batch_id: uuid.UUID, *, uow: FinancingUnitOfWork, payer_organisation_code: str | None
) -> StoredBatch:
    async with uow:
        batch = await uow.batches.get(batch_id)
    if batch is None or (
        payer_organisation_code is not None and batch.payer_organisation_code != payer_organisation_code
    ):
        raise PaymentBatchNotFound("No payment batch with this id for this payer organisation.")
    return batch


async def list_batches(
    *, uow: FinancingUnitOfWork, payer_organisation_code: str | None, limit: int, offset: int
) -> tuple[list[StoredBatch], int]:
    async with uow:
        return await uow.batches.list(
            payer_organisation_code=payer_organisation_code, limit=limit, offset=offset
        )
