"""The financing unit of work: one session, its repositories, advisory locks, idempotency keys, the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from financing.adapters import orm
from financing.adapters.budgets import BudgetRepository
from financing.adapters.claims import ClaimRepository
from financing.adapters.findings import FindingRepository
from financing.adapters.locks import AdvisoryLocks
from financing.adapters.payments import PaymentBatchRepository, PaymentOrderRepository
from financing.adapters.projection import ProjectionRepository
from shared.db import UnitOfWork
from shared.idempotency import IdempotencyStore


class FinancingUnitOfWork(UnitOfWork):
    projection: ProjectionRepository
    claims: ClaimRepository
    findings: FindingRepository
    orders: PaymentOrderRepository
    batches: PaymentBatchRepository
    budgets: BudgetRepository
    locks: AdvisoryLocks
    idempotency: IdempotencyStore

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessionmaker, outbox_table=orm.outbox)

    def _on_enter(self) -> None:
        self.projection = ProjectionRepository(self.session)
        self.claims = ClaimRepository(self.session)
        self.findings = FindingRepository(self.session)
        self.orders = PaymentOrderRepository(self.session)
        self.batches = PaymentBatchRepository(self.session)
        self.budgets = BudgetRepository(self.session)
        self.locks = AdvisoryLocks(self.session)
        self.idempotency = IdempotencyStore(self.session, orm.idempotency_key)
