"""Value types shared by several contracts (plain strings on the wire, validated here)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Pseudonym = Annotated[str, Field(min_length=16, max_length=128, description="keyed client pseudonym")]
NisCode = Annotated[str, Field(pattern=r"^\d{5}$", description="NIS code of a Belgian municipality")]
Scenario = Literal["0", "A", "B"]
FundingType = Literal["FEDERAL", "FLEMISH", "OTHER", "HEALTH_INSURANCE", "WELFARE"]


class Performer(BaseModel):
    """Who did it: never a name, only identifiers, profession, organisation and funding (REP-11)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    professional_id: str = Field(max_length=64)
    profession: str = Field(max_length=64)
    organisation_id: str | None = Field(default=None, max_length=64)
    organisation_kind: str | None = Field(default=None, max_length=64)
    funding_type: str = Field(max_length=32, description="FEDERAL/FLEMISH/OTHER or HEALTH_INSURANCE/WELFARE")
    location_nis: NisCode | None = Field(default=None, description="where the performer works (REP-08)")
