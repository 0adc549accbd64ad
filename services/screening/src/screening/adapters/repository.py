"""Persistence of the screening aggregates (rows <-> plain values)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from screening.adapters import orm


@dataclass(frozen=True)
class PregnancyRecord:
    id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    first_contact_professional_id: str | None


class PregnancyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, pregnancy_id: uuid.UUID) -> PregnancyRecord | None:
        row = (
            await self._session.execute(select(orm.pregnancy).where(orm.pregnancy.c.id == pregnancy_id))
        ).first()
        return _record(row) if row else None

    async def find(self, client_pseudonym: str, expected_delivery_date: date) -> PregnancyRecord | None:
        t = orm.pregnancy
        row = (
            await self._session.execute(
                select(t).where(
                    t.c.client_pseudonym == client_pseudonym,
                    t.c.expected_delivery_date == expected_delivery_date,
                )
            )
        ).first()
        return _record(row) if row else None

    async def add(self, record: PregnancyRecord, *, encrypted_number: bytes, registered_by: str) -> bool:
        """Insert the pregnancy; False when the same client's same pregnancy exists (also under a race)."""
        result = await self._session.execute(
            insert(orm.pregnancy)
            .values(
                id=record.id,
                client_pseudonym=record.client_pseudonym,
                national_number_encrypted=encrypted_number,
                expected_delivery_date=record.expected_delivery_date,
                residence_nis=record.residence_nis,
                mutuality_code=record.mutuality_code,
                care_fund_code=record.care_fund_code,
                first_contact_professional_id=record.first_contact_professional_id,
                registered_by=registered_by,
            )
            .on_conflict_do_nothing(constraint="uq_pregnancy_client_edd")
            .returning(orm.pregnancy.c.id)
        )
        return result.first() is not None


def _record(row: object) -> PregnancyRecord:
    m = row._mapping  # type: ignore[attr-defined]
    return PregnancyRecord(
        id=m["id"],
        client_pseudonym=m["client_pseudonym"],
        expected_delivery_date=m["expected_delivery_date"],
        residence_nis=m["residence_nis"],
        mutuality_code=m["mutuality_code"],
        care_fund_code=m["care_fund_code"],
        first_contact_professional_id=m["first_contact_professional_id"],
    )
