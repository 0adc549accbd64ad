"""Policy switches and caps, passed into every rule (the service builds one from its settings).

Defaults follow docs/domain-rules.md §7. Two of them are decisions rather than restatements:

* `flemish_payments_start` (FIN-41) defaults to 2027-01-01. Source 000 (spring 2025) says no Flemish
  coordination or case-management fee can be paid in 2025 because the VSB decree must change first, and
  source 001 (10/02/2026) says there is still "no framework for Flemish financing of coordination". A
  decree amendment plus an implementing BVR plus care-fund implementation does not fit in the rest of
  2026, and Alivia (mandatory for those claims, FIN-24) only rolls out from mid-2026. 2026-01-01 would
  therefore pay claims that have no legal basis; 2027-01-01 is the earliest plausible date, and it must be
  set to the real date in configuration once the BVR is published. An early default pays wrongly and is
  hard to recover; a late default only holds money back.
* `dual_provider_rule` (Q-15) defaults to ORGANISATION: see `financing.domain.payer`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from financing.domain.errors import InvalidPolicy
from financing.domain.model import OrganisationKind


class DualProviderRule(StrEnum):
    """Q-15: how to route a WUG professional working for a Flemish-funded organisation."""

    ORGANISATION = "ORGANISATION"  # the funding of the organisation the act was performed for decides
    PROFESSION = "PROFESSION"  # FIN-30 read literally: every WUG professional is paid federally


@dataclass(frozen=True)
class Policy:
    """Configuration values of the financing rules; every field is a policy decision, not a constant."""

    welfare_fees_enabled: bool = False  # FIN-14 / Q-09
    flemish_payments_start: date = date(2027, 1, 1)  # FIN-41, see module docstring
    programme_start: date = date(2024, 10, 1)  # CTX-03 (source 003)
    programme_end: date = date(2028, 12, 31)  # CTX-03, Q-02
    screening_days_after_birth: int = 7  # SCR-07
    screenings_per_pregnancy: int = 1  # FIN-10, DF-5
    ppa_per_pregnancy: int = 2  # FIN-11, DF-5, Q-04
    consultation_unit_minutes: int = 15  # FIN-13
    consultation_minutes_per_year: int = 60  # FIN-13, Q-03: per client per calendar year
    consultation_max_health_insurance_professionals: int = 4  # FIN-13, DF-5
    consultation_min_participants: int = 4  # CT-50
    age_limit_years: int = 2  # CTX-04, Q-06: up to the 2nd birthday
    activity_grace_days: int = 30  # how long an unregistered activity is held before it is rejected
    dual_provider_rule: DualProviderRule = DualProviderRule.ORGANISATION
    # Q-21 / DF-4: organisations whose mission overlap is "still to be worked out" are held, not rejected.
    mission_review_organisation_kinds: frozenset[OrganisationKind] = field(
        default_factory=lambda: frozenset(
            {OrganisationKind.KIND_EN_GEZIN, OrganisationKind.HUIS_VAN_HET_KIND}
        )
    )
    # FIN-24 / Q-14: coordination and case management must be registered on an approved platform.
    approved_platforms: frozenset[str] = field(default_factory=lambda: frozenset({"BIB", "ALIVIA"}))

    def __post_init__(self) -> None:
        positive = {
            "screenings_per_pregnancy": self.screenings_per_pregnancy,
            "ppa_per_pregnancy": self.ppa_per_pregnancy,
            "consultation_unit_minutes": self.consultation_unit_minutes,
            "consultation_minutes_per_year": self.consultation_minutes_per_year,
            "consultation_max_health_insurance_professionals": self.consultation_max_health_insurance_professionals,
            "age_limit_years": self.age_limit_years,
        }
        for name, value in positive.items():
            if value <= 0:
                raise InvalidPolicy(f"{name} must be positive, got {value}")
        if self.screening_days_after_birth < 0 or self.activity_grace_days < 0:
            raise InvalidPolicy("day counts cannot be negative")
        if self.programme_end < self.programme_start:
            raise InvalidPolicy("programme_end is before programme_start")

    @property
    def consultation_units_per_year(self) -> int:
        """The yearly consultation cap in whole units (60 min / 15 min = 4)."""
        return self.consultation_minutes_per_year // self.consultation_unit_minutes
