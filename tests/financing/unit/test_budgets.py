from __future__ import annotations

from decimal import Decimal

import pytest

from financing.domain.budgets import (
    MESO_SUBSIDY_PER_CARE_COUNCIL,
    Budget,
    budget_alerts,
    budget_thresholds_crossed,
    budget_utilisation,
    committed_amount,
    find_budget,
    meso_subsidy_withheld,
    threshold_level,
)
from financing.domain.errors import InvalidBudget
from financing.domain.model import Act, Money, Payer
from tests.financing.unit import accepted, claim

pytestmark = pytest.mark.unit

BUDGET = Budget(Payer.FEDERAL, 2026, Act.COORDINATION_YEAR, Money.of("7200"))


def test_fin50_reaching_80_percent_exactly_crosses_the_first_threshold() -> None:
    crossed = budget_thresholds_crossed(BUDGET, Money.of("5759.99"), Money.of("5760.00"))

    assert crossed == [Decimal("0.8")]


def test_fin50_a_commitment_below_80_percent_crosses_nothing() -> None:
    assert budget_thresholds_crossed(BUDGET, Money.of("5000"), Money.of("5759.99")) == []


def test_fin50_a_threshold_already_crossed_is_not_reported_again() -> None:
    assert budget_thresholds_crossed(BUDGET, Money.of("5760"), Money.of("6480")) == []


def test_fin50_one_large_commitment_can_cross_both_thresholds() -> None:
    crossed = budget_thresholds_crossed(BUDGET, Money.of("5000"), Money.of("7920"))

    assert crossed == [Decimal("0.8"), Decimal("1.0")]


def test_fin50_reaching_the_full_budget_crosses_100_percent() -> None:
    assert budget_thresholds_crossed(BUDGET, Money.of("6480"), Money.of("7200")) == [Decimal("1.0")]


def test_fin50_a_release_crosses_nothing() -> None:
    assert budget_thresholds_crossed(BUDGET, Money.of("7200"), Money.of("5000")) == []


def test_fin50_budget_must_be_positive() -> None:
    with pytest.raises(InvalidBudget):
        Budget(Payer.FLEMISH, 2027, Act.CASE_MANAGEMENT, Money.zero())


def test_fin50_committed_amount_counts_one_payer_year_and_act() -> None:
    items = [
        accepted(claim(Act.COORDINATION_YEAR, claim_id="a"), "720"),
        accepted(claim(Act.COORDINATION_YEAR, claim_id="b", team_id="team-2"), "720"),
        accepted(claim(Act.COORDINATION_YEAR, claim_id="c", payer=Payer.FLEMISH), "720"),
        accepted(claim(Act.SCREENING, claim_id="d"), "22.55"),
    ]

    committed = committed_amount(items, payer=Payer.FEDERAL, year=2025, act=Act.COORDINATION_YEAR)

    assert committed == Money.of("1440")
    assert budget_utilisation(BUDGET, committed) == Decimal("0.2")
    assert find_budget([BUDGET], payer=Payer.FEDERAL, year=2026, act=Act.COORDINATION_YEAR) == BUDGET
    assert find_budget([BUDGET], payer=Payer.FLEMISH, year=2026, act=Act.COORDINATION_YEAR) is None


def test_fin51_five_percent_of_the_meso_subsidy_is_withheld_for_a_late_justification() -> None:
    assert MESO_SUBSIDY_PER_CARE_COUNCIL.amount == Decimal("36666.66")
    assert meso_subsidy_withheld(justification_late=True) == Money.of("1833.33")
    assert meso_subsidy_withheld(justification_late=False) == Money.zero()


def test_fin50_budget_alerts_report_each_reached_threshold_once() -> None:
    first, level = budget_alerts(BUDGET, Money.of("5760"), reported=None)
    again, same = budget_alerts(BUDGET, Money.of("6000"), reported=level)
    both, top = budget_alerts(
        Budget(Payer.FEDERAL, 2026, Act.SCREENING, Money.of("100")), Money.of("150"), reported=None
    )

    assert (first, level) == ([Decimal("0.8")], Decimal("0.8"))
    assert (again, same) == ([], Decimal("0.8"))
    assert (both, top) == ([Decimal("0.8"), Decimal("1.0")], Decimal("1.0"))


def test_fin50_a_raised_budget_re_arms_its_thresholds() -> None:
    raised = Budget(Payer.FEDERAL, 2026, Act.COORDINATION_YEAR, Money.of("72000"))

    alerts, level = budget_alerts(raised, Money.of("7200"), reported=Decimal("1.0"))

    assert (alerts, level) == ([], None)
    assert threshold_level(BUDGET, Money.of("7199.99")) == Decimal("0.8")
