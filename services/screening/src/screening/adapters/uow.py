"""The screening unit of work: one session, its repositories, the idempotency keys and the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from screening.adapters import orm
from screening.adapters.activities import ReferralRepository, SessionRepository
from screening.adapters.records import InclusionRecordRepository
from screening.adapters.repository import PregnancyRepository
from shared.db import UnitOfWork
from shared.idempotency import IdempotencyStore


class ScreeningUnitOfWork(UnitOfWork):
    pregnancies: PregnancyRepository
    inclusions: InclusionRecordRepository
    sessions: SessionRepository
    referrals: ReferralRepository
    idempotency: IdempotencyStore

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessionmaker, outbox_table=orm.outbox)

    def _on_enter(self) -> None:
        self.pregnancies = PregnancyRepository(self.session)
        self.inclusions = InclusionRecordRepository(self.session)
        self.sessions = SessionRepository(self.session)
        self.referrals = ReferralRepository(self.session)
        self.idempotency = IdempotencyStore(self.session, orm.idempotency_key)
