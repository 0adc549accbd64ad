"""Row mapping shared by the screening repositories: performer columns and enum values."""

from __future__ import annotations

from enum import Enum

from sqlalchemy import RowMapping

from screening.domain.model import FundingType, OrganisationKind, Performer, Profession


def enum_value(member: Enum | None) -> str | None:
    """The stored text of an optional enum member."""
    return None if member is None else str(member.value)


def performer_values(performer: Performer) -> dict[str, str]:
    """The performer columns of a row."""
    return {
        "professional_id": performer.professional_id,
        "profession": performer.profession.value,
        "funding_type": performer.funding_type.value,
        "organisation_id": performer.organisation_id,
        "organisation_kind": performer.organisation_kind.value,
    }


def performer_of(m: RowMapping) -> Performer:
    """The performer of a row."""
    return Performer(
        professional_id=m["professional_id"],
        profession=Profession(m["profession"]),
        funding_type=FundingType(m["funding_type"]),
        organisation_id=m["organisation_id"],
        organisation_kind=OrganisationKind(m["organisation_kind"]),
    )
