"""Lock scopes and funding slots: what keeps DF-1..DF-5 true when claims are decided concurrently."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from financing.domain.funding import funding_slot, lock_scopes
from financing.domain.model import Act, FundingType, Payer, Profession
from tests.financing.unit import NURSE, claim, provider

pytestmark = pytest.mark.unit

NURSE_FOR_FLEMISH_ORG = provider(
    "nurse-1", Profession.NURSE, organisation_id="wgc-1", funding=FundingType.FLEMISH
)


def test_df3_a_claim_is_decided_under_the_lock_of_its_client_and_of_its_team_in_a_fixed_order() -> None:
    assert lock_scopes(claim(Act.COORDINATION_YEAR)) == ("client:client-1", "team:team-1")
    assert lock_scopes(claim(Act.SCREENING)) == ("client:client-1",)


def test_df3_df1_the_same_role_at_the_two_payers_fills_the_same_funding_slot() -> None:
    federal = claim(Act.COORDINATION_YEAR, claim_id="fed", provider=NURSE)
    flemish = claim(Act.COORDINATION_YEAR, claim_id="vl", provider=NURSE_FOR_FLEMISH_ORG, payer=Payer.FLEMISH)
    second_coordinator = claim(
        Act.COORDINATION_YEAR, claim_id="mw", provider=provider("mw-1", Profession.MIDWIFE)
    )

    assert funding_slot(federal) == funding_slot(flemish) == funding_slot(second_coordinator)
    assert funding_slot(federal) == "COORDINATION_YEAR/team-1/2025-12-01"


def test_df5_the_next_fee_year_is_another_slot() -> None:
    this_year = claim(Act.COORDINATION_YEAR)
    next_year = claim(Act.COORDINATION_YEAR, act_date=date(2026, 12, 1), period_end=date(2027, 11, 30))

    assert funding_slot(this_year) != funding_slot(next_year)


@pytest.mark.parametrize(
    ("act", "ref", "expected"),
    [
        (Act.SCREENING, "scr-1", "SCREENING/preg-1/scr-1"),
        (Act.PRENATAL_ADVICE_SESSION, "ppa-1", "PRENATAL_ADVICE_SESSION/preg-1/ppa-1"),
        (Act.PERINATAL_CONSULTATION, "cons-1", "PERINATAL_CONSULTATION/cons-1/gp-1"),
        (Act.CASE_MANAGEMENT, "int-1", "CASE_MANAGEMENT/team-1/int-1"),
        (Act.LEGACY_MDO, None, "LEGACY_MDO/client-1/gp-1/2026-02-20"),
    ],
)
def test_df5_each_act_has_a_slot_per_activity(act: Act, ref: str | None, expected: str) -> None:
    assert funding_slot(replace(claim(act), activity_ref=ref)) == expected


def test_df5_a_claim_whose_activity_is_unknown_falls_back_to_its_professional_and_date() -> None:
    assert (
        funding_slot(claim(Act.PRENATAL_ADVICE_SESSION)) == "PRENATAL_ADVICE_SESSION/preg-1/gp-1/2025-11-20"
    )
