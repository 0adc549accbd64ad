from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financing.domain.errors import InvalidClaim, InvalidMoney, InvalidPeriod
from financing.domain.model import Act, Money, Period, add_years, fee_year, fee_year_containing
from shared.errors import InvalidInput
from tests.financing.unit import claim

pytestmark = pytest.mark.unit


def test_money_is_quantized_to_cents_half_up() -> None:
    assert Money(Decimal("22.555")).amount == Decimal("22.56")
    assert Money(Decimal("22.554")).amount == Decimal("22.55")
    assert Money(Decimal("0.005")).amount == Decimal("0.01")
    assert Money(Decimal("-0.005")).amount == Decimal("-0.01")


def test_money_refuses_floats_and_non_finite_amounts() -> None:
    with pytest.raises(InvalidMoney):
        Money(22.55)  # type: ignore[arg-type]
    with pytest.raises(InvalidMoney):
        Money(Decimal("NaN"))
    with pytest.raises(InvalidMoney):
        Money.of("twenty")
    with pytest.raises(InvalidMoney):
        Money.of(22.55)  # type: ignore[arg-type]


def test_money_errors_are_invalid_input_domain_errors() -> None:
    with pytest.raises(InvalidInput) as caught:
        Money(Decimal("Infinity"))
    assert caught.value.code == "FIN_INVALID_MONEY"


def test_money_arithmetic_stays_decimal_in_cents() -> None:
    assert Money.of("15") * 3 == Money.of("45.00")
    assert Money.of("48.78") + Money.of("48.78") == Money.of("97.56")
    assert Money.of("720") - Money.of("22.55") == Money.of("697.45")
    assert Money.of("36666.66") * Decimal("0.05") == Money.of("1833.33")
    assert Money.zero().is_zero
    assert str(Money.of("22.55")) == "EUR 22.55"
    assert isinstance((Money.of("1") * 2).amount, Decimal)


def test_period_is_closed_on_both_ends() -> None:
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert period.contains(date(2026, 1, 1))
    assert period.contains(date(2026, 12, 31))
    assert not period.contains(date(2027, 1, 1))
    assert period.overlaps(Period(date(2026, 12, 31), date(2027, 6, 30)))
    assert not period.overlaps(Period(date(2027, 1, 1), date(2027, 6, 30)))


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidPeriod):
        Period(date(2026, 2, 1), date(2026, 1, 31))


def test_q06_second_birthday_of_a_leap_day_child_falls_on_28_february() -> None:
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert add_years(date(2024, 6, 10), 2) == date(2026, 6, 10)


def test_q01_fee_years_are_twelve_months_counted_from_the_coordination_start() -> None:
    anchor = date(2025, 12, 1)
    assert fee_year(anchor, 0) == Period(date(2025, 12, 1), date(2026, 11, 30))
    assert fee_year(anchor, 1) == Period(date(2026, 12, 1), date(2027, 11, 30))
    assert fee_year_containing(anchor, date(2026, 11, 30)) == fee_year(anchor, 0)
    assert fee_year_containing(anchor, date(2026, 12, 1)) == fee_year(anchor, 1)
    assert fee_year_containing(anchor, date(2028, 3, 3)) == fee_year(anchor, 2)
    assert fee_year_containing(anchor, date(2025, 11, 30)) is None


def test_fin13_consultation_claim_without_minutes_is_invalid() -> None:
    with pytest.raises(InvalidClaim):
        claim(Act.PERINATAL_CONSULTATION, minutes=None)
    with pytest.raises(InvalidClaim):
        claim(Act.PERINATAL_CONSULTATION, minutes=0)


def test_fin12_coordination_claim_needs_a_team_and_its_fee_year() -> None:
    with pytest.raises(InvalidClaim):
        claim(Act.COORDINATION_YEAR, team_id=None)
    with pytest.raises(InvalidClaim):
        claim(Act.COORDINATION_YEAR, period_end=None)


def test_perinatal_claim_needs_a_pregnancy_but_legacy_mdo_does_not() -> None:
    with pytest.raises(InvalidClaim):
        claim(Act.SCREENING, pregnancy_id=None)
    assert claim(Act.LEGACY_MDO).pregnancy_id is None


def test_claim_period_cannot_end_before_the_act_date() -> None:
    with pytest.raises(InvalidClaim):
        claim(Act.CASE_MANAGEMENT, period_end=date(2026, 1, 4))


def test_q24_perinatal_consultation_and_legacy_mdo_are_separate_acts() -> None:
    assert len({Act.PERINATAL_CONSULTATION, Act.LEGACY_MDO}) == 2
    assert {a.value for a in Act} >= {"PERINATAL_CONSULTATION", "LEGACY_MDO", "COORDINATION_YEAR"}
