"""API contract of prenatal advice sessions (FIN-11) and outreach referrals (SCR-10)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from screening.adapters.activities import StoredReferral, StoredSession
from screening.api.schemas import examples
from screening.api.schemas.common import PERFORMER_EXAMPLE, PerformerIn, PerformerRead, RecorderRead
from screening.domain.model import InclusionBasis, NonReimbursableReason, Recorder, Scenario
from screening.service import advice_sessions, referrals

_SESSION_CORRECTION = "the earlier session of this pregnancy that this one corrects (it stays readable)"
_REFERRAL_CORRECTION = "the earlier referral that this one corrects (it stays readable)"
_REASON = "required with supersedes"


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


class PrenatalAdviceSessionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"session_date": "2026-10-20", "performer": PERFORMER_EXAMPLE},
                {
                    "session_date": "2026-10-21",
                    "performer": PERFORMER_EXAMPLE,
                    "supersedes": examples.SESSION_ID,
                    "correction_reason": "The session took place the day after",
                },
            ]
        },
    )

    session_date: date = Field(
        description="strictly before the birth: a session on the day of birth is refused (FIN-11, Q-20)"
    )
    performer: PerformerIn = Field(
        description="a GP, gynaecologist or midwife makes the session reimbursable; may differ from the "
        "caller (on behalf)"
    )
    supersedes: uuid.UUID | None = Field(default=None, description=_SESSION_CORRECTION)
    correction_reason: str | None = Field(default=None, max_length=500, description=_REASON)

    def to_command(
        self, pregnancy_id: uuid.UUID, recorded_by: Recorder
    ) -> advice_sessions.RecordPrenatalAdviceSession:
        return advice_sessions.RecordPrenatalAdviceSession(
            pregnancy_id=pregnancy_id,
            session_date=self.session_date,
            performer=self.performer.to_domain(),
            recorded_by=recorded_by,
            supersedes=self.supersedes,
            correction_reason=self.correction_reason,
        )


class PrenatalAdviceSessionRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SESSION]})

    id: uuid.UUID
    pregnancy_id: uuid.UUID
    session_date: date
    session_number: int = Field(
        description="1 for the first session of the pregnancy; a correction keeps the number it replaces, "
        "a superseded session no longer counts"
    )
    performer: PerformerRead
    reimbursable: bool
    non_reimbursable_reason: NonReimbursableReason | None = Field(
        description="PROFESSION_NOT_ELIGIBLE, NOT_HEALTH_INSURANCE_PROVIDER or CAP_REACHED (3rd and later)"
    )
    scenario: Scenario | None = Field(description="the scenario the session rested on")
    inclusion_basis: InclusionBasis | None
    inclusion_record_id: uuid.UUID | None
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None
    correction_reason: str | None
    current: bool = Field(description="false once a correction superseded this session")
    recorded_by: RecorderRead = Field(
        description="the caller who registered it (may differ from the performer)"
    )
    recorded_at: datetime

    @classmethod
    def of(cls, stored: StoredSession) -> PrenatalAdviceSessionRead:
        session = stored.session
        return cls(
            id=uuid.UUID(session.record_id),
            pregnancy_id=stored.pregnancy_id,
            session_date=session.session_date,
            session_number=stored.session_number,
            performer=PerformerRead.of(session.performer),
            reimbursable=session.reimbursable,
            non_reimbursable_reason=stored.reason,
            scenario=stored.scenario,
            inclusion_basis=stored.inclusion_basis,
            inclusion_record_id=_uuid(stored.inclusion_record_id),
            supersedes=_uuid(session.supersedes),
            superseded_by=_uuid(session.superseded_by),
            correction_reason=session.correction_reason,
            current=session.superseded_by is None,
            recorded_by=RecorderRead.of(stored.recorded_by),
            recorded_at=stored.recorded_at,
        )


class ReferralCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "referral_date": "2026-09-28",
                    "referrer": {
                        "professional_id": "hvhk-gent-017",
                        "profession": "FAMILY_SUPPORT_WORKER",
                        "organisation_id": "huis-van-het-kind-gent",
                        "organisation_kind": "HUIS_VAN_HET_KIND",
                        "funding_type": "WELFARE",
                        "location_nis": "44021",
                    },
                    "pregnancy_id": "3f2c8d0e-8a57-4a43-9a53-0e9a1b3c7d21",
                    "supported_by_case_management": False,
                },
                {
                    "referral_date": "2026-09-28",
                    "referrer": PERFORMER_EXAMPLE,
                    "residence_nis": "44021",
                },
                {
                    "referral_date": "2026-09-27",
                    "referrer": PERFORMER_EXAMPLE,
                    "supersedes": examples.REFERRAL_ID,
                    "correction_reason": "Wrong referral date",
                },
            ]
        },
    )

    referral_date: date
    referrer: PerformerIn = Field(description="who guided the woman; may differ from the caller (on behalf)")
    pregnancy_id: uuid.UUID | None = Field(
        default=None,
        description="when the pregnancy is already registered; a correction without it keeps the pregnancy "
        "of the referral it corrects",
    )
    residence_nis: str | None = Field(
        default=None, pattern=r"^\d{5}$", description="residence, for a woman not registered yet"
    )
    supported_by_case_management: bool = False
    supersedes: uuid.UUID | None = Field(default=None, description=_REFERRAL_CORRECTION)
    correction_reason: str | None = Field(default=None, max_length=500, description=_REASON)

    def to_command(self, recorded_by: Recorder) -> referrals.RecordReferral:
        return referrals.RecordReferral(
            referral_date=self.referral_date,
            referrer=self.referrer.to_domain(),
            pregnancy_id=self.pregnancy_id,
            residence_nis=self.residence_nis,
            supported_by_case_management=self.supported_by_case_management,
            recorded_by=recorded_by,
            supersedes=self.supersedes,
            correction_reason=self.correction_reason,
        )


class ReferralRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.REFERRAL]})

    id: uuid.UUID
    pregnancy_id: uuid.UUID | None
    referral_date: date
    referrer: PerformerRead
    residence_nis: str | None
    supported_by_case_management: bool
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None
    correction_reason: str | None
    current: bool = Field(description="false once a correction superseded this referral")
    recorded_by: RecorderRead = Field(
        description="the caller who registered it (may differ from the referrer)"
    )
    recorded_at: datetime

    @classmethod
    def of(cls, stored: StoredReferral) -> ReferralRead:
        return cls(
            id=stored.id,
            pregnancy_id=stored.pregnancy_id,
            referral_date=stored.referral_date,
            referrer=PerformerRead.of(stored.referrer),
            residence_nis=stored.residence_nis,
            supported_by_case_management=stored.supported_by_case_management,
            supersedes=stored.supersedes,
            superseded_by=stored.superseded_by,
            correction_reason=stored.correction_reason,
            current=stored.superseded_by is None,
            recorded_by=RecorderRead.of(stored.recorded_by),
            recorded_at=stored.recorded_at,
        )
