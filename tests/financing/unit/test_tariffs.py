from __future__ import annotations

from datetime import date

import pytest

from financing.domain.assessment import Outcome
from financing.domain.errors import InvalidTariffTable
from financing.domain.model import Act, Money, Payer
from financing.domain.snapshot import ScreeningRecord, ScreeningStatus
from financing.domain.tariffs import (
    Tariff,
    TariffTable,
    TariffUnit,
    default_tariff_table,
    payer_tariff_gaps,
    tariff_on,
)
from tests.financing.unit import FLEMISH_OPEN, assess, claim, snapshot

pytestmark = pytest.mark.unit

CHANGE = date(2026, 1, 1)


def _screening_tariffs_changing_on_1_january_2026() -> TariffTable:
    base = default_tariff_table()
    without_screening = tuple(t for t in base.tariffs if t.act is not Act.SCREENING)
    return TariffTable(
        (
            *without_screening,
            Tariff(
                Act.SCREENING, Money.of("22.55"), TariffUnit.PER_ACT, date(2024, 10, 1), date(2025, 12, 31)
            ),
            Tariff(Act.SCREENING, Money.of("23.10"), TariffUnit.PER_ACT, CHANGE),
        )
    )


def test_fin10_to_13_default_tariffs_are_the_amounts_of_source_003() -> None:
    table = default_tariff_table()
    day = date(2025, 1, 1)
    amounts = {act: tariff_on(table, act, day) for act in Act}
    screening = amounts[Act.SCREENING]
    assert screening is not None and screening.amount == Money.of("22.55")
    ppa = amounts[Act.PRENATAL_ADVICE_SESSION]
    assert ppa is not None and ppa.amount == Money.of("48.78")
    coordination = amounts[Act.COORDINATION_YEAR]
    assert coordination is not None and coordination.amount == Money.of("720")
    assert coordination.unit is TariffUnit.PER_FEE_YEAR
    consultation = amounts[Act.PERINATAL_CONSULTATION]
    assert consultation is not None and consultation.price(4) == Money.of("60")


def test_q17_no_tariff_is_valid_before_the_programme_start() -> None:
    table = default_tariff_table()
    assert tariff_on(table, Act.SCREENING, date(2024, 9, 30)) is None
    assert tariff_on(table, Act.SCREENING, date(2024, 10, 1)) is not None


def test_q17_claim_is_priced_by_the_tariff_valid_on_its_act_date_when_the_tariff_changes() -> None:
    table = _screening_tariffs_changing_on_1_january_2026()
    before = snapshot(
        screenings=(ScreeningRecord("scr-1", date(2025, 12, 31), ScreeningStatus.COMPLETED, "gp-1"),)
    )
    on_change = snapshot(screenings=(ScreeningRecord("scr-1", CHANGE, ScreeningStatus.COMPLETED, "gp-1"),))

    old = assess(claim(Act.SCREENING, act_date=date(2025, 12, 31)), snap=before, tariffs=table)
    new = assess(claim(Act.SCREENING, act_date=CHANGE), snap=on_change, tariffs=table)

    assert old.outcome is Outcome.ACCEPTED and old.amount == Money.of("22.55")
    assert new.outcome is Outcome.ACCEPTED and new.amount == Money.of("23.10")


def test_q17_claim_without_a_valid_tariff_is_rejected() -> None:
    decision = assess(claim(Act.CASE_MANAGEMENT), tariffs=default_tariff_table(), policy=FLEMISH_OPEN)

    assert decision.outcome is Outcome.REJECTED
    assert "Q_17_NO_VALID_TARIFF" in decision.reason_codes
    assert decision.amount == Money.zero()


def test_fin23_and_fin40_amounts_exist_only_when_configured() -> None:
    day = date(2026, 1, 1)
    assert tariff_on(default_tariff_table(), Act.CASE_MANAGEMENT, day) is None
    assert tariff_on(default_tariff_table(), Act.LEGACY_MDO, day) is None
    configured = default_tariff_table(
        case_management_amount=Money.of("250"), legacy_mdo_amount=Money.of("40")
    )
    cm = tariff_on(configured, Act.CASE_MANAGEMENT, day)
    mdo = tariff_on(configured, Act.LEGACY_MDO, date(2020, 5, 1))
    assert cm is not None and cm.amount == Money.of("250")
    assert mdo is not None and mdo.amount == Money.of("40")
    assert tariff_on(configured, Act.LEGACY_MDO, date(2020, 4, 30)) is None


def test_q17_overlapping_tariffs_for_the_same_act_and_payer_are_refused() -> None:
    with pytest.raises(InvalidTariffTable):
        TariffTable(
            (
                Tariff(
                    Act.SCREENING, Money.of("22.55"), TariffUnit.PER_ACT, date(2024, 10, 1), date(2026, 1, 1)
                ),
                Tariff(Act.SCREENING, Money.of("23.10"), TariffUnit.PER_ACT, date(2026, 1, 1)),
            )
        )


def test_q17_tariff_validity_cannot_be_inverted() -> None:
    with pytest.raises(InvalidTariffTable):
        Tariff(Act.SCREENING, Money.of("22.55"), TariffUnit.PER_ACT, date(2026, 1, 1), date(2025, 1, 1))


def test_fin31_payer_specific_tariff_takes_precedence_and_the_gap_is_reported() -> None:
    flemish = Tariff(
        Act.COORDINATION_YEAR, Money.of("650"), TariffUnit.PER_FEE_YEAR, date(2027, 1, 1), payer=Payer.FLEMISH
    )
    federal = Tariff(
        Act.COORDINATION_YEAR, Money.of("720"), TariffUnit.PER_FEE_YEAR, date(2027, 1, 1), payer=Payer.FEDERAL
    )
    table = default_tariff_table().with_tariffs((flemish, federal))
    day = date(2027, 3, 1)

    assert tariff_on(table, Act.COORDINATION_YEAR, day, payer=Payer.FLEMISH) == flemish
    generic = tariff_on(table, Act.COORDINATION_YEAR, date(2026, 3, 1), payer=Payer.FLEMISH)
    assert generic is not None and generic.payer is None
    gaps = payer_tariff_gaps(table, day)
    assert [(g.act, g.difference) for g in gaps] == [(Act.COORDINATION_YEAR, Money.of("70"))]
    assert payer_tariff_gaps(default_tariff_table(), day) == []
