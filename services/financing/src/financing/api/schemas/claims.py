"""API contract of claims, their decisions and their review."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from financing.adapters.claims import StoredClaim, StoredDecision
from financing.api.schemas.common import Amount, Page
from financing.domain.assessment import Outcome
from financing.domain.model import Act, FundingType, OrganisationKind, Payer, Profession, Provider
from financing.service import claims, reviews
from financing.service.common import amount_str

CLAIM_EXAMPLE: dict[str, Any] = {
    "act": "COORDINATION_YEAR",
    "payer": "FEDERAL",
    "client_pseudonym": "6f1c0c8e5b2a4d7e9c3b1a0f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d",
    "pregnancy_id": "3f2b8c1e-7d4a-4e6b-9a1c-2d3e4f5a6b7c",
    "team_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "act_date": "2026-01-05",
    "period_end": "2027-01-04",
    "provider": {
        "professional_id": "riziv-4-12345-67-890",
        "profession": "NURSE",
        "organisation_id": None,
        "funding_type": "OTHER",
    },
}


class ProviderIn(BaseModel):
    """The professional who performed the act, in the capacity of this claim (FIN-21, FIN-23, FIN-30, Q-15)."""

    model_config = ConfigDict(extra="forbid")

    professional_id: str = Field(min_length=1, max_length=64)
    profession: Profession
    organisation_id: str | None = Field(
        default=None,
        max_length=64,
        description="the organisation the act was performed for (payee of FIN-23)",
    )
    funding_type: FundingType = Field(
        description="funding of that organisation: FEDERAL, FLEMISH or OTHER (self-employed, private, none)"
    )
    organisation_kind: OrganisationKind = OrganisationKind.OTHER
    coordination_in_mission: bool = Field(default=False, description="FIN-21: coordination is already funded")
    recognised_for_case_management: bool = Field(default=False, description="FIN-23: Flemish recognition")

    def to_domain(self) -> Provider:
        return Provider(
            professional_id=self.professional_id,
            profession=self.profession,
            organisation_id=self.organisation_id,
            funding=self.funding_type,
            coordination_in_mission=self.coordination_in_mission,
            organisation_kind=self.organisation_kind,
            recognised_for_case_management=self.recognised_for_case_management,
        )


class ClaimCreate(BaseModel):
    """A claim for one act, addressed to one payer channel."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CLAIM_EXAMPLE]})

    act: Act = Field(description="the reimbursable act (unknown codes are refused)")
    payer: Payer = Field(
        description="FEDERAL (RIZIV, paid through the client's mutuality) or FLEMISH (VSB, paid by her care fund)"
    )
    client_pseudonym: str = Field(min_length=16, max_length=128, description="the client's keyed pseudonym")
    pregnancy_id: uuid.UUID | None = Field(
        default=None,
        description="the pregnancy; when omitted, the client's only pregnancy covering the act date is used",
    )
    team_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="care team (coordination, case management)"
    )
    act_date: date = Field(description="day of the act; first day of the fee year or of the intervention")
    period_end: date | None = Field(
        default=None, description="last day of the coordination fee year / case-management intervention"
    )
    minutes: int | None = Field(
        default=None,
        gt=0,
        le=24 * 60,
        strict=True,
        description="consultation time claimed by this participant: a positive whole number of minutes",
    )
    activity_ref: str | None = Field(
        default=None,
        max_length=64,
        description="optional id of the registered activity (screening, session, appointment, consultation)",
    )
    provider: ProviderIn

    @field_validator("team_id")
    @classmethod
    def _canonical_team_id(cls, value: str | None) -> str | None:
        """Careteam's team ids are UUIDs: one spelling, so locks, caps and slots see one team."""
        if value is None:
            return None
        try:
            return str(uuid.UUID(value))
        except ValueError:
            return value

    def to_command(self, submitted_by: str) -> claims.SubmitClaim:
        return claims.SubmitClaim(
            act=self.act,
            payer=self.payer,
            client_pseudonym=self.client_pseudonym,
            pregnancy_id=self.pregnancy_id,
            team_id=self.team_id,
            act_date=self.act_date,
            period_end=self.period_end,
            minutes=self.minutes,
            activity_ref=self.activity_ref,
            provider=self.provider.to_domain(),
            submitted_by=submitted_by,
        )


class EvidenceRead(BaseModel):
    kind: str = Field(examples=["COORDINATOR_APPOINTMENT"])
    ref: str = Field(examples=["0b7c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e"])


class ReasonRead(BaseModel):
    code: str = Field(examples=["DF_3_SAME_ROLE_OTHER_PAYER"], description="stable reason code")
    rule: str = Field(examples=["DF-3"])
    severity: str = Field(description="BLOCK (rejects), REVIEW (holds) or REDUCE (lowers the amount)")
    detail: str
    evidence: list[EvidenceRead]


class TariffRead(BaseModel):
    act: str
    amount: Amount
    unit: str
    valid_from: date
    valid_to: date | None
    payer: str | None
    source: str


class DecisionRead(BaseModel):
    number: int = Field(description="1 for the first decision; reassessments and reviews append decisions")
    outcome: Outcome
    amount: Amount
    requested_amount: Amount
    units: int | None = Field(description="quarter-hours paid (consultation)")
    competent_payer: Payer = Field(description="the payer competent for this act and provider (FIN-30)")
    payer_organisation_code: str | None = Field(description="the mutuality or care fund that pays")
    activity_ref: str | None = Field(description="the registered activity the decision rests on")
    reason_codes: list[str]
    reasons: list[ReasonRead]
    rules_applied: list[str]
    evidence: list[EvidenceRead]
    tariff: TariffRead | None
    decided_by_kind: str = Field(description="RULES or FINANCE_OFFICER")
    decided_by: str
    review: str | None = Field(description="REASSESS, APPROVE or REJECT")
    justification: str | None
    decided_at: datetime

    @classmethod
    def of(cls, d: StoredDecision) -> DecisionRead:
        return cls(
            number=d.number,
            outcome=d.outcome,
            amount=amount_str(d.amount),
            requested_amount=amount_str(d.requested_amount),
            units=d.units,
            competent_payer=d.competent_payer,
            payer_organisation_code=d.payer_organisation_code,
            activity_ref=d.activity_ref,
            reason_codes=list(dict.fromkeys(r["code"] for r in d.reasons)),
            reasons=[ReasonRead.model_validate(r) for r in d.reasons],
            rules_applied=d.rules_applied,
            evidence=[EvidenceRead.model_validate(e) for e in d.evidence],
            tariff=TariffRead.model_validate(d.tariff) if d.tariff else None,
            decided_by_kind=d.decided_by_kind,
            decided_by=d.decided_by,
            review=d.review,
            justification=d.justification,
            decided_at=d.decided_at,
        )


class ProviderRead(BaseModel):
    professional_id: str
    profession: Profession
    organisation_id: str | None
    funding_type: FundingType
    organisation_kind: OrganisationKind
    coordination_in_mission: bool
    recognised_for_case_management: bool


class ClaimSummary(BaseModel):
    id: uuid.UUID
    act: Act
    payer: Payer
    client_pseudonym: str
    pregnancy_id: uuid.UUID | None
    team_id: str | None
    act_date: date
    period_end: date | None
    professional_id: str
    status: Outcome
    amount: Amount
    received_at: datetime
    decided_at: datetime

    @classmethod
    def of(cls, stored: StoredClaim) -> ClaimSummary:
        c = stored.claim
        return cls(
            id=stored.claim_id,
            act=c.act,
            payer=c.payer,
            client_pseudonym=c.client_pseudonym,
            pregnancy_id=uuid.UUID(c.pregnancy_id) if c.pregnancy_id else None,
            team_id=c.team_id,
            act_date=c.act_date,
            period_end=c.period_end,
            professional_id=c.provider.professional_id,
            status=stored.current.status,
            amount=amount_str(stored.current.amount),
            received_at=stored.received_at,
            decided_at=stored.current.decided_at,
        )


class ClaimRead(ClaimSummary):
    minutes: int | None
    activity_ref: str | None
    provider: ProviderRead
    submitted_by: str
    decision: DecisionRead = Field(description="the current decision (the history is under /decisions)")
    finding_ids: list[uuid.UUID] = Field(description="double-funding findings raised against this claim")
    payment_order_id: uuid.UUID | None

    @classmethod
    def of_view(cls, view: claims.ClaimView) -> ClaimRead:
        c = view.claim.claim
        p = c.provider
        return cls(
            **ClaimSummary.of(view.claim).model_dump(),
            minutes=c.minutes,
            activity_ref=c.activity_ref,
            provider=ProviderRead(
                professional_id=p.professional_id,
                profession=p.profession,
                organisation_id=p.organisation_id,
                funding_type=p.funding,
                organisation_kind=p.organisation_kind,
                coordination_in_mission=p.coordination_in_mission,
                recognised_for_case_management=p.recognised_for_case_management,
            ),
            submitted_by=view.claim.submitted_by,
            decision=DecisionRead.of(view.decision),
            finding_ids=[f.finding_id for f in view.findings],
            payment_order_id=view.order.order_id if view.order else None,
        )


ClaimPage = Page[ClaimSummary]


class ReviewCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "action": "APPROVE",
                    "justification": "Kind en Gezin confirmed coordination is not in this team's mission (Q-21).",
                }
            ]
        },
    )

    action: reviews.ReviewAction = Field(description="APPROVE pays what the rules compute; REJECT refuses")
    justification: str = Field(min_length=10, max_length=2000, description="kept in the decision history")

    def to_command(self, claim_id: uuid.UUID, reviewer: str) -> reviews.ReviewClaim:
        return reviews.ReviewClaim(
            claim_id=claim_id, action=self.action, justification=self.justification, reviewer=reviewer
        )
