"""Dependencies of the careteam routes (read from app.state, built at start-up); tests override them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain.access import Caller
from careteam.domain.coordination import ReimbursementPolicy
from shared.auth import PrincipalDep, Role
from shared.db import utcnow
from shared.idempotency import idempotency_key_header
from shared.refdata.loader import Geography

SEES_ALL_TEAMS = (Role.ADMIN, Role.OPS)
"""Q-16: the roles that oversee the service and are not scoped to their own teams."""


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


def get_caller(principal: PrincipalDep) -> Caller:
    """The caller as the access rule sees it: subject, professional id and organisation claims (Q-16)."""
    return Caller(
        subject=principal.subject,
        professional_id=principal.professional_id,
        organisation_id=principal.organisation_id,
        sees_all=principal.has_role(*SEES_ALL_TEAMS),
    )


SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]
UowDep = Annotated[CareteamUnitOfWork, Depends(get_uow)]
UowFactoryDep = Annotated[Callable[[], CareteamUnitOfWork], Depends(get_uow_factory)]
TodayDep = Annotated[date, Depends(get_today)]
PolicyDep = Annotated[ReimbursementPolicy, Depends(get_policy)]
GeographyDep = Annotated[Geography, Depends(get_geography)]
CallerDep = Annotated[Caller, Depends(get_caller)]
IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key_header)]
