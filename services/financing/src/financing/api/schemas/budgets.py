"""API contract of budgets (FIN-50) and the read-only reference data (payer organisations, tariffs)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from financing.adapters.budgets import StoredBudget
from financing.api.schemas.common import Amount, AmountIn
from financing.domain.payers_reference import PayerOrganisation
from financing.domain.tariffs import Tariff
from financing.service.common import amount_str


class BudgetUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"amount": "150000.00"}]})

    amount: AmountIn


class BudgetRead(BaseModel):
    payer: str
    year: int
    act: str
    amount: Amount
    committed: Amount = Field(description="sum of the payment orders of this payer, year (act date) and act")
    utilisation_percent: str = Field(examples=["81.25"], description="committed / amount x 100")
    reported_threshold_percent: int | None = Field(description="the highest threshold already reported")
    set_by: str
    updated_at: datetime

    @classmethod
    def of(cls, b: StoredBudget) -> BudgetRead:
        utilisation = b.committed * 100 / b.amount
        return cls(
            payer=b.payer,
            year=b.year,
            act=b.act,
            amount=amount_str(b.amount),
            committed=amount_str(b.committed),
            utilisation_percent=amount_str(utilisation),
            reported_threshold_percent=int(b.reported_threshold * 100)
            if b.reported_threshold is not None
            else None,
            set_by=b.set_by,
            updated_at=b.updated_at,
        )


class PayerOrganisationRead(BaseModel):
    code: str = Field(examples=["300"])
    name_nl: str
    short_name: str
    kind: str = Field(description="MUTUALITY or CARE_FUND")
    payer: str = Field(description="FEDERAL (mutualities) or FLEMISH (care funds)")
    network: str
    official_code: bool = Field(description="false for our own care-fund keys (no official code exists)")

    @classmethod
    def of(cls, o: PayerOrganisation) -> PayerOrganisationRead:
        return cls(
            code=o.code,
            name_nl=o.name_nl,
            short_name=o.short_name,
            kind=o.kind.value,
            payer=o.payer.value,
            network=o.network.value,
            official_code=o.official_code,
        )


class TariffItem(BaseModel):
    act: str
    amount: Amount
    unit: str
    valid_from: date
    valid_to: date | None
    payer: str | None = Field(description="null: the amount applies at both payers")
    source: str

    @classmethod
    def of(cls, t: Tariff) -> TariffItem:
        return cls(
            act=t.act.value,
            amount=amount_str(t.amount),
            unit=t.unit.value,
            valid_from=t.valid_from,
            valid_to=t.valid_to,
            payer=t.payer.value if t.payer else None,
            source=t.source,
        )
