"""Dependencies of the screening routes (read from app.state, built at start-up)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from screening.adapters.crypto import ClientIdentity
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain.model import Recorder, ScenarioFilter
from shared.auth import PrincipalDep, Role, require_role
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


def get_recorder(principal: PrincipalDep) -> Recorder:
    """The caller who registers a record: token subject, professional id and organisation (not the performer)."""
    return Recorder(
        subject=principal.subject,
        professional_id=principal.professional_id,
        organisation_id=principal.organisation_id,
    )


UowDep = Annotated[ScreeningUnitOfWork, Depends(get_uow)]
IdentityDep = Annotated[ClientIdentity, Depends(get_identity)]
MunicipalitiesDep = Annotated[MunicipalityDirectory, Depends(get_municipalities)]
TodayDep = Annotated[date, Depends(get_today)]
RecorderDep = Annotated[Recorder, Depends(get_recorder)]
IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key_header)]
LimitQuery = Annotated[int, Query(ge=1, le=200, description="page size (at most 200)")]
OffsetQuery = Annotated[int, Query(ge=0, description="items to skip")]
ScenarioQuery = Annotated[
    list[ScenarioFilter] | None,
    Query(
        description="the current scenario (SCR-05, SCR-06); repeat for alternatives. 0, A and B match the "
        "scenario on any basis, EXCEPTION one resting on the exception path, UNDETERMINED no completed "
        "screening or inclusion decision yet",
        examples=[["A", "B"]],
    ),
]
