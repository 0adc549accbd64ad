"""Persistence of the pregnancy aggregate root (rows <-> plain values and domain dataclasses)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, exists, func, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from screening.adapters import orm, scenario_filter
from screening.adapters.rows import recorder_of, recorder_values
from screening.domain.model import (
    Birth,
    Pregnancy,
    PregnancyEnd,
    PregnancyEndReason,
    Recorder,
    ScenarioFilter,
)


@dataclass(frozen=True)
class PregnancyRecord:
    """A registered pregnancy as stored: identity (pseudonym only), insurance, residence, conclusion, callers."""

    id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    first_contact_professional_id: str | None
    residence_nis_reported: str | None = None
    registered_at: datetime | None = None
    birth: Birth | None = None
    child_ids: tuple[uuid.UUID, ...] = ()
    end: PregnancyEnd | None = None
    registered_by: Recorder | None = None  # None only before the row is written
    concluded_by: Recorder | None = None  # who recorded the birth or the end

    @property
    def pregnancy(self) -> Pregnancy:
        """The domain view the timeline rules work on."""
        return Pregnancy(self.expected_delivery_date, birth=self.birth, end=self.end)


@dataclass(frozen=True)
class PregnancyFilter:
    """Filters of the pregnancy list; a professional matches as first contact or as a performer."""

    professional_id: str | None = None
    residence_nis: str | None = None
    expected_from: date | None = None
    expected_to: date | None = None
    scenarios: frozenset[ScenarioFilter] = frozenset()  # the current scenario; several are alternatives


class PregnancyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, pregnancy_id: uuid.UUID, *, for_update: bool = False) -> PregnancyRecord | None:
        """Load a pregnancy; `for_update` locks its row so writes to one pregnancy are serialised."""
        query = select(orm.pregnancy).where(orm.pregnancy.c.id == pregnancy_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
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

    async def add(self, record: PregnancyRecord, *, encrypted_number: bytes, registered_by: Recorder) -> bool:
        """Insert the pregnancy; False when the same client's same pregnancy exists (also under a race)."""
        result = await self._session.execute(
            insert(orm.pregnancy)
            .values(
                id=record.id,
                client_pseudonym=record.client_pseudonym,
                national_number_encrypted=encrypted_number,
                expected_delivery_date=record.expected_delivery_date,
                residence_nis=record.residence_nis,
                residence_nis_reported=record.residence_nis_reported,
                mutuality_code=record.mutuality_code,
                care_fund_code=record.care_fund_code,
                first_contact_professional_id=record.first_contact_professional_id,
                **recorder_values(registered_by, "registered_by"),
                created_at=record.registered_at or func.now(),
            )
            .on_conflict_do_nothing(constraint="uq_pregnancy_client_edd")
            .returning(orm.pregnancy.c.id)
        )
        return result.first() is not None

    async def conclude(self, record: PregnancyRecord, *, by: Recorder, at: datetime) -> None:
        """Store the birth or the end without birth of a pregnancy (the row was locked by `get`)."""
        birth, end = record.birth, record.end
        await self._session.execute(
            update(orm.pregnancy)
            .where(orm.pregnancy.c.id == record.id)
            .values(
                birth_date=birth.birth_date if birth else None,
                number_of_children=birth.number_of_children if birth else None,
                child_ids=list(record.child_ids) if birth else None,
                end_date=end.end_date if end else None,
                end_reason=end.reason.value if end else None,
                **recorder_values(by, "concluded_by"),
                concluded_at=at,
            )
        )

    async def search(
        self, filters: PregnancyFilter, *, limit: int, offset: int
    ) -> tuple[list[PregnancyRecord], int]:
        """A page of pregnancies (by expected delivery date) and the total matching the filters."""
        t = orm.pregnancy
        conditions = list(_pregnancy_conditions(filters))
        source: FromClause = t
        if filters.scenarios:
            current = scenario_filter.current_record_of(t.c.id)
            source = t.outerjoin(current, true())
            conditions.append(scenario_filter.matches(current, filters.scenarios))
        total = await self._session.scalar(select(func.count()).select_from(source).where(*conditions))
        query: Select[Any] = (
            select(t)
            .select_from(source)
            .where(*conditions)
            .order_by(t.c.expected_delivery_date, t.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = (await self._session.execute(query)).all()
        return [_record(row) for row in rows], int(total or 0)


def _pregnancy_conditions(filters: PregnancyFilter) -> Sequence[ColumnElement[bool]]:
    t = orm.pregnancy
    conditions: list[ColumnElement[bool]] = []
    if filters.residence_nis is not None:
        conditions.append(t.c.residence_nis == filters.residence_nis)
    if filters.expected_from is not None:
        conditions.append(t.c.expected_delivery_date >= filters.expected_from)
    if filters.expected_to is not None:
        conditions.append(t.c.expected_delivery_date <= filters.expected_to)
    if filters.professional_id is not None:
        pid = filters.professional_id
        r, s = orm.inclusion_record, orm.prenatal_advice_session
        conditions.append(
            or_(
                t.c.first_contact_professional_id == pid,
                exists().where(r.c.pregnancy_id == t.c.id, r.c.professional_id == pid),
                exists().where(s.c.pregnancy_id == t.c.id, s.c.professional_id == pid),
            )
        )
    return conditions


def _record(row: Any) -> PregnancyRecord:
    m = row._mapping
    birth = Birth(m["birth_date"], m["number_of_children"]) if m["birth_date"] is not None else None
    end = (
        PregnancyEnd(m["end_date"], PregnancyEndReason(m["end_reason"]))
        if m["end_date"] is not None
        else None
    )
    return PregnancyRecord(
        id=m["id"],
        client_pseudonym=m["client_pseudonym"],
        expected_delivery_date=m["expected_delivery_date"],
        residence_nis=m["residence_nis"],
        residence_nis_reported=m["residence_nis_reported"],
        mutuality_code=m["mutuality_code"],
        care_fund_code=m["care_fund_code"],
        first_contact_professional_id=m["first_contact_professional_id"],
        registered_at=m["created_at"],
        birth=birth,
        child_ids=tuple(m["child_ids"] or ()),
        end=end,
        registered_by=recorder_of(m, "registered_by"),
        concluded_by=recorder_of(m, "concluded_by") if m["concluded_by"] is not None else None,
    )
