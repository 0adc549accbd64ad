"""Persistence of payment orders and payment batches."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from financing.adapters import orm


@dataclass(frozen=True)
class StoredOrder:
    order_id: uuid.UUID
    claim_id: uuid.UUID
    payer: str
    payer_organisation_code: str
    payer_organisation_kind: str
    amount: Decimal
    act: str
    act_date: date
    period_end: date | None
    units: int | None
    client_pseudonym: str
    pregnancy_id: uuid.UUID | None
    payee_professional_id: str
    payee_organisation_id: str | None
    issued_on: date
    issued_at: datetime
    status: str = "ISSUED"
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    batch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class StoredBatch:
    batch_id: uuid.UUID
    payer: str
    payer_organisation_code: str
    period: str
    period_start: date
    period_end: date
    order_count: int
    total_amount: Decimal
    closed_by: str
    closed_at: datetime


@dataclass(frozen=True)
class OrderFilter:
    payer_organisation_code: str | None = None
    status: str | None = None
    batch_id: uuid.UUID | None = None
    claim_id: uuid.UUID | None = None


def _order_of(row: RowMapping) -> StoredOrder:
    return StoredOrder(**{k: row[k] for k in StoredOrder.__dataclass_fields__})


def _batch_of(row: RowMapping) -> StoredBatch:
    return StoredBatch(**{k: row[k] for k in StoredBatch.__dataclass_fields__})


class PaymentOrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, order: StoredOrder) -> None:
        values = {k: getattr(order, k) for k in StoredOrder.__dataclass_fields__}
        await self._session.execute(orm.payment_order.insert().values(**values))

    async def get(self, order_id: uuid.UUID, *, for_update: bool = False) -> StoredOrder | None:
        t = orm.payment_order
        stmt = select(t).where(t.c.order_id == order_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).first()
        return _order_of(row._mapping) if row is not None else None

    async def of_claim(self, claim_id: uuid.UUID) -> StoredOrder | None:
        t = orm.payment_order
        row = (await self._session.execute(select(t).where(t.c.claim_id == claim_id))).first()
        return _order_of(row._mapping) if row is not None else None

    async def acknowledge(self, order_id: uuid.UUID, *, by: str, at: datetime) -> None:
        t = orm.payment_order
        await self._session.execute(
            update(t)
            .where(t.c.order_id == order_id)
            .values(status="ACKNOWLEDGED", acknowledged_by=by, acknowledged_at=at)
        )

    async def list(self, filters: OrderFilter, *, limit: int, offset: int) -> tuple[list[StoredOrder], int]:
        t = orm.payment_order
        conditions = []
        if filters.payer_organisation_code is not None:
            conditions.append(t.c.payer_organisation_code == filters.payer_organisation_code)
        if filters.status is not None:
            conditions.append(t.c.status == filters.status)
        if filters.batch_id is not None:
            conditions.append(t.c.batch_id == filters.batch_id)
        if filters.claim_id is not None:
            conditions.append(t.c.claim_id == filters.claim_id)
        total = await self._session.scalar(select(func.count()).select_from(t).where(*conditions))
        rows = await self._session.execute(
            select(t)
            .where(*conditions)
            .order_by(t.c.issued_at.desc(), t.c.order_id)
            .limit(limit)
            .offset(offset)
        )
        return [_order_of(r._mapping) for r in rows], int(total or 0)

    async def assign_unbatched(
        self, payer_organisation_code: str, up_to: date, batch_id: uuid.UUID
    ) -> tuple[int, Decimal]:
        """Put every order of the organisation issued up to `up_to` and not yet batched into the batch."""
        t = orm.payment_order
        rows = await self._session.execute(
            update(t)
            .where(
                t.c.payer_organisation_code == payer_organisation_code,
                t.c.batch_id.is_(None),
                t.c.issued_on <= up_to,
            )
            .values(batch_id=batch_id)
            .returning(t.c.amount)
        )
        amounts = [r.amount for r in rows]
        return len(amounts), sum(amounts, Decimal("0.00"))

    async def committed(self, payer: str, year: int, act: str) -> Decimal:
        """FIN-50: what the orders of a payer commit for an act in a year (by act date)."""
        t = orm.payment_order
        total = await self._session.scalar(
            select(func.coalesce(func.sum(t.c.amount), 0)).where(
                t.c.payer == payer,
                t.c.act == act,
                t.c.act_date >= date(year, 1, 1),
                t.c.act_date <= date(year, 12, 31),
            )
        )
        return Decimal(total or 0)


class PaymentBatchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, batch: StoredBatch) -> bool:
        """Insert the batch; False when the organisation's batch for that period already exists (or is running)."""
        t = orm.payment_batch
        values = {k: getattr(batch, k) for k in StoredBatch.__dataclass_fields__}
        inserted = await self._session.execute(
            insert(t)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["payer_organisation_code", "period"])
            .returning(t.c.batch_id)
        )
        return inserted.first() is not None

    async def set_totals(self, batch_id: uuid.UUID, order_count: int, total: Decimal) -> None:
        t = orm.payment_batch
        await self._session.execute(
            update(t).where(t.c.batch_id == batch_id).values(order_count=order_count, total_amount=total)
        )

    async def get(self, batch_id: uuid.UUID) -> StoredBatch | None:
        t = orm.payment_batch
        row = (await self._session.execute(select(t).where(t.c.batch_id == batch_id))).first()
        return _batch_of(row._mapping) if row is not None else None

    async def list(
        self, *, payer_organisation_code: str | None, limit: int, offset: int
    ) -> tuple[list[StoredBatch], int]:
        t = orm.payment_batch
        conditions = []
        if payer_organisation_code is not None:
            conditions.append(t.c.payer_organisation_code == payer_organisation_code)
        total = await self._session.scalar(select(func.count()).select_from(t).where(*conditions))
        rows = await self._session.execute(
            select(t)
            .where(*conditions)
            .order_by(t.c.period.desc(), t.c.payer_organisation_code)
            .limit(limit)
            .offset(offset)
        )
        return [_batch_of(r._mapping) for r in rows], int(total or 0)
