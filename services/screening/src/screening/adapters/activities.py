"""Persistence of prenatal advice sessions (FIN-11) and outreach referrals (SCR-10); rows are only inserted.

A correction is a new row that `supersedes` an earlier one; "superseded by" is read back through that link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, Select, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from screening.adapters import orm
from screening.adapters.rows import enum_value, performer_of, performer_values, recorder_of, recorder_values
from screening.domain.model import (
    InclusionBasis,
    NonReimbursableReason,
    OutreachReferral,
    Performer,
    PrenatalAdviceSession,
    Recorder,
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
    recorded_by: Recorder
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
    recorded_by: Recorder
    recorded_at: datetime
    supersedes: uuid.UUID | None = None
    superseded_by: uuid.UUID | None = None
    correction_reason: str | None = None

    @property
    def referral(self) -> OutreachReferral:
        """The domain view the SCR-10 rules work on."""
        return OutreachReferral(
            referral_date=self.referral_date,
            organisation_kind=self.referrer.organisation_kind,
            referrer_profession=self.referrer.profession,
            supported_by_case_management=self.supported_by_case_management,
            record_id=str(self.id),
            pregnancy_id=_text(self.pregnancy_id),
            supersedes=_text(self.supersedes),
            superseded_by=_text(self.superseded_by),
            correction_reason=self.correction_reason,
        )


def _text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _with_superseded_by(t: Table) -> Select[Any]:
    """Every column of `t` plus the id of the row that supersedes it (NULL while current)."""
    correction = t.alias(f"{t.name}_correction")
    superseded_by = select(correction.c.id).where(correction.c.supersedes == t.c.id).scalar_subquery()
    return select(t, superseded_by.label("superseded_by"))


class SessionRepository:
    """Prenatal advice sessions (PPA) of pregnancies."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_pregnancy(self, pregnancy_id: uuid.UUID) -> list[StoredSession]:
        """Every session of the pregnancy, superseded ones included, in recording order."""
        t = orm.prenatal_advice_session
        query = (
            _with_superseded_by(t).where(t.c.pregnancy_id == pregnancy_id).order_by(t.c.recorded_at, t.c.id)
        )
        rows = (await self._session.execute(query)).all()
        return [_stored_session(row._mapping) for row in rows]

    async def get(self, session_id: uuid.UUID) -> StoredSession | None:
        t = orm.prenatal_advice_session
        row = (await self._session.execute(_with_superseded_by(t).where(t.c.id == session_id))).first()
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
                **recorder_values(stored.recorded_by),
                recorded_at=stored.recorded_at,
                supersedes=uuid.UUID(session.supersedes) if session.supersedes else None,
                correction_reason=session.correction_reason if session.supersedes else None,
            )
        )


class ReferralRepository:
    """Outreach referrals to screening (SCR-10)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> StoredReferral | None:
        """Load a referral; `for_update` locks its row so that concurrent corrections of it are serialised."""
        t = orm.outreach_referral
        query = _with_superseded_by(t).where(t.c.id == referral_id)
        if for_update:
            query = query.with_for_update(of=t)
        row = (await self._session.execute(query)).first()
        return _stored_referral(row._mapping) if row else None

    async def for_pregnancy(self, pregnancy_id: uuid.UUID) -> list[StoredReferral]:
        """Every referral of the pregnancy, superseded ones included."""
        t = orm.outreach_referral
        query = (
            _with_superseded_by(t)
            .where(t.c.pregnancy_id == pregnancy_id)
            .order_by(t.c.referral_date, t.c.recorded_at, t.c.id)
        )
        rows = (await self._session.execute(query)).all()
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
                **recorder_values(stored.recorded_by),
                recorded_at=stored.recorded_at,
                supersedes=stored.supersedes,
                correction_reason=stored.correction_reason if stored.supersedes else None,
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
            supersedes=_text(m["supersedes"]),
            superseded_by=_text(m["superseded_by"]),
            correction_reason=m["correction_reason"],
        ),
        pregnancy_id=m["pregnancy_id"],
        session_number=m["session_number"],
        reason=NonReimbursableReason(m["non_reimbursable_reason"]) if m["non_reimbursable_reason"] else None,
        scenario=Scenario(m["scenario"]) if m["scenario"] is not None else None,
        inclusion_basis=InclusionBasis(m["inclusion_basis"]) if m["inclusion_basis"] else None,
        inclusion_record_id=str(m["inclusion_record_id"]) if m["inclusion_record_id"] else None,
        recorded_by=recorder_of(m),
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
        recorded_by=recorder_of(m),
        recorded_at=m["recorded_at"],
        supersedes=m["supersedes"],
        superseded_by=m["superseded_by"],
        correction_reason=m["correction_reason"],
    )
