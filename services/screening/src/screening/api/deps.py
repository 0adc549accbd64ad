"""Dependencies of the screening routes (read from app.state, built at start-up)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from screening.adapters.crypto import ClientIdentity
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.uow import ScreeningUnitOfWork
from shared.auth import Role, require_role
from shared.db import utcnow
from shared.idempotency import idempotency_key_header

# Professionals write; the case manager reads along (style guide C4: role checks at the route).
WRITE = Depends(require_role(Role.PROFESSIONAL, Role.COORDINATOR, Role.ADMIN))
READ = Depends(require_role(Role.PROFESSIONAL, Role.COORDINATOR, Role.CASE_MANAGER, Role.ADMIN))


def get_uow(request: Request) -> ScreeningUnitOfWork:
    return ScreeningUnitOfWork(request.app.state.sessionmaker)


def get_identity(request: Request) -> ClientIdentity:
    identity: ClientIdentity = request.app.state.client_identity
    return identity


def get_municipalities(request: Request) -> MunicipalityDirectory:
    municipalities: MunicipalityDirectory = request.app.state.municipalities
    return municipalities


def get_today() -> date:
    return utcnow().date()


UowDep = Annotated[ScreeningUnitOfWork, Depends(get_uow)]
IdentityDep = Annotated[ClientIdentity, Depends(get_identity)]
MunicipalitiesDep = Annotated[MunicipalityDirectory, Depends(get_municipalities)]
TodayDep = Annotated[date, Depends(get_today)]
IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key_header)]
LimitQuery = Annotated[int, Query(ge=1, le=200, description="page size")]
OffsetQuery = Annotated[int, Query(ge=0, description="items to skip")]
