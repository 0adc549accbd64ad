"""Schemas shared by several routers: member references, professionals, people."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from careteam.domain.model import FundingType, LifeDomain, MemberKind, PersonRef, Professional

ID = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
LOCATION_NIS_DESCRIPTION = (
    "NIS code of the municipality where the professional works (REP-08, Q-05), validated like the client's "
    "residence: 2025 list, codes of merged municipalities are mapped to their successor, an unknown code is "
    "refused with UNKNOWN_MUNICIPALITY"
)
MEMBER_ID = Field(
    min_length=1,
    max_length=128,
    description="professional id, informal-carer id, or the client pseudonym",
    pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def read_config(example: dict[str, Any]) -> ConfigDict:
    """The config of an answer schema with its example for the OpenAPI document."""
    return ConfigDict(from_attributes=True, json_schema_extra={"examples": [example]})


class MemberRef(Body):
    """Who: the kind of person and their id (no names anywhere in this service)."""

    kind: MemberKind
    member_id: str = MEMBER_ID

    def to_domain(self) -> PersonRef:
        return PersonRef(self.kind, self.member_id)


class ProfessionalIn(Body):
    """A professional: identity, profession, organisation, funding type, life domain, mission (CT-01, FIN-21/30)."""

    professional_id: str = ID
    profession: str = Field(min_length=1, max_length=64, examples=["midwife"])
    organisation_id: str = ID
    funding_type: FundingType = Field(
        description="FEDERAL: health profession under the WUG or a federally funded facility; FLEMISH: "
        "Flemish-funded; OTHER"
    )
    life_domain: LifeDomain = LifeDomain.CARE_AND_WELFARE
    coordination_in_mission: bool = Field(
        default=False,
        description="coordination is already part of the organisation's mission (e.g. Kind en Gezin)",
    )
    location_nis: str | None = Field(
        default=None, pattern=r"^\d{5}$", description=LOCATION_NIS_DESCRIPTION, examples=["44021"]
    )

    def to_domain(self) -> Professional:
        return Professional(
            professional_id=self.professional_id,
            profession=self.profession,
            organisation_id=self.organisation_id,
            funding_type=self.funding_type,
            life_domain=self.life_domain,
            coordination_in_mission=self.coordination_in_mission,
            location_nis=self.location_nis,
        )


class RefRead(Read):
    kind: str
    member_id: str


class PersonRead(Read):
    kind: str
    member_id: str
    profession: str | None = None
    organisation_id: str | None = None
    funding_type: str | None = None
    life_domain: str | None = None
    coordination_in_mission: bool | None = None
    location_nis: str | None = Field(
        default=None,
        description="a professional's workplace: current (2025) NIS code (REP-08); null if not given",
    )
    relation: str | None = None
    is_representative: bool | None = None
