"""Events published by the screening service (topic `screening.events`, key = client pseudonym).

No clear national register number ever appears here: clients are identified by the keyed pseudonym.
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.contracts.common import NisCode, Performer, Pseudonym, Scenario
from shared.events.contracts.topics import SCREENING_EVENTS


class PregnancyRegisteredV1(EventPayload):
    event_type = "screening.pregnancy.registered"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "A pregnancy was registered for a client."

    pregnancy_id: uuid.UUID
    client_pseudonym: str = Field(min_length=16, max_length=128)
    programme: str = "PERINATAL"
    expected_delivery_date: date
    residence_nis: str = Field(pattern=r"^\d{5}$")
    mutuality_code: str | None = None
    care_fund_code: str | None = None
    first_contact_professional_id: str | None = None


class BirthRecordedV1(EventPayload):
    event_type = "screening.birth.recorded"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "The birth was recorded; the postnatal and young-child periods follow from its date (CTX-04)."

    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    birth_date: date
    number_of_children: int = Field(ge=1, le=8)
    child_ids: list[uuid.UUID] = Field(default_factory=list, description="opaque ids of the children")


class PregnancyEndedV1(EventPayload):
    event_type = "screening.pregnancy.ended"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "The pregnancy ended without a birth."

    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    end_date: date
    reason: str = Field(max_length=64)


class ScreeningRecordedV1(EventPayload):
    event_type = "screening.screening.recorded"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "A psychosocial screening was recorded (SCR-01..09), possibly superseding an earlier record."

    screening_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    screening_date: date
    status: str = Field(description="COMPLETED, PARTIAL or REFUSED")
    indicators: list[str] = Field(default_factory=list, description="SCR-03 indicator codes found")
    topics: list[str] = Field(default_factory=list, description="SCR-02 topics discussed")
    scenario: Scenario | None = Field(
        default=None, description="SCR-05 scenario of this screening if completed"
    )
    performer: Performer
    funding_type: str = Field(description="HEALTH_INSURANCE or WELFARE performer (SCR-09)")
    residence_nis: NisCode
    gestational_age_days: int | None = None
    late: bool = Field(description="after gestational week 14 (SCR-07 soft target)")
    reimbursable: bool = Field(description="SCR-08: completed, by a health-insurance provider, first one")
    supersedes: uuid.UUID | None = None
    correction_reason: str | None = None


class InclusionDecidedV1(EventPayload):
    event_type = "screening.inclusion.decided"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "A professional included the client without a tool result (SCR-06 exception path)."

    decision_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    decision_date: date
    basis: str = Field(description="PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT (SCR-06)")
    reason: str = Field(description="REFUSAL, NO_TOOL_AVAILABLE, SCREENING_INCOMPLETE or OTHER")
    indicators: list[str]
    scenario: Scenario
    performer: Performer
    residence_nis: NisCode
    supersedes: uuid.UUID | None = None
    correction_reason: str | None = Field(default=None, description="why it supersedes the earlier record")


class ClientScenarioDeterminedV1(EventPayload):
    event_type = "screening.scenario.determined"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "The client's current scenario changed (latest completed screening or inclusion decision)."

    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    scenario: Scenario | None
    exception: bool = Field(description="true when the basis is the SCR-06 exception path")
    basis: str | None
    record_id: uuid.UUID | None
    effective_date: date | None
    indicators: list[str] = Field(default_factory=list)


class PrenatalAdviceSessionHeldV1(EventPayload):
    event_type = "screening.prenatal_advice_session.held"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "A personal prenatal advice session (PPA) was held (FIN-11)."

    session_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    session_date: date
    session_number: int = Field(ge=1)
    performer: Performer
    residence_nis: NisCode
    reimbursable: bool
    reason: str | None = Field(default=None, description="why not reimbursable (e.g. CAP_REACHED)")


class PrenatalAdviceSessionHeldV2(EventPayload):
    event_type = "screening.prenatal_advice_session.held"
    event_version = 2
    topic = SCREENING_EVENTS
    summary = (
        "A PPA correction: a session that supersedes an earlier session of the pregnancy (FIN-11). "
        "V1 plus `supersedes` and `correction_reason`; a first session is still published as V1."
    )

    session_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    session_date: date
    session_number: int = Field(ge=1, description="the number of the session it supersedes")
    performer: Performer
    residence_nis: NisCode
    reimbursable: bool = Field(description="judged without the superseded session (FIN-11 cap)")
    reason: str | None = Field(default=None, description="why not reimbursable (e.g. CAP_REACHED)")
    supersedes: uuid.UUID | None = Field(
        description="the session this one replaces: it no longer counts toward the number or the cap"
    )
    correction_reason: str | None = Field(default=None, description="why it supersedes the earlier session")


class ReferralRecordedV1(EventPayload):
    event_type = "screening.referral.recorded"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "A woman was guided to screening (toeleiding, SCR-10)."

    referral_id: uuid.UUID
    pregnancy_id: uuid.UUID | None = None
    client_pseudonym: Pseudonym | None = None
    referral_date: date
    referrer: Performer
    residence_nis: NisCode | None = None
    supported_by_case_management: bool = False


class ReferralRecordedV2(EventPayload):
    event_type = "screening.referral.recorded"
    event_version = 2
    topic = SCREENING_EVENTS
    summary = (
        "A referral correction: a referral that supersedes an earlier one (SCR-10). "
        "V1 plus `supersedes` and `correction_reason`; a first referral is still published as V1."
    )

    referral_id: uuid.UUID
    pregnancy_id: uuid.UUID | None = None
    client_pseudonym: Pseudonym | None = None
    referral_date: date
    referrer: Performer
    residence_nis: NisCode | None = None
    supported_by_case_management: bool = False
    supersedes: uuid.UUID | None = Field(description="the referral this one replaces")
    correction_reason: str | None = Field(default=None, description="why it supersedes the earlier referral")


EVENTS: tuple[type[EventPayload], ...] = (
    PregnancyRegisteredV1,
    BirthRecordedV1,
    PregnancyEndedV1,
    ScreeningRecordedV1,
    InclusionDecidedV1,
    ClientScenarioDeterminedV1,
    PrenatalAdviceSessionHeldV1,
    PrenatalAdviceSessionHeldV2,
    ReferralRecordedV1,
    ReferralRecordedV2,
)
