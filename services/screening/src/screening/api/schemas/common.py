"""Building blocks of the screening API contract: performer, recorder, scenario, codes, shared examples."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from screening.domain import rules, summary
from screening.domain.model import (
    FundingType,
    InclusionBasis,
    Indicator,
    OrganisationKind,
    Performer,
    Profession,
    ProgrammeActivity,
    Recorder,
    Scenario,
    ScenarioDetermination,
    Topic,
)

PERFORMER_EXAMPLE: dict[str, Any] = {
    "professional_id": "riziv-1-23456-78-901",
    "profession": "MIDWIFE",
    "organisation_id": "org-vroedvrouwen-gent",
    "organisation_kind": "PRIVATE_PRACTICE",
    "funding_type": "HEALTH_INSURANCE",
    "location_nis": "44021",
}
RECORDER_EXAMPLE: dict[str, Any] = {
    "subject": "user-4711",
    "professional_id": "riziv-1-98765-43-210",
    "organisation_id": "org-vroedvrouwen-gent",
}
EXAMPLE_PREGNANCY_ID = "3f2c8d0e-8a57-4a43-9a53-0e9a1b3c7d21"
EXAMPLE_PSEUDONYM = "5d1f0c3e9a7b4e21a8c6d0f3b2e19a7c5d1f0c3e9a7b4e21a8c6d0f3b2e19a7c"
EXAMPLE_RECORDED_AT = "2026-10-05T14:32:10.123456Z"


def indicator_codes(**kwargs: Any) -> Any:
    """A list of SCR-03 indicator codes; unknown codes are refused with SCR_03_UNKNOWN_INDICATOR."""
    return Field(
        description="SCR-03 vulnerability indicators found (codes of the 8 KCE indicators)",
        json_schema_extra={"items": {"type": "string", "enum": [i.value for i in Indicator]}},
        **kwargs,
    )


def topic_codes(**kwargs: Any) -> Any:
    """A list of SCR-02 topic codes; unknown codes are refused with SCR_02_UNKNOWN_TOPIC."""
    return Field(
        description="SCR-02 topics discussed in the conversation",
        json_schema_extra={"items": {"type": "string", "enum": [t.value for t in Topic]}},
        **kwargs,
    )


class PerformerIn(BaseModel):
    """Who did it (SCR-09): identifiers only, never a name.

    May differ from the caller: front ends register on behalf of colleagues; the caller is kept as
    `recorded_by`.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PERFORMER_EXAMPLE]})

    professional_id: str = Field(min_length=1, max_length=64, description="RIZIV/INAMI number or welfare id")
    profession: Profession
    organisation_id: str = Field(min_length=1, max_length=64)
    organisation_kind: OrganisationKind
    funding_type: FundingType = Field(description="health-insurance provider or welfare actor (SCR-09)")
    location_nis: str | None = Field(
        default=None,
        pattern=r"^\d{5}$",
        description="NIS code of the municipality where the performer works (REP-08, Q-05), validated like the "
        "residence: 2025 list, codes of merged municipalities are mapped to their successor, an unknown code "
        "is refused with UNKNOWN_MUNICIPALITY",
    )

    def to_domain(self) -> Performer:
        return Performer(
            professional_id=self.professional_id,
            profession=self.profession,
            funding_type=self.funding_type,
            organisation_id=self.organisation_id,
            organisation_kind=self.organisation_kind,
            location_nis=self.location_nis,
        )


class PerformerRead(BaseModel):
    professional_id: str
    profession: Profession
    organisation_id: str
    organisation_kind: OrganisationKind
    funding_type: FundingType
    location_nis: str | None = Field(
        description="current (2025) NIS code of where the performer works (REP-08); null when not given"
    )

    @classmethod
    def of(cls, performer: Performer) -> PerformerRead:
        return cls(
            professional_id=performer.professional_id,
            profession=performer.profession,
            organisation_id=performer.organisation_id,
            organisation_kind=performer.organisation_kind,
            funding_type=performer.funding_type,
            location_nis=performer.location_nis,
        )


class RecorderRead(BaseModel):
    """Who registered the record: the caller's token subject, professional id and organisation.

    Not necessarily the performer: front ends register on behalf of colleagues.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [RECORDER_EXAMPLE]})

    subject: str = Field(description="the token's subject")
    professional_id: str | None = Field(description="the token's professional_id claim, when present")
    organisation_id: str | None = Field(description="the token's org claim, when present")

    @classmethod
    def of(cls, recorder: Recorder) -> RecorderRead:
        return cls(
            subject=recorder.subject,
            professional_id=recorder.professional_id,
            organisation_id=recorder.organisation_id,
        )


class ScenarioRead(BaseModel):
    """The current scenario and why: the record that determines it and its basis (SCR-04..SCR-06)."""

    scenario: Scenario | None = Field(description="0, A or B; null while no result is available")
    basis: InclusionBasis | None
    exception: bool = Field(description="true when the basis is the SCR-06 exception path")
    record_id: uuid.UUID | None = Field(description="the screening or inclusion decision that determines it")
    effective_date: date | None
    indicators: list[Indicator]
    unlocked_activities: list[ProgrammeActivity]
    explanation: str = Field(
        examples=["Scenario B: 2 vulnerability indicator(s) found by the completed screening"]
    )

    @classmethod
    def of(cls, determination: ScenarioDetermination) -> ScenarioRead:
        return cls(
            scenario=determination.scenario,
            basis=determination.basis,
            exception=determination.is_exception,
            record_id=uuid.UUID(determination.record_id) if determination.record_id else None,
            effective_date=determination.effective_date,
            indicators=sorted(determination.indicators),
            unlocked_activities=sorted(rules.unlocked_activities(determination)),
            explanation=summary.explain_scenario(determination),
        )
