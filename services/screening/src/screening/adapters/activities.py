"""Persistence of prenatal advice sessions (FIN-11) and outreach referrals (SCR-10); rows are only inserted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from screening.adapters import orm
from screening.adapters.rows import enum_value, performer_of, performer_values
from screening.domain.model import (
    InclusionBasis,
    NonReimbursableReason,
    Performer,
    PrenatalAdviceSession,
    Scenario,
)


@dataclass(frozen=True)
class StoredSession:
    """An accepted prenatal advice session with its verdict and the inclusion it rested on (FIN-11)."""

    session: PrenatalAdviceSession
    pregnancy_id: uuid.UUID
    session_number: int
    reason: NonReimbursableReason | None
    scenario: Scenario | None
    inclusion_basis: InclusionBasis | None
    inclusion_record_id: str | None
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class StoredReferral:
    """An outreach referral to screening (SCR-10), possibly before the pregnancy is registered."""

    id: uuid.UUID
    pregnancy_id: uuid.UUID | None
    referral_date: date
    referrer: Performer
    residence_nis: str | None
    supported_by_case_management: bool
    recorded_by: str
    recorded_at: datetime


class SessionRepository:
    """Prenatal advice sessions (PPA) of pregnancies."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_pregnancy(self, pregnancy_id: uuid.UUID) -> list[StoredSession]:
        t = orm.prenatal_advice_session
        rows = (
            await self._session.execute(
                select(t).where(t.c.pregnancy_id == pregnancy_id).order_by(t.c.recorded_at, t.c.id)
            )
        ).all()
        return [_stored_session(row._mapping) for row in rows]

    async def get(self, session_id: uuid.UUID) -> StoredSession | None:
        t = orm.prenatal_advice_session
        row = (await self._session.execute(select(t).where(t.c.id == session_id))).first()
        return _stored_session(row._mapping) if row else None

    async def add(self, stored: StoredSession) -> None:
        session = stored.session
        await self._session.execute(
            orm.prenatal_advice_session.insert().values(
                id=uuid.UUID(session.record_id),
                pregnancy_id=stored.pregnancy_id,
                session_date=session.session_date,
                session_number=stored.session_number,
                **performer_values(session.performer),
                reimbursable=session.reimbursable,
                non_reimbursable_reason=enum_value(stored.reason),
                scenario=enum_value(stored.scenario),
                inclusion_basis=enum_value(stored.inclusion_basis),
                inclusion_record_id=uuid.UUID(stored.inclusion_record_id)
                if stored.inclusion_record_id
                else None,
                recorded_by=stored.recorded_by,
                recorded_at=stored.recorded_at,
            )
        )


class ReferralRepository:
    """Outreach referrals to screening (SCR-10)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, referral_id: uuid.UUID) -> StoredReferral | None:
        t = orm.outreach_referral
        row = (await self._session.execute(select(t).where(t.c.id == referral_id))).first()
        return _stored_referral(row._mapping) if row else None

    async def for_pregnancy(self, pregnancy_id: uuid.UUID) -> list[StoredReferral]:
        t = orm.outreach_referral
        rows = (
            await self._session.execute(
                select(t).where(t.c.pregnancy_id == pregnancy_id).order_by(t.c.referral_date, t.c.id)
            )
        ).all()
        return [_stored_referral(row._mapping) for row in rows]

    async def add(self, stored: StoredReferral) -> None:
        await self._session.execute(
            orm.outreach_referral.insert().values(
                id=stored.id,
                pregnancy_id=stored.pregnancy_id,
                referral_date=stored.referral_date,
                **performer_values(stored.referrer),
                residence_nis=stored.residence_nis,
                supported_by_case_management=stored.supported_by_case_management,
                recorded_by=stored.recorded_by,
                recorded_at=stored.recorded_at,
            )
        )


# --- row mapping -------------------------------------------------------------------------------------


def _stored_session(m: RowMapping) -> StoredSession:
    return StoredSession(
        session=PrenatalAdviceSession(
            record_id=str(m["id"]),
            session_date=m["session_date"],
            performer=performer_of(m),
            reimbursable=m["reimbursable"],
        ),
        pregnancy_id=m["pregnancy_id"],
        session_number=m["session_number"],
        reason=NonReimbursableReason(m["non_reimbursable_reason"]) if m["non_reimbursable_reason"] else None,
        scenario=Scenario(m["scenario"]) if m["scenario"] is not None else None,
        inclusion_basis=InclusionBasis(m["inclusion_basis"]) if m["inclusion_basis"] else None,
        inclusion_record_id=str(m["inclusion_record_id"]) if m["inclusion_record_id"] else None,
        recorded_by=m["recorded_by"],
        recorded_at=m["recorded_at"],
    )


def _stored_referral(m: RowMapping) -> StoredReferral:
    return StoredReferral(
        id=m["id"],
        pregnancy_id=m["pregnancy_id"],
        referral_date=m["referral_date"],
        referrer=performer_of(m),
        residence_nis=m["residence_nis"],
        supported_by_case_management=m["supported_by_case_management"],
        recorded_by=m["recorded_by"],
        recorded_at=m["recorded_at"],
    )
