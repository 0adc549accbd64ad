"""The careteam unit of work: one session, its repositories, the idempotency keys and the outbox; only the use
case commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from careteam.adapters import orm
from careteam.adapters.care_plans import CarePlanRepository
from careteam.adapters.case_management import CaseManagementRepository
from careteam.adapters.consultations import ConsultationRepository
from careteam.adapters.coordination import CoordinationRepository
from careteam.adapters.projections import ProjectionRepository
from careteam.adapters.teams import TeamRepository
from shared.db import UnitOfWork
from shared.idempotency import IdempotencyStore


class CareteamUnitOfWork(UnitOfWork):
    projections: ProjectionRepository
    teams: TeamRepository
    coordination: CoordinationRepository
    case_management: CaseManagementRepository
    consultations: ConsultationRepository
    care_plans: CarePlanRepository
    idempotency: IdempotencyStore

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessionmaker, outbox_table=orm.outbox)

    def _on_enter(self) -> None:
        self.projections = ProjectionRepository(self.session)
        self.teams = TeamRepository(self.session)
        self.coordination = CoordinationRepository(self.session)
        self.case_management = CaseManagementRepository(self.session)
        self.consultations = ConsultationRepository(self.session)
        self.care_plans = CarePlanRepository(self.session)
        self.idempotency = IdempotencyStore(self.session, orm.idempotency_key)
