"""Dependencies of the careteam routes (read from app.state, built at start-up); tests override them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain.coordination import ReimbursementPolicy
from shared.db import utcnow
from shared.refdata.loader import Geography


def get_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


def get_uow(request: Request) -> CareteamUnitOfWork:
    return CareteamUnitOfWork(request.app.state.sessionmaker)


def get_uow_factory(request: Request) -> Callable[[], CareteamUnitOfWork]:
    sessionmaker = request.app.state.sessionmaker
    return lambda: CareteamUnitOfWork(sessionmaker)


def get_today() -> date:
    """Today in UTC; tests override this dependency to fix the date."""
    return utcnow().date()


def get_policy(request: Request) -> ReimbursementPolicy:
    policy: ReimbursementPolicy = request.app.state.reimbursement_policy
    return policy


def get_geography(request: Request) -> Geography:
    geography: Geography = request.app.state.geography
    return geography


SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]
UowDep = Annotated[CareteamUnitOfWork, Depends(get_uow)]
UowFactoryDep = Annotated[Callable[[], CareteamUnitOfWork], Depends(get_uow_factory)]
TodayDep = Annotated[date, Depends(get_today)]
PolicyDep = Annotated[ReimbursementPolicy, Depends(get_policy)]
GeographyDep = Annotated[Geography, Depends(get_geography)]
