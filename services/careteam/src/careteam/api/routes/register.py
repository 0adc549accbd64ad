"""Register routes: the organisations recognised for case management and their regions (CT-35)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Response, status

from careteam.api.deps import TodayDep, UowDep
from careteam.api.routes import OPS_ROLES, TEAM_ROLES
from careteam.api.schemas.case_management import OrganisationPut, OrganisationRead
from careteam.service import queries, register
from careteam.service.views.case_management import organisation_view
from shared.api import problem_responses
from shared.auth import PrincipalDep, require_role

router = APIRouter(
    prefix="/case-management-organisations",
    tags=["register"],
    responses=problem_responses(401, 403),
)

ORGANISATION_ID = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


@router.get(
    "",
    response_model=list[OrganisationRead],
    dependencies=[Depends(require_role(*TEAM_ROLES, *OPS_ROLES))],
    summary="The register of recognised case-management organisations and their regions",
)
async def list_all(uow: UowDep, today: TodayDep) -> list[OrganisationRead]:
    return [OrganisationRead.model_validate(o) for o in await queries.organisations(uow=uow, today=today)]


@router.get(
    "/{organisation_id}",
    response_model=OrganisationRead,
    responses=problem_responses(404),
    dependencies=[Depends(require_role(*TEAM_ROLES, *OPS_ROLES))],
    summary="One register entry",
)
async def read(uow: UowDep, today: TodayDep, organisation_id: str = ORGANISATION_ID) -> OrganisationRead:
    stored = await register.get_organisation(organisation_id, uow=uow)
    return OrganisationRead.model_validate(organisation_view(stored, today))


@router.put(
    "/{organisation_id}",
    response_model=OrganisationRead,
    responses={**problem_responses(422), 201: {"description": "Created", "model": OrganisationRead}},
    dependencies=[Depends(require_role(*OPS_ROLES))],
    summary="Add or replace a register entry (ops/admin); end a recognition by setting recognised_to",
)
async def put(
    body: OrganisationPut,
    principal: PrincipalDep,
    uow: UowDep,
    today: TodayDep,
    response: Response,
    organisation_id: str = ORGANISATION_ID,
) -> OrganisationRead:
    cmd = register.PutOrganisation(
        organisation_id,
        body.name,
        body.recognised_from,
        body.recognised_to,
        frozenset(body.regions),
        principal.subject,
    )
    stored, created = await register.put_organisation(cmd, uow=uow)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return OrganisationRead.model_validate(organisation_view(stored, today))
