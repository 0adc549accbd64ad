"""API contract of double-funding findings."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from financing.adapters.findings import StoredFinding
from financing.api.schemas.common import Page
from financing.service import findings


class FindingRead(BaseModel):
    id: uuid.UUID
    kind: str = Field(examples=["SAME_ROLE_OTHER_PAYER"])
    rule: str = Field(examples=["DF-3"])
    reason_code: str = Field(examples=["DF_3_SAME_ROLE_OTHER_PAYER"])
    effect: str = Field(description="BLOCK: the claim was rejected; REVIEW: the claim was held")
    claim_id: uuid.UUID = Field(description="the claim that would double-fund")
    payer: str
    act: str
    other_claim_id: uuid.UUID = Field(
        description="the already paid claim it collides with (PPA_SUPERSEDED_AFTER_PAYMENT raised on a paid "
        "claim whose session a correction superseded: the claim itself)"
    )
    other_payer: str
    other_act: str
    client_pseudonym: str
    pregnancy_id: uuid.UUID | None
    team_id: str | None
    detail: str
    raised_at: datetime
    status: str = Field(description="OPEN or RESOLVED")
    resolution: str | None = Field(description="CONFIRMED or DISMISSED")
    justification: str | None
    resolved_by: str | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, f: StoredFinding) -> FindingRead:
        data = dict(f.__dict__)
        data["id"] = data.pop("finding_id")
        return cls.model_validate(data)


FindingPage = Page[FindingRead]


class FindingResolutionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "resolution": "CONFIRMED",
                    "justification": "Same coordinator billed both RIZIV and the care fund for the same fee year.",
                }
            ]
        },
    )

    resolution: findings.Resolution = Field(description="CONFIRMED (double funding) or DISMISSED (not)")
    justification: str = Field(min_length=10, max_length=2000)

    def to_command(self, finding_id: uuid.UUID, resolved_by: str) -> findings.ResolveFinding:
        return findings.ResolveFinding(
            finding_id=finding_id,
            resolution=self.resolution,
            justification=self.justification,
            resolved_by=resolved_by,
        )
