"""The screening unit of work: one session, its repositories and the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from screening.adapters import orm
from screening.adapters.repository import PregnancyRepository
from shared.db import UnitOfWork


class ScreeningUnitOfWork(UnitOfWork):
    pregnancies: PregnancyRepository

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessionmaker, outbox_table=orm.outbox)

    def _on_enter(self) -> None:
        self.pregnancies = PregnancyRepository(self.session)
