"""FIN-20 payout organisation of a decision, and a finance officer's review of a held claim."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from financing.domain.assessment import Outcome
from financing.domain.errors import ClaimNotApprovable
from financing.domain.model import Act, FundingType, Money, OrganisationKind, Payer, Profession
from financing.domain.payout import route_payout
from financing.domain.review import approve_after_review, reject_after_review
from tests.financing.unit import FLEMISH_OPEN, accepted, assess, claim, provider

pytestmark = pytest.mark.unit

KEG = provider(
    "nurse-1",
    Profession.NURSE,
    organisation_id="keg-1",
    funding=FundingType.FLEMISH,
    organisation_kind=OrganisationKind.KIND_EN_GEZIN,
)


def test_fin20_fin30_a_payable_federal_decision_is_paid_by_the_clients_landsbond() -> None:
    decision, organisation = route_payout(
        assess(claim(Act.SCREENING)), mutuality_code="235", care_fund_code=None
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert organisation is not None and organisation.code == "200"


def test_fin20_a_flemish_decision_is_paid_by_the_recorded_care_fund_or_the_networks_default() -> None:
    decision = assess(claim(Act.CASE_MANAGEMENT), policy=FLEMISH_OPEN)

    _, recorded = route_payout(decision, mutuality_code="300", care_fund_code="zk-cm")
    _, default = route_payout(decision, mutuality_code="300", care_fund_code=None)

    assert recorded is not None and recorded.code == "ZK-CM"
    assert default is not None and default.code == "ZK-SOL"


def test_fin20_a_payable_decision_without_payer_organisation_is_held_not_paid() -> None:
    decision, organisation = route_payout(
        assess(claim(Act.SCREENING)), mutuality_code=None, care_fund_code=None
    )

    assert organisation is None
    assert decision.outcome is Outcome.HELD
    assert decision.amount == Money.zero()
    assert decision.reason_codes == ("FIN_20_PAYOUT_ORGANISATION_UNKNOWN",)
    assert decision.payable == Money.of("22.55")


def test_fin20_a_decision_that_is_not_payable_needs_no_payer_organisation() -> None:
    rejected = assess(claim(Act.SCREENING, payer=Payer.FLEMISH))

    assert route_payout(rejected, mutuality_code=None, care_fund_code=None) == (rejected, None)


def test_review_approving_a_held_claim_pays_what_the_rules_compute() -> None:
    held = assess(claim(Act.COORDINATION_YEAR, provider=KEG, payer=Payer.FLEMISH), policy=FLEMISH_OPEN)
    assert held.outcome is Outcome.HELD

    approved = approve_after_review(held)

    assert (approved.outcome, approved.amount) == (Outcome.ACCEPTED, Money.of("720.00"))
    assert approved.reason_codes == ("FIN_21_MISSION_REVIEW",)
    assert "REVIEW" in approved.rules_applied


def test_review_approval_keeps_a_reduction() -> None:
    other = accepted(
        claim(Act.PERINATAL_CONSULTATION, claim_id="c-0", act_date=date(2026, 4, 14), minutes=45), "45", 3
    )
    held = replace(
        assess(claim(Act.PERINATAL_CONSULTATION, minutes=60), accepted_claims=[other]),
        outcome=Outcome.HELD,
        amount=Money.zero(),
    )

    approved = approve_after_review(held)

    assert (approved.outcome, approved.amount, approved.units) == (Outcome.REDUCED, Money.of("15.00"), 1)


def test_review_never_overrides_a_blocking_reason() -> None:
    blocked = assess(claim(Act.COORDINATION_YEAR, provider=KEG, payer=Payer.FEDERAL), policy=FLEMISH_OPEN)

    with pytest.raises(ClaimNotApprovable) as raised:
        approve_after_review(blocked)

    assert raised.value.code == "FIN_REVIEW_BLOCKED"
    assert raised.value.extra["reasons"] == ["FIN_30_WRONG_PAYER"]


def test_review_rejection_keeps_the_rules_reasons_and_adds_review_rejected() -> None:
    held = assess(claim(Act.COORDINATION_YEAR, provider=KEG, payer=Payer.FLEMISH), policy=FLEMISH_OPEN)

    rejected = reject_after_review(held, "coordination is in the mission")

    assert rejected.outcome is Outcome.REJECTED
    assert rejected.reason_codes == ("FIN_21_MISSION_REVIEW", "REVIEW_REJECTED")
    assert rejected.amount == Money.zero()
