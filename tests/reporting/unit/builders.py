"""Plain builders for reporting unit tests."""

from datetime import date
from typing import Any

from reporting.domain.model import Fact, FactKind

# NIS codes (REFNIS 2025) used across the reporting tests, with their ELZ.
ANTWERPEN = "11002"  # elz2 Antwerpen en rand, province 10000
BORSBEEK_2024 = "11007"  # retired on 2024-12-31, now part of Antwerpen
SCHOTEN = "11040"  # elz2 Antwerpen en rand
AARTSELAAR = "11001"  # elz43 RupeLaar, province 10000
BOECHOUT = "11004"  # elz55 ZORA, province 10000
VILVOORDE = "23088"  # elz42 BraViO, province 20001
ZEMST = "23096"  # elz42 BraViO, province 20001
BRUSSEL = "21004"  # elz7 Bruzel
LIEGE = "62063"  # Wallonia, no ELZ


def make_fact(**overrides: Any) -> Fact:
    values: dict[str, Any] = {
        "kind": FactKind.SCREENING_COMPLETED,
        "occurred_on": date(2026, 3, 15),
        "programme": "PERINATAL",
        "residence_nis": ANTWERPEN,
        "subject_pseudonym": "preg-0001",
        "professional_id": "pro-0001",
        "profession": "MIDWIFE",
        "funding_type": "FEDERAL",
    }
    values.update(overrides)
    return Fact(**values)


def many(count: int, **overrides: Any) -> list[Fact]:
    """`count` facts with distinct subjects (and the same professional unless overridden)."""
    prefix = overrides.pop("prefix", "preg")
    return [make_fact(subject_pseudonym=f"{prefix}-{index:04d}", **overrides) for index in range(count)]
