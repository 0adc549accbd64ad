"""API contract of the inclusion history: screenings and exception-path inclusion decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from screening.adapters.records import StoredDecision, StoredScreening
from screening.api.schemas import examples
from screening.api.schemas.common import (
    PERFORMER_EXAMPLE,
    PerformerIn,
    PerformerRead,
    RecorderRead,
    ScenarioRead,
    indicator_codes,
    topic_codes,
)
from screening.domain.model import (
    ExceptionReason,
    InclusionBasis,
    Indicator,
    NonReimbursableReason,
    Recorder,
    Scenario,
    ScreeningStatus,
    Topic,
)
from screening.service import screenings
from screening.service.queries import Page, ScreeningListItem

_CORRECTION = "the earlier screening or inclusion decision this record corrects (it stays readable)"


class ScreeningCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "screening_date": "2026-10-05",
                    "status": "COMPLETED",
                    "performer": PERFORMER_EXAMPLE,
                    "topics": ["HOUSING", "FINANCIAL_SITUATION", "SOCIAL_SUPPORT", "MENTAL_WELLBEING"],
                    "indicators": ["HOUSING_PROBLEMS", "LACK_OF_SOCIAL_SUPPORT"],
                },
                {
                    "screening_date": "2026-10-07",
                    "status": "COMPLETED",
                    "performer": PERFORMER_EXAMPLE,
                    "topics": ["HOUSING"],
                    "indicators": ["HOUSING_PROBLEMS"],
                    "supersedes": "0b8e8a39-3f0e-4c67-9d57-5f8c3f7f6a10",
                    "correction_reason": "Social support was ticked by mistake",
                },
            ]
        },
    )

    screening_date: date
    status: ScreeningStatus = Field(description="only a COMPLETED screening determines the scenario (SCR-05)")
    performer: PerformerIn = Field(description="who screened; may differ from the caller (on behalf)")
    topics: list[str] = topic_codes(default_factory=list, max_length=20)
    indicators: list[str] = indicator_codes(default_factory=list, max_length=8)
    supersedes: uuid.UUID | None = Field(default=None, description=_CORRECTION)
    correction_reason: str | None = Field(
        default=None, max_length=500, description="required with supersedes"
    )

    def to_command(self, pregnancy_id: uuid.UUID, recorded_by: Recorder) -> screenings.RecordScreening:
        return screenings.RecordScreening(
            pregnancy_id=pregnancy_id,
            screening_date=self.screening_date,
            status=self.status,
            performer=self.performer.to_domain(),
            indicators=tuple(self.indicators),
            topics=tuple(self.topics),
            supersedes=self.supersedes,
            correction_reason=self.correction_reason,
            recorded_by=recorded_by,
        )


class InclusionDecisionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "decision_date": "2026-10-05",
                    "performer": PERFORMER_EXAMPLE | {"profession": "GP", "organisation_kind": "GP_PRACTICE"},
                    "reason": "REFUSAL",
                    "indicators": ["VICTIM_OF_VIOLENCE", "MENTAL_HEALTH_PROBLEMS"],
                }
            ]
        },
    )

    decision_date: date
    performer: PerformerIn = Field(description="who decided; may differ from the caller (on behalf)")
    reason: ExceptionReason = Field(description="why no tool result is available (SCR-06)")
    reason_detail: str | None = Field(default=None, max_length=500, description="required for reason OTHER")
    indicators: list[str] = indicator_codes(max_length=8)
    supersedes: uuid.UUID | None = Field(default=None, description=_CORRECTION)
    correction_reason: str | None = Field(
        default=None, max_length=500, description="required with supersedes"
    )

    def to_command(self, pregnancy_id: uuid.UUID, recorded_by: Recorder) -> screenings.DecideInclusion:
        return screenings.DecideInclusion(
            pregnancy_id=pregnancy_id,
            decision_date=self.decision_date,
            performer=self.performer.to_domain(),
            reason=self.reason,
            reason_detail=self.reason_detail,
            indicators=tuple(self.indicators),
            supersedes=self.supersedes,
            correction_reason=self.correction_reason,
            recorded_by=recorded_by,
        )


class _RecordRead(BaseModel):
    id: uuid.UUID
    pregnancy_id: uuid.UUID
    performer: PerformerRead
    indicators: list[Indicator]
    scenario: Scenario | None = Field(description="what this record determines on its own")
    gestational_age_days: int
    gestational_week: int
    late: bool = Field(description="at or after gestational week 14 (SCR-07 soft target)")
    days_after_birth: int | None
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None
    correction_reason: str | None
    current: bool = Field(description="false once a correction superseded this record")
    recorded_by: RecorderRead = Field(
        description="the caller who registered it (may differ from the performer)"
    )
    recorded_at: datetime


def _common(stored: StoredScreening | StoredDecision) -> dict[str, object]:
    record, timing = stored.record, stored.timing
    return {
        "id": uuid.UUID(record.record_id),
        "pregnancy_id": stored.pregnancy_id,
        "indicators": sorted(record.indicators),
        "scenario": stored.scenario,
        "gestational_age_days": timing.gestational_age_days,
        "gestational_week": timing.gestational_week,
        "late": timing.late,
        "days_after_birth": timing.days_after_birth,
        "supersedes": uuid.UUID(record.supersedes) if record.supersedes else None,
        "superseded_by": uuid.UUID(record.superseded_by) if record.superseded_by else None,
        "correction_reason": record.correction_reason,
        "current": record.superseded_by is None,
        "recorded_by": RecorderRead.of(stored.recorded_by),
        "recorded_at": record.recorded_at,
    }


class ScreeningRead(_RecordRead):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SCREENING_CORRECTION]})

    screening_date: date
    status: ScreeningStatus
    topics: list[Topic]
    reimbursable: bool = Field(
        description="SCR-08/FIN-10: completed, by a health-insurance provider, first one"
    )
    non_reimbursable_reason: NonReimbursableReason | None

    @classmethod
    def of(cls, stored: StoredScreening) -> ScreeningRead:
        record = stored.record
        return cls.model_validate(
            _common(stored)
            | {
                "performer": PerformerRead.of(record.performer),
                "screening_date": record.screening_date,
                "status": record.status,
                "topics": sorted(record.topics_discussed),
                "reimbursable": stored.reimbursement.reimbursable,
                "non_reimbursable_reason": stored.reimbursement.reason,
            }
        )


class InclusionDecisionRead(_RecordRead):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.DECISION]})

    decision_date: date
    basis: InclusionBasis = Field(description="always PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT (SCR-06)")
    reason: ExceptionReason
    reason_detail: str | None

    @classmethod
    def of(cls, stored: StoredDecision) -> InclusionDecisionRead:
        record = stored.record
        return cls.model_validate(
            _common(stored)
            | {
                "performer": PerformerRead.of(record.decided_by),
                "decision_date": record.decision_date,
                "basis": record.basis,
                "reason": record.reason,
                "reason_detail": record.reason_detail,
            }
        )


class ScreeningRecorded(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"screening": examples.SCREENING_CORRECTION, "current_scenario": examples.SCENARIO_B}
            ]
        }
    )

    screening: ScreeningRead
    current_scenario: ScenarioRead

    @classmethod
    def of(cls, outcome: screenings.InclusionOutcome) -> ScreeningRecorded:
        assert isinstance(outcome.stored, StoredScreening)
        return cls(
            screening=ScreeningRead.of(outcome.stored), current_scenario=ScenarioRead.of(outcome.current)
        )


class InclusionDecided(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"decision": examples.DECISION, "current_scenario": examples.SCENARIO_B_EXCEPTION}]
        }
    )

    decision: InclusionDecisionRead
    current_scenario: ScenarioRead

    @classmethod
    def of(cls, outcome: screenings.InclusionOutcome) -> InclusionDecided:
        assert isinstance(outcome.stored, StoredDecision)
        return cls(
            decision=InclusionDecisionRead.of(outcome.stored),
            current_scenario=ScenarioRead.of(outcome.current),
        )


class ScreeningListItemRead(ScreeningRead):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SCREENING_LIST_ITEM]})

    client_pseudonym: str
    residence_nis: str
    pregnancy_scenario: Scenario | None = Field(
        description="the current scenario of the pregnancy (SCR-05), not the one of this record"
    )
    pregnancy_exception: bool = Field(
        description="the pregnancy's current scenario rests on the SCR-06 exception"
    )


class ScreeningPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [examples.SCREENING_LIST_ITEM], "total": 1, "limit": 50, "offset": 0}]
        }
    )

    items: list[ScreeningListItemRead]
    total: int = Field(description="records matching the filters, over all pages")
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[ScreeningListItem]) -> ScreeningPage:
        items = [
            ScreeningListItemRead.model_validate(
                ScreeningRead.of(item.row.stored).model_dump()
                | {
                    "client_pseudonym": item.row.client_pseudonym,
                    "residence_nis": item.row.residence_nis,
                    "pregnancy_scenario": item.current.scenario,
                    "pregnancy_exception": item.current.is_exception,
                }
            )
            for item in page.items
        ]
        return cls(items=items, total=page.total, limit=page.limit, offset=page.offset)
