"""Settings of the financing service (env prefix FINANCING_).

Every rule switch and cap of the domain `Policy` and the configurable tariffs are settings, so a policy
decision (FIN-41's start date, FIN-14's welfare fees, the case-management amount ...) is a configuration
change, not a code change. Lists are comma-separated in the environment, e.g.
``FINANCING_APPROVED_PLATFORMS=BIB,ALIVIA``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from financing.domain.model import Money, OrganisationKind
from financing.domain.policy import DualProviderRule, Policy
from financing.domain.tariffs import PROGRAMME_TARIFF_START, TariffTable, default_tariff_table
from shared.config import ServiceSettings, settings_config


class FinancingSettings(ServiceSettings):
    model_config = settings_config("FINANCING_")

    service_name: str = "financing"
    http_port: int = 8003
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/financing")

    # The rules (domain Policy); defaults follow docs/domain-rules.md §7 and `financing.domain.policy`.
    welfare_fees_enabled: bool = Field(default=False, description="FIN-14 / Q-09")
    flemish_payments_start: date = Field(default=date(2027, 1, 1), description="FIN-41")
    programme_start: date = Field(default=date(2024, 10, 1), description="CTX-03")
    programme_end: date = Field(default=date(2028, 12, 31), description="CTX-03, Q-02")
    screening_days_after_birth: int = Field(default=7, description="SCR-07")
    screenings_per_pregnancy: int = Field(default=1, description="FIN-10, DF-5")
    ppa_per_pregnancy: int = Field(default=2, description="FIN-11, DF-5, Q-04")
    consultation_unit_minutes: int = Field(default=15, description="FIN-13")
    consultation_minutes_per_year: int = Field(default=60, description="FIN-13, Q-03")
    consultation_max_health_insurance_professionals: int = Field(default=4, description="FIN-13, DF-5")
    consultation_min_participants: int = Field(default=4, description="CT-50")
    age_limit_years: int = Field(default=2, description="CTX-04, Q-06")
    activity_grace_days: int = Field(default=30, description="ACTIVITY_NOT_YET_KNOWN is held this long")
    dual_provider_rule: DualProviderRule = Field(default=DualProviderRule.ORGANISATION, description="Q-15")
    mission_review_organisation_kinds: Annotated[list[OrganisationKind], NoDecode] = Field(
        default_factory=lambda: [OrganisationKind.KIND_EN_GEZIN, OrganisationKind.HUIS_VAN_HET_KIND],
        description="DF-4 / Q-21: organisation kinds whose coordination claims are held for review",
    )
    approved_platforms: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["BIB", "ALIVIA", "PERINATAL_CARETEAM"],
        description="FIN-24 / Q-14: collaboration platforms on which coordination and case management count",
    )
    # The careteam events carry no platform: what is registered in the suite's careteam service counts as
    # registered on this platform. Remove it from `approved_platforms` to refuse such registrations.
    careteam_platform: str = "PERINATAL_CARETEAM"

    # Tariffs: the four perinatal acts from source 003; the rest only when configured.
    tariff_start: date = Field(default=PROGRAMME_TARIFF_START, description="first day of the 003 tariffs")
    case_management_amount: Decimal | None = Field(default=None, description="FIN-23: no amount in sources")
    legacy_mdo_amount: Decimal | None = Field(default=None, description="FIN-40: VSB MDO fee")

    # A decision that loses a race on the funding-slot index is taken again this many times at most.
    claim_decision_attempts: int = Field(default=3, ge=1, le=10)

    # Held claims are decided again without an operator (`financing.consumers`): right after a projection
    # batch brings the activity of a client with claims held ACTIVITY_NOT_YET_KNOWN, and periodically (every
    # held claim, oldest first: late activities are paid, those past ACTIVITY_GRACE_DAYS rejected).
    reassessment_interval_seconds: int = Field(
        default=3600,
        ge=0,
        description="period of the held-claims reassessment in the consumers process; 0 disables it",
    )
    reassessment_limit: int = Field(
        default=5000, ge=1, le=100_000, description="held claims decided again per periodic run at most"
    )

    @field_validator("mission_review_organisation_kinds", "approved_platforms", mode="before")
    @classmethod
    def _split_csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip().upper() for item in value.split(",") if item.strip()]
        return value

    def policy(self) -> Policy:
        """The domain policy built from these settings (validated: a bad value fails at start-up)."""
        return Policy(
            welfare_fees_enabled=self.welfare_fees_enabled,
            flemish_payments_start=self.flemish_payments_start,
            programme_start=self.programme_start,
            programme_end=self.programme_end,
            screening_days_after_birth=self.screening_days_after_birth,
            screenings_per_pregnancy=self.screenings_per_pregnancy,
            ppa_per_pregnancy=self.ppa_per_pregnancy,
            consultation_unit_minutes=self.consultation_unit_minutes,
            consultation_minutes_per_year=self.consultation_minutes_per_year,
            consultation_max_health_insurance_professionals=self.consultation_max_health_insurance_professionals,
            consultation_min_participants=self.consultation_min_participants,
            age_limit_years=self.age_limit_years,
            activity_grace_days=self.activity_grace_days,
            dual_provider_rule=self.dual_provider_rule,
            mission_review_organisation_kinds=frozenset(self.mission_review_organisation_kinds),
            approved_platforms=frozenset(p.upper() for p in self.approved_platforms),
        )

    def tariff_table(self) -> TariffTable:
        """Q-17: the tariffs with their validity periods, with the configured case-management/MDO amounts."""
        return default_tariff_table(
            programme_start=self.tariff_start,
            case_management_amount=(
                Money.of(self.case_management_amount) if self.case_management_amount is not None else None
            ),
            legacy_mdo_amount=Money.of(self.legacy_mdo_amount)
            if self.legacy_mdo_amount is not None
            else None,
        )
