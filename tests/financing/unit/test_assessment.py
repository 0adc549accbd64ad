from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financing.domain.assessment import Outcome, decide_outcome
from financing.domain.errors import ClaimNotPayable, ClaimRejected
from financing.domain.model import Act, FundingType, Money, OrganisationKind, Payer, Profession
from financing.domain.reasons import EvidenceKind, ReasonCode, block, reduce, review
from financing.domain.snapshot import Scenario
from tests.financing.unit import FLEMISH_OPEN, NURSE, assess, claim, pay, provider, snapshot

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("act", "amount", "rules"),
    [
        (Act.SCREENING, "22.55", {"FIN-10", "SCR-07", "SCR-08", "DF-5", "DF-3", "Q-17", "FIN-30"}),
        (Act.PRENATAL_ADVICE_SESSION, "48.78", {"FIN-11", "FIN-15", "DF-5", "Q-04", "DF-3"}),
        (
            Act.COORDINATION_YEAR,
            "720.00",
            {"FIN-12", "CT-19", "FIN-21", "FIN-41", "DF-1", "DF-7", "Q-01", "Q-18"},
        ),
        (Act.PERINATAL_CONSULTATION, "60.00", {"FIN-13", "CT-50", "FIN-14", "DF-5", "Q-03", "DF-7"}),
        (Act.CASE_MANAGEMENT, "300.00", {"FIN-23", "FIN-24", "Q-11", "DF-2", "DF-5"}),
        (Act.LEGACY_MDO, "40.00", {"FIN-40", "DF-7"}),
    ],
)
def test_eligible_claim_of_each_act_is_accepted_at_its_tariff_with_the_rules_applied(
    act: Act, amount: str, rules: set[str]
) -> None:
    decision = assess(claim(act), policy=FLEMISH_OPEN)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of(amount)
    assert decision.amount.amount.as_tuple().exponent == -2
    assert decision.reasons == ()
    assert rules <= set(decision.rules_applied)


def test_decision_names_the_activity_it_rests_on_as_evidence() -> None:
    decision = assess(claim(Act.COORDINATION_YEAR))

    assert decision.activity_id == "app-1"
    assert decision.evidence[0].kind is EvidenceKind.COORDINATOR_APPOINTMENT
    assert decision.evidence[0].ref == "app-1"


def test_every_failing_rule_is_reported_at_once() -> None:
    nurse_ppa = claim(
        Act.PRENATAL_ADVICE_SESSION, provider=NURSE, payer=Payer.FLEMISH, act_date=date(2026, 6, 20)
    )

    decision = assess(nurse_ppa, snap=snapshot(scenario=Scenario.NONE))

    assert decision.outcome is Outcome.REJECTED
    assert set(decision.reason_codes) == {
        "FIN_30_WRONG_PAYER",
        "FIN_11_PROFESSION_NOT_ELIGIBLE",
        "FIN_11_PPA_WINDOW",
        "FIN_11_SCENARIO_NOT_ELIGIBLE",
        "ACTIVITY_NOT_YET_KNOWN",
    }


def test_unknown_client_stops_the_assessment() -> None:
    decision = assess(claim(Act.SCREENING, payer=Payer.FLEMISH, pregnancy_id="preg-x"))

    assert decision.reason_codes == ("UNKNOWN_CLIENT",)
    assert decision.rules_applied == ("REGISTRATION",)


def test_a_blocking_reason_wins_over_a_review_reason() -> None:
    keg = provider(
        "nurse-1",
        Profession.NURSE,
        organisation_id="keg-1",
        funding=FundingType.FLEMISH,
        organisation_kind=OrganisationKind.KIND_EN_GEZIN,
    )

    decision = assess(claim(Act.COORDINATION_YEAR, provider=keg, payer=Payer.FEDERAL), policy=FLEMISH_OPEN)

    assert decision.outcome is Outcome.REJECTED
    assert set(decision.reason_codes) == {"FIN_21_MISSION_REVIEW", "FIN_30_WRONG_PAYER"}


def test_decide_outcome_precedence() -> None:
    paid, asked = Money.of("45"), Money.of("60")
    held = review(ReasonCode.ACTIVITY_NOT_YET_KNOWN, "x")
    blocked = block(ReasonCode.DF_5_CAP_REACHED, "x")
    lowered = reduce(ReasonCode.DF_5_CONSULTATION_CAP_REDUCED, "x")

    assert decide_outcome([held, blocked], amount=paid, requested=asked) is Outcome.REJECTED
    assert decide_outcome([held, lowered], amount=paid, requested=asked) is Outcome.HELD
    assert decide_outcome([lowered], amount=paid, requested=asked) is Outcome.REDUCED
    assert decide_outcome([], amount=asked, requested=asked) is Outcome.ACCEPTED


def test_held_and_rejected_decisions_pay_nothing() -> None:
    held = assess(claim(Act.PERINATAL_CONSULTATION, act_date=date(2026, 6, 20), minutes=30))

    assert held.outcome is Outcome.HELD
    assert held.amount == Money.zero()
    assert held.units is None
    assert held.requested_amount == Money.of("30")


def test_payable_decision_becomes_an_accepted_claim_with_its_activity_resolved() -> None:
    item = claim(Act.PERINATAL_CONSULTATION, minutes=75)
    decision = assess(item)

    paid = decision.accepted_claim(item)

    assert paid.amount == Money.of("60")
    assert paid.units == 4
    assert paid.claim.activity_ref == "cons-1"
    assert paid.amount.amount == Decimal("60.00")


def test_rejected_decision_cannot_become_a_payment() -> None:
    item = claim(Act.SCREENING, payer=Payer.FLEMISH)
    decision = assess(item)

    with pytest.raises(ClaimNotPayable):
        pay(decision, item)


def test_rejected_decision_maps_to_a_claim_rejected_error_with_its_reason_codes() -> None:
    decision = assess(claim(Act.SCREENING, payer=Payer.FLEMISH))

    error = decision.error()

    assert isinstance(error, ClaimRejected)
    assert error.rule == "FIN-30"
    assert error.extra["reasons"] == ["FIN_30_WRONG_PAYER"]
    assert assess(claim(Act.SCREENING)).error() is None


def test_fin40_legacy_mdo_needs_no_perinatal_projection_and_no_programme_window() -> None:
    decision = assess(claim(Act.LEGACY_MDO, act_date=date(2021, 3, 1)), no_snapshot=True)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.payer is Payer.FLEMISH


def test_fin40_legacy_mdo_before_the_mdo_system_started_has_no_tariff() -> None:
    decision = assess(claim(Act.LEGACY_MDO, act_date=date(2020, 4, 30)), no_snapshot=True)

    assert decision.reason_codes == ("Q_17_NO_VALID_TARIFF",)


def test_ctx03_perinatal_act_before_the_programme_start_is_rejected() -> None:
    decision = assess(claim(Act.SCREENING, act_date=date(2024, 9, 30)))

    assert "CTX_03_OUTSIDE_PROGRAMME_PERIOD" in decision.reason_codes
    assert "Q_17_NO_VALID_TARIFF" in decision.reason_codes
