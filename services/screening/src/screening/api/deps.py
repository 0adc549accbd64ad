"""Dependencies of the screening routes (read from app.state, built at start-up)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from screening.adapters.crypto import ClientIdentity
from screening.adapters.uow import ScreeningUnitOfWork
from shared.db import utcnow


def get_uow(request: Request) -> ScreeningUnitOfWork:
    return ScreeningUnitOfWork(request.app.state.sessionmaker)


def get_identity(request: Request) -> ClientIdentity:
    identity: ClientIdentity = request.app.state.client_identity
    return identity


def get_today() -> date:
    return utcnow().date()


UowDep = Annotated[ScreeningUnitOfWork, Depends(get_uow)]
IdentityDep = Annotated[ClientIdentity, Depends(get_identity)]
TodayDep = Annotated[date, Depends(get_today)]
