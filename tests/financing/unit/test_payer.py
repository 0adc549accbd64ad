from __future__ import annotations

from datetime import date

import pytest

from financing.domain.assessment import Outcome
from financing.domain.model import Act, FundingType, Money, OrganisationKind, Payer, Profession
from financing.domain.payer import flemish_payments_open, route_payer
from financing.domain.policy import DualProviderRule, Policy
from financing.domain.snapshot import CoordinatorAppointment
from tests.financing.unit import (
    CASE_MANAGER_ORG,
    FLEMISH_OPEN,
    GP,
    NURSE,
    POLICY,
    SOCIAL_WORKER,
    assess,
    claim,
    provider,
    snapshot,
)

pytestmark = pytest.mark.unit

FLEMISH_NURSE = provider("nurse-1", Profession.NURSE, organisation_id="wgc-1", funding=FundingType.FLEMISH)
HOSPITAL_SOCIAL_WORKER = provider(
    "sw-1", Profession.SOCIAL_WORKER, organisation_id="hosp-1", funding=FundingType.FEDERAL
)
WELFARE_COORDINATOR = provider(
    "sw-1", Profession.SOCIAL_WORKER, organisation_id="caw-1", funding=FundingType.FLEMISH
)
WELFARE_SNAPSHOT = snapshot(
    coordinator_appointments=(
        CoordinatorAppointment("app-9", "team-1", "sw-1", date(2025, 12, 1), platform="BIB"),
    )
)


def test_fin30_wug_professional_is_paid_federally() -> None:
    assert route_payer(Act.COORDINATION_YEAR, NURSE, policy=POLICY).payer is Payer.FEDERAL
    assert route_payer(Act.PERINATAL_CONSULTATION, GP, policy=POLICY).payer is Payer.FEDERAL


def test_fin30_federally_funded_facility_is_paid_federally_even_for_a_welfare_professional() -> None:
    assert route_payer(Act.COORDINATION_YEAR, HOSPITAL_SOCIAL_WORKER, policy=POLICY).payer is Payer.FEDERAL


def test_fin30_flemish_funded_welfare_provider_is_paid_by_flanders() -> None:
    assert route_payer(Act.PERINATAL_CONSULTATION, SOCIAL_WORKER, policy=POLICY).payer is Payer.FLEMISH


def test_fin10_fin11_screening_and_ppa_are_always_federal_fees() -> None:
    assert route_payer(Act.SCREENING, FLEMISH_NURSE, policy=POLICY).payer is Payer.FEDERAL
    assert route_payer(Act.PRENATAL_ADVICE_SESSION, GP, policy=POLICY).payer is Payer.FEDERAL


def test_fin23_case_management_follows_the_funding_of_the_recognised_organisation() -> None:
    assert route_payer(Act.CASE_MANAGEMENT, CASE_MANAGER_ORG, policy=POLICY).payer is Payer.FLEMISH
    federal_org = provider("cm-2", Profession.NURSE, organisation_id="h-1", funding=FundingType.FEDERAL)
    assert route_payer(Act.CASE_MANAGEMENT, federal_org, policy=POLICY).payer is Payer.FEDERAL


def test_fin40_legacy_mdo_is_a_flemish_fee() -> None:
    assert route_payer(Act.LEGACY_MDO, GP, policy=POLICY).payer is Payer.FLEMISH


def test_q15_wug_professional_of_a_flemish_funded_organisation_is_paid_by_flanders_by_default() -> None:
    routing = route_payer(Act.COORDINATION_YEAR, FLEMISH_NURSE, policy=POLICY)
    assert FLEMISH_NURSE.is_dual
    assert routing.payer is Payer.FLEMISH
    assert "Q-15" in routing.basis


def test_q15_profession_rule_routes_the_dual_provider_federally() -> None:
    policy = Policy(dual_provider_rule=DualProviderRule.PROFESSION)
    assert route_payer(Act.COORDINATION_YEAR, FLEMISH_NURSE, policy=policy).payer is Payer.FEDERAL


def test_q15_same_professional_acting_self_employed_is_paid_federally() -> None:
    self_employed = provider("nurse-1", Profession.NURSE, funding=FundingType.OTHER)
    assert route_payer(Act.COORDINATION_YEAR, self_employed, policy=POLICY).payer is Payer.FEDERAL


def test_fin30_claim_addressed_to_the_wrong_payer_is_rejected() -> None:
    decision = assess(claim(Act.SCREENING, payer=Payer.FLEMISH))

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("FIN_30_WRONG_PAYER",)
    assert decision.payer is Payer.FEDERAL
    assert "FIN-30" in decision.rules_applied


def test_fin30_coordination_of_a_wug_nurse_addressed_to_flanders_is_rejected() -> None:
    decision = assess(claim(Act.COORDINATION_YEAR, payer=Payer.FLEMISH), policy=FLEMISH_OPEN)

    assert decision.outcome is Outcome.REJECTED
    assert "FIN_30_WRONG_PAYER" in decision.reason_codes


def test_fin14_welfare_coordination_fee_is_refused_while_the_switch_is_off() -> None:
    item = claim(Act.COORDINATION_YEAR, provider=WELFARE_COORDINATOR, payer=Payer.FLEMISH)

    decision = assess(item, snap=WELFARE_SNAPSHOT, policy=FLEMISH_OPEN)

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("FIN_14_WELFARE_FEES_DISABLED",)


def test_fin14_welfare_coordination_fee_is_paid_by_flanders_once_the_switch_is_on() -> None:
    item = claim(Act.COORDINATION_YEAR, provider=WELFARE_COORDINATOR, payer=Payer.FLEMISH)
    policy = Policy(welfare_fees_enabled=True, flemish_payments_start=date(2024, 10, 1))

    decision = assess(item, snap=WELFARE_SNAPSHOT, policy=policy)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of("720")
    assert decision.payer is Payer.FLEMISH


def test_fin14_welfare_consultation_fee_is_refused_while_the_switch_is_off() -> None:
    decision = assess(claim(Act.PERINATAL_CONSULTATION, provider=SOCIAL_WORKER, payer=Payer.FLEMISH))

    assert "FIN_14_WELFARE_FEES_DISABLED" in decision.reason_codes
    assert decision.outcome is Outcome.REJECTED


def test_fin41_default_start_is_2027_and_no_flemish_coordination_is_paid_before_it() -> None:
    assert POLICY.flemish_payments_start == date(2027, 1, 1)
    assert not flemish_payments_open(Act.COORDINATION_YEAR, date(2026, 12, 31), policy=POLICY)
    assert flemish_payments_open(Act.COORDINATION_YEAR, date(2027, 1, 1), policy=POLICY)
    assert not flemish_payments_open(Act.CASE_MANAGEMENT, date(2025, 6, 1), policy=POLICY)
    assert flemish_payments_open(Act.SCREENING, date(2025, 6, 1), policy=POLICY)


def test_fin41_flemish_coordination_claim_before_the_start_date_is_rejected() -> None:
    decision = assess(claim(Act.COORDINATION_YEAR, provider=FLEMISH_NURSE, payer=Payer.FLEMISH))

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("FIN_41_FLEMISH_COORDINATION_NOT_STARTED",)


def test_fin41_flemish_case_management_before_the_start_date_is_rejected() -> None:
    decision = assess(claim(Act.CASE_MANAGEMENT))

    assert "FIN_41_FLEMISH_COORDINATION_NOT_STARTED" in decision.reason_codes


def test_fin41_start_date_is_inclusive_for_a_flemish_consultation() -> None:
    item = claim(
        Act.PERINATAL_CONSULTATION,
        provider=FLEMISH_NURSE,
        payer=Payer.FLEMISH,
        minutes=45,
        act_date=date(2026, 4, 14),
    )

    on_start = assess(item, policy=Policy(flemish_payments_start=date(2026, 4, 14)))
    day_before = assess(item, policy=Policy(flemish_payments_start=date(2026, 4, 15)))

    assert on_start.outcome is Outcome.ACCEPTED
    assert on_start.amount == Money.of("45")
    assert day_before.reason_codes == ("FIN_41_FLEMISH_COORDINATION_NOT_STARTED",)


def test_fin41_does_not_stop_federal_coordination() -> None:
    decision = assess(claim(Act.COORDINATION_YEAR))

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of("720")


def test_fin21_no_coordination_fee_when_coordination_is_in_the_organisation_mission() -> None:
    in_mission = provider("nurse-1", Profession.NURSE, organisation_id="wgc-2", coordination_in_mission=True)

    decision = assess(claim(Act.COORDINATION_YEAR, provider=in_mission))

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("FIN_21_COORDINATION_IN_MISSION",)
    assert "FIN-21" in decision.rules_applied


@pytest.mark.parametrize("kind", [OrganisationKind.KIND_EN_GEZIN, OrganisationKind.HUIS_VAN_HET_KIND])
@pytest.mark.parametrize("flagged", [True, False])
def test_df4_q21_kind_en_gezin_and_huis_van_het_kind_coordination_is_held_for_review(
    kind: OrganisationKind, flagged: bool
) -> None:
    keg_nurse = provider(
        "nurse-1",
        Profession.NURSE,
        organisation_id="keg-1",
        funding=FundingType.FLEMISH,
        coordination_in_mission=flagged,
        organisation_kind=kind,
    )

    decision = assess(
        claim(Act.COORDINATION_YEAR, provider=keg_nurse, payer=Payer.FLEMISH), policy=FLEMISH_OPEN
    )

    assert decision.outcome is Outcome.HELD
    assert decision.reason_codes == ("FIN_21_MISSION_REVIEW",)
    assert decision.amount == Money.zero()
    assert "DF-4" in decision.rules_applied


def test_fin21_does_not_apply_to_a_consultation_participation() -> None:
    in_mission = provider("gp-1", Profession.GENERAL_PRACTITIONER, coordination_in_mission=True)

    decision = assess(claim(Act.PERINATAL_CONSULTATION, provider=in_mission))

    assert decision.outcome is Outcome.ACCEPTED


def test_fin10_screening_by_a_welfare_professional_is_not_paid() -> None:
    decision = assess(claim(Act.SCREENING, provider=provider("gp-1", Profession.SOCIAL_WORKER)))

    assert "FIN_10_NOT_HEALTH_INSURANCE_PROVIDER" in decision.reason_codes


@pytest.mark.parametrize(
    ("profession", "paid"),
    [
        (Profession.GENERAL_PRACTITIONER, True),
        (Profession.GYNAECOLOGIST, True),
        (Profession.MIDWIFE, True),
        (Profession.NURSE, False),
        (Profession.PAEDIATRICIAN, False),
    ],
)
def test_fin11_ppa_is_paid_only_to_gp_gynaecologist_or_midwife(profession: Profession, paid: bool) -> None:
    decision = assess(claim(Act.PRENATAL_ADVICE_SESSION, provider=provider("gp-1", profession)))

    assert (decision.outcome is Outcome.ACCEPTED) is paid
    assert ("FIN_11_PROFESSION_NOT_ELIGIBLE" in decision.reason_codes) is not paid


def test_fin23_case_management_by_an_unrecognised_organisation_is_not_paid() -> None:
    unrecognised = provider(
        "cm-1", Profession.SOCIAL_WORKER, organisation_id="cmorg-1", funding=FundingType.FLEMISH
    )

    decision = assess(claim(Act.CASE_MANAGEMENT, provider=unrecognised), policy=FLEMISH_OPEN)

    assert decision.reason_codes == ("FIN_23_ORGANISATION_NOT_RECOGNISED",)
