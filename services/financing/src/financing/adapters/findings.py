"""Persistence of double-funding findings (DF-1, DF-2, DF-3, DF-7): both sides named, resolution kept."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from financing.adapters import orm


@dataclass(frozen=True)
class StoredFinding:
    finding_id: uuid.UUID
    kind: str
    rule: str
    reason_code: str
    effect: str
    claim_id: uuid.UUID
    payer: str
    act: str
    other_claim_id: uuid.UUID
    other_payer: str
    other_act: str
    client_pseudonym: str
    pregnancy_id: uuid.UUID | None
    team_id: str | None
    detail: str
    raised_at: datetime
    status: str = "OPEN"
    resolution: str | None = None
    justification: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class FindingFilter:
    status: str | None = None
    rule: str | None = None
    claim_id: uuid.UUID | None = None
    pregnancy_id: uuid.UUID | None = None


def _finding_of(row: RowMapping) -> StoredFinding:
    return StoredFinding(**{k: row[k] for k in StoredFinding.__dataclass_fields__})


class FindingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, finding: StoredFinding) -> tuple[StoredFinding, bool]:
        """Record a finding once per (claim, other claim, kind); return the stored one and whether it is new."""
        t = orm.double_funding_finding
        values = {k: getattr(finding, k) for k in StoredFinding.__dataclass_fields__}
        inserted = await self._session.execute(
            insert(t)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["claim_id", "other_claim_id", "kind"])
            .returning(t.c.finding_id)
        )
        if inserted.first() is not None:
            return finding, True
        row = (
            await self._session.execute(
                select(t).where(
                    t.c.claim_id == finding.claim_id,
                    t.c.other_claim_id == finding.other_claim_id,
                    t.c.kind == finding.kind,
                )
            )
        ).one()
        return _finding_of(row._mapping), False

    async def get(self, finding_id: uuid.UUID, *, for_update: bool = False) -> StoredFinding | None:
        t = orm.double_funding_finding
        stmt = select(t).where(t.c.finding_id == finding_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).first()
        return _finding_of(row._mapping) if row is not None else None

    async def of_claim(self, claim_id: uuid.UUID) -> list[StoredFinding]:
        """Findings raised against this claim (it is the newer side)."""
        t = orm.double_funding_finding
        rows = await self._session.execute(
            select(t).where(t.c.claim_id == claim_id).order_by(t.c.raised_at, t.c.finding_id)
        )
        return [_finding_of(r._mapping) for r in rows]

    async def resolve(
        self, finding_id: uuid.UUID, *, resolution: str, justification: str, by: str, at: datetime
    ) -> None:
        t = orm.double_funding_finding
        await self._session.execute(
            update(t)
            .where(t.c.finding_id == finding_id)
            .values(
                status="RESOLVED",
                resolution=resolution,
                justification=justification,
                resolved_by=by,
                resolved_at=at,
            )
        )

    async def list(
        self, filters: FindingFilter, *, limit: int, offset: int
    ) -> tuple[list[StoredFinding], int]:
        t = orm.double_funding_finding
        conditions = []
        if filters.status is not None:
            conditions.append(t.c.status == filters.status)
        if filters.rule is not None:
            conditions.append(t.c.rule == filters.rule)
        if filters.claim_id is not None:
            conditions.append((t.c.claim_id == filters.claim_id) | (t.c.other_claim_id == filters.claim_id))
        if filters.pregnancy_id is not None:
            conditions.append(t.c.pregnancy_id == filters.pregnancy_id)
        total = await self._session.scalar(select(func.count()).select_from(t).where(*conditions))
        rows = await self._session.execute(
            select(t)
            .where(*conditions)
            .order_by(t.c.raised_at.desc(), t.c.finding_id)
            .limit(limit)
            .offset(offset)
        )
        return [_finding_of(r._mapping) for r in rows], int(total or 0)
