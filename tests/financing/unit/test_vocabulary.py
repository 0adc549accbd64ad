"""Reading the screening and careteam spelling into the financing model."""

from __future__ import annotations

import pytest

from financing.domain.model import FundingType, OrganisationKind, Profession
from financing.domain.snapshot import Scenario, ScreeningStatus
from financing.domain.vocabulary import (
    funding_of,
    organisation_kind_of,
    profession_of,
    scenario_of,
    screening_status_of,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "funding", "expected"),
    [
        ("GP", None, Profession.GENERAL_PRACTITIONER),
        ("general practitioner", None, Profession.GENERAL_PRACTITIONER),
        ("MIDWIFE", None, Profession.MIDWIFE),
        ("KIND_EN_GEZIN_NURSE", None, Profession.NURSE),
        ("PSYCHOLOGIST", None, Profession.CLINICAL_PSYCHOLOGIST),
        ("DIETITIAN", "FEDERAL", Profession.OTHER_HEALTH_PROFESSIONAL),
        ("DIETITIAN", "HEALTH_INSURANCE", Profession.OTHER_HEALTH_PROFESSIONAL),
        ("DIETITIAN", "FLEMISH", Profession.OTHER_WELFARE_PROFESSIONAL),
        (None, None, Profession.OTHER_WELFARE_PROFESSIONAL),
    ],
)
def test_fin10_an_unknown_profession_is_never_a_health_profession_by_accident(
    raw: str | None, funding: str | None, expected: Profession
) -> None:
    assert profession_of(raw, funding=funding) is expected


def test_fin30_screening_funding_words_carry_no_organisation_funding() -> None:
    assert funding_of("FLEMISH") is FundingType.FLEMISH
    assert funding_of("HEALTH_INSURANCE") is FundingType.OTHER
    assert funding_of(None) is FundingType.OTHER


def test_scenarios_statuses_and_organisation_kinds_are_read_conservatively() -> None:
    assert scenario_of("B") is Scenario.B
    assert scenario_of(None) is Scenario.NONE
    assert screening_status_of("completed") is ScreeningStatus.COMPLETED
    assert screening_status_of("UNKNOWN") is ScreeningStatus.PARTIAL
    assert organisation_kind_of("huis_van_het_kind") is OrganisationKind.HUIS_VAN_HET_KIND
    assert organisation_kind_of("CAW") is OrganisationKind.OTHER
