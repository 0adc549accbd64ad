"""Persistence of budget lines (payer, year, act) and their committed amount (FIN-50)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import RowMapping, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from financing.adapters import orm


@dataclass(frozen=True)
class StoredBudget:
    payer: str
    year: int
    act: str
    amount: Decimal
    committed: Decimal
    reported_threshold: Decimal | None
    set_by: str
    updated_at: datetime


def _budget_of(row: RowMapping) -> StoredBudget:
    return StoredBudget(**{k: row[k] for k in StoredBudget.__dataclass_fields__})


class BudgetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(
        self, payer: str, year: int, act: str, *, amount: Decimal, committed: Decimal, by: str, at: datetime
    ) -> StoredBudget:
        """Set a budget line (locking it); its committed amount is recomputed by the caller."""
        t = orm.budget
        stmt = insert(t).values(
            payer=payer, year=year, act=act, amount=amount, committed=committed, set_by=by, updated_at=at
        )
        row = (
            await self._session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["payer", "year", "act"],
                    set_={"amount": amount, "committed": committed, "set_by": by, "updated_at": at},
                ).returning(*t.c)
            )
        ).one()
        return _budget_of(row._mapping)

    async def commit(self, payer: str, year: int, act: str, amount: Decimal) -> StoredBudget | None:
        """Add a commitment to the line (row-locked until the transaction ends); None when no budget is set."""
        t = orm.budget
        row = (
            await self._session.execute(
                update(t)
                .where(t.c.payer == payer, t.c.year == year, t.c.act == act)
                .values(committed=t.c.committed + amount)
                .returning(*t.c)
            )
        ).first()
        return _budget_of(row._mapping) if row is not None else None

    async def set_reported(self, payer: str, year: int, act: str, threshold: Decimal | None) -> None:
        t = orm.budget
        await self._session.execute(
            update(t)
            .where(t.c.payer == payer, t.c.year == year, t.c.act == act)
            .values(reported_threshold=threshold)
        )

    async def list(self, *, payer: str | None = None, year: int | None = None) -> list[StoredBudget]:
        t = orm.budget
        conditions = []
        if payer is not None:
            conditions.append(t.c.payer == payer)
        if year is not None:
            conditions.append(t.c.year == year)
        rows = await self._session.execute(
            select(t).where(*conditions).order_by(t.c.year, t.c.payer, t.c.act)
        )
        return [_budget_of(r._mapping) for r in rows]
