"""The register of organisations recognised for case management, kept by ops/admin (CT-35)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careteam.adapters.case_management import StoredOrganisation
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import errors
from careteam.domain.roles import RecognisedOrganisation
from shared.db import utcnow


@dataclass(frozen=True)
class PutOrganisation:
    organisation_id: str
    name: str
    recognised_from: date
    recognised_to: date | None
    regions: frozenset[str]
    updated_by: str


async def list_organisations(*, uow: CareteamUnitOfWork) -> list[StoredOrganisation]:
    """Every register entry, recognised now or not (CT-35)."""
    async with uow:
        return await uow.case_management.register()


async def get_organisation(organisation_id: str, *, uow: CareteamUnitOfWork) -> StoredOrganisation:
    async with uow:
        found = await uow.case_management.organisation(organisation_id)
    if found is None:
        raise errors.OrganisationNotFound(f"{organisation_id} is not in the register")
    return found


async def put_organisation(
    cmd: PutOrganisation, *, uow: CareteamUnitOfWork
) -> tuple[StoredOrganisation, bool]:
    """Add or replace a register entry; ending a recognition is setting ``recognised_to`` (CT-35)."""
    if cmd.recognised_to is not None and cmd.recognised_to < cmd.recognised_from:
        raise errors.InvalidPeriod(
            f"recognised_to {cmd.recognised_to} is before recognised_from {cmd.recognised_from}"
        )
    organisation = RecognisedOrganisation(
        organisation_id=cmd.organisation_id,
        name=cmd.name,
        recognised_from=cmd.recognised_from,
        recognised_to=cmd.recognised_to,
        regions=frozenset(r.strip() for r in cmd.regions if r.strip()),
    )
    async with uow:
        created = await uow.case_management.put_organisation(organisation, updated_by=cmd.updated_by)
        await uow.commit()
    return StoredOrganisation(organisation, updated_at=utcnow()), created
