"""API contract of payment orders and payment batches."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from financing.adapters.payments import StoredBatch, StoredOrder
from financing.api.schemas.common import Amount, Page
from financing.service import batches
from financing.service.common import amount_str


class PaymentOrderRead(BaseModel):
    id: uuid.UUID
    claim_id: uuid.UUID
    payer: str = Field(description="FEDERAL or FLEMISH")
    payer_organisation_code: str = Field(examples=["300", "ZK-SOL"])
    payer_organisation_kind: str = Field(description="MUTUALITY or CARE_FUND")
    amount: Amount
    currency: str = "EUR"
    act: str
    act_date: date
    period_end: date | None
    units: int | None
    client_pseudonym: str
    pregnancy_id: uuid.UUID | None
    payee_professional_id: str
    payee_organisation_id: str | None
    issued_on: date
    status: str = Field(description="ISSUED or ACKNOWLEDGED")
    acknowledged_at: datetime | None
    batch_id: uuid.UUID | None

    @classmethod
    def of(cls, o: StoredOrder) -> PaymentOrderRead:
        return cls(
            id=o.order_id,
            claim_id=o.claim_id,
            payer=o.payer,
            payer_organisation_code=o.payer_organisation_code,
            payer_organisation_kind=o.payer_organisation_kind,
            amount=amount_str(o.amount),
            act=o.act,
            act_date=o.act_date,
            period_end=o.period_end,
            units=o.units,
            client_pseudonym=o.client_pseudonym,
            pregnancy_id=o.pregnancy_id,
            payee_professional_id=o.payee_professional_id,
            payee_organisation_id=o.payee_organisation_id,
            issued_on=o.issued_on,
            status=o.status,
            acknowledged_at=o.acknowledged_at,
            batch_id=o.batch_id,
        )


PaymentOrderPage = Page[PaymentOrderRead]


class PaymentBatchCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"payer_organisation_code": "300", "period": "2026-10"}]},
    )

    payer_organisation_code: str = Field(
        min_length=3, max_length=20, description="mutuality insurer code or care fund code"
    )
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="the batch month, YYYY-MM")

    def to_command(self, closed_by: str) -> batches.RunPaymentBatch:
        year, month = (int(part) for part in self.period.split("-"))
        return batches.RunPaymentBatch(
            payer_organisation_code=self.payer_organisation_code, year=year, month=month, closed_by=closed_by
        )


class PaymentBatchRead(BaseModel):
    id: uuid.UUID
    payer: str
    payer_organisation_code: str
    period: str
    period_start: date
    period_end: date
    order_count: int
    total_amount: Amount
    closed_by: str
    closed_at: datetime

    @classmethod
    def of(cls, b: StoredBatch) -> PaymentBatchRead:
        return cls(
            id=b.batch_id,
            payer=b.payer,
            payer_organisation_code=b.payer_organisation_code,
            period=b.period,
            period_start=b.period_start,
            period_end=b.period_end,
            order_count=b.order_count,
            total_amount=amount_str(b.total_amount),
            closed_by=b.closed_by,
            closed_at=b.closed_at,
        )


PaymentBatchPage = Page[PaymentBatchRead]
