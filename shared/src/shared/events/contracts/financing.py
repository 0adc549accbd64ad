"""Events published by the financing service.

`financing.events` carries claims, decisions, double-funding findings, payment-order acknowledgements (key =
client pseudonym), payment batches (key = payer organisation code) and budget thresholds (key =
``<payer>:<year>:<act>``). Payment orders go to `financing.payment-orders.federal|flemish`, keyed by the payer
organisation (the mutuality's insurer code or the care fund's code), one class per channel.

Amounts are EUR decimal strings with two decimals ("22.55"), never JSON numbers: a float cannot hold a
cent amount exactly. The financing service owns these classes; add new ones here (never edit a released
version).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events.base import EventPayload
from shared.events.contracts.common import Pseudonym
from shared.events.contracts.topics import FINANCING_EVENTS, PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH

Amount = Annotated[
    str,
    Field(
        pattern=r"^-?\d{1,10}\.\d{2}$",
        description='EUR amount as a decimal string with two decimals, e.g. "22.55" (never a float)',
    ),
]
PayerChannel = Literal["FEDERAL", "FLEMISH"]


class ClaimProvider(BaseModel):
    """Who performed the act, in the capacity of the claim (FIN-30, REP-11): identifiers only, no names."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    professional_id: str = Field(max_length=64)
    profession: str = Field(max_length=64)
    organisation_id: str | None = Field(default=None, max_length=64)
    organisation_kind: str = Field(default="OTHER", max_length=64)
    funding_type: str = Field(max_length=32, description="FEDERAL, FLEMISH or OTHER")


class DecisionReason(BaseModel):
    """One rule's verdict on a claim (the free-text detail stays in the financing API)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str = Field(description="stable reason code, e.g. DF_3_SAME_ROLE_OTHER_PAYER")
    rule: str = Field(description="rule id, e.g. DF-3")
    severity: str = Field(description="BLOCK (rejects), REVIEW (holds) or REDUCE (lowers the amount)")


class ClaimReceivedV1(EventPayload):
    event_type = "financing.claim.received"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = "A provider's billing software submitted a claim for one act to one payer."

    claim_id: uuid.UUID
    act: str = Field(
        description="SCREENING, PRENATAL_ADVICE_SESSION, COORDINATION_YEAR, PERINATAL_CONSULTATION, "
        "CASE_MANAGEMENT or LEGACY_MDO"
    )
    payer: PayerChannel = Field(description="the payer channel the claim is addressed to")
    client_pseudonym: Pseudonym
    pregnancy_id: uuid.UUID | None = None
    team_id: str | None = None
    act_date: date
    period_end: date | None = None
    minutes: int | None = None
    provider: ClaimProvider


class ClaimDecidedV1(EventPayload):
    event_type = "financing.claim.decided"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = "A claim was decided (accepted, reduced, rejected or held), by the rules or on review."

    claim_id: uuid.UUID
    decision_number: int = Field(ge=1, description="1 for the first decision; reviews add decisions")
    act: str
    outcome: Literal["ACCEPTED", "REDUCED", "REJECTED", "HELD"]
    amount: Amount
    requested_amount: Amount
    units: int | None = Field(default=None, description="quarter-hours paid (consultation)")
    payer: PayerChannel = Field(description="the payer channel the claim is addressed to")
    competent_payer: PayerChannel = Field(
        description="the payer competent for this act and provider (FIN-30)"
    )
    payer_organisation_code: str | None = Field(default=None, description="who pays out, when payable")
    reason_codes: list[str] = Field(default_factory=list)
    reasons: list[DecisionReason] = Field(default_factory=list)
    rules_applied: list[str] = Field(default_factory=list)
    decided_by: Literal["RULES", "FINANCE_OFFICER"]
    review: str | None = Field(default=None, description="APPROVE, REJECT or REASSESS when on review")
    finding_ids: list[uuid.UUID] = Field(default_factory=list)
    client_pseudonym: Pseudonym
    pregnancy_id: uuid.UUID | None = None
    team_id: str | None = None
    act_date: date
    provider: ClaimProvider


class DoubleFundingFindingRaisedV1(EventPayload):
    event_type = "financing.double_funding_finding.raised"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = (
        "A claim would fund a role or act that is already funded (DF-1, DF-2, DF-3, DF-7): both sides named."
    )

    finding_id: uuid.UUID
    kind: str = Field(description="SAME_ROLE_OTHER_PAYER, SECOND_COORDINATOR, CASE_MANAGEMENT_TWICE, ...")
    rule: str
    reason_code: str
    effect: Literal["BLOCK", "REVIEW"]
    claim_id: uuid.UUID
    payer: PayerChannel
    act: str
    other_claim_id: uuid.UUID
    other_payer: PayerChannel
    other_act: str
    client_pseudonym: Pseudonym
    pregnancy_id: uuid.UUID | None = None
    team_id: str | None = None
    detail: str = Field(max_length=500)


class DoubleFundingFindingResolvedV1(EventPayload):
    event_type = "financing.double_funding_finding.resolved"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = "A finance officer resolved a double-funding finding (the justification stays in financing)."

    finding_id: uuid.UUID
    rule: str
    claim_id: uuid.UUID
    other_claim_id: uuid.UUID
    resolution: Literal["CONFIRMED", "DISMISSED"]
    resolved_on: date
    client_pseudonym: Pseudonym


class Payee(BaseModel):
    """Who is paid: the professional and, when the act was performed for one, the organisation."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    professional_id: str = Field(max_length=64)
    organisation_id: str | None = Field(default=None, max_length=64)


class _PaymentOrderIssued(EventPayload):
    """Fields of a payment order; one class per channel so each topic documents its own message."""

    order_id: uuid.UUID = Field(
        description="the payment order (one per paid claim); acknowledge it with "
        "POST /payment-orders/{order_id}/acknowledgement on the financing API"
    )
    claim_id: uuid.UUID = Field(description="the accepted or reduced claim this order pays")
    payer: PayerChannel = Field(
        description="FEDERAL on financing.payment-orders.federal, FLEMISH on financing.payment-orders.flemish"
    )
    payer_organisation_code: str = Field(
        description="mutuality insurer code or care fund code (the key): the organisation that pays the order"
    )
    payer_organisation_kind: Literal["MUTUALITY", "CARE_FUND"]
    amount: Amount
    currency: Literal["EUR"] = "EUR"
    act: str = Field(
        description="SCREENING, PRENATAL_ADVICE_SESSION, COORDINATION_YEAR, PERINATAL_CONSULTATION, "
        "CASE_MANAGEMENT or LEGACY_MDO"
    )
    act_date: date = Field(description="day of the act; first day of the fee year or of the intervention")
    period_end: date | None = Field(
        default=None, description="last day of the coordination fee year or case-management intervention"
    )
    units: int | None = Field(default=None, description="quarter-hours paid (perinatal consultation)")
    client_pseudonym: Pseudonym
    pregnancy_id: uuid.UUID | None = None
    payee: Payee = Field(description="who is paid: the professional and, if any, the organisation")
    issued_on: date = Field(description="day the order was issued; the monthly payment batch counts it by it")


class FederalPaymentOrderIssuedV1(_PaymentOrderIssued):
    event_type = "financing.federal_payment_order.issued"
    event_version = 1
    topic = PAYMENT_ORDERS_FEDERAL
    summary = (
        "A claim accepted for the federal payer became a payment order for the client's mutuality (RIZIV "
        "channel, FIN-30); key = the mutuality's insurer code."
    )


class FlemishPaymentOrderIssuedV1(_PaymentOrderIssued):
    event_type = "financing.flemish_payment_order.issued"
    event_version = 1
    topic = PAYMENT_ORDERS_FLEMISH
    summary = (
        "A claim accepted for the Flemish payer became a payment order for the client's care fund (VSB "
        "channel, FIN-20 / FIN-30); key = the care fund's code."
    )


class PaymentOrderAcknowledgedV1(EventPayload):
    event_type = "financing.payment_order.acknowledged"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = "The mutuality or care fund acknowledged a payment order addressed to it."

    order_id: uuid.UUID
    claim_id: uuid.UUID
    payer: PayerChannel
    payer_organisation_code: str
    amount: Amount
    acknowledged_on: date
    client_pseudonym: Pseudonym


class PaymentBatchClosedV1(EventPayload):
    event_type = "financing.payment_batch.closed"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = "The periodic payment batch of one payer organisation was totalled and closed; key = its code."

    batch_id: uuid.UUID
    payer: PayerChannel
    payer_organisation_code: str
    period: str = Field(pattern=r"^\d{4}-\d{2}$", description="the batch month, YYYY-MM")
    order_count: int = Field(ge=0)
    total_amount: Amount
    closed_on: date


class BudgetThresholdPassedV1(EventPayload):
    event_type = "financing.budget.threshold_passed"
    event_version = 1
    topic = FINANCING_EVENTS
    summary = "The committed amount of a budget line (payer, year, act) reached 80% or 100% (FIN-50)."

    payer: PayerChannel
    year: int
    act: str
    threshold_percent: int = Field(description="80 or 100")
    budget_amount: Amount
    committed_amount: Amount
    passed_on: date


EVENTS: tuple[type[EventPayload], ...] = (
    ClaimReceivedV1,
    ClaimDecidedV1,
    DoubleFundingFindingRaisedV1,
    DoubleFundingFindingResolvedV1,
    FederalPaymentOrderIssuedV1,
    FlemishPaymentOrderIssuedV1,
    PaymentOrderAcknowledgedV1,
    PaymentBatchClosedV1,
    BudgetThresholdPassedV1,
)
