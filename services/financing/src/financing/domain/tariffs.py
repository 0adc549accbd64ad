"""Tariffs with validity periods (Q-17): a claim is priced by the tariff valid on its act date.

The amounts of the four perinatal acts come from source 003 (the only source with amounts). Case
management (FIN-23) and the legacy MDO fee (FIN-40) have no amount in the sources: they are only in the
table when the caller configures one, so that without configuration such claims are rejected with
Q_17_NO_VALID_TARIFF instead of being paid an invented amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from financing.domain.errors import InvalidTariffTable
from financing.domain.model import Act, Money, Payer

PROGRAMME_TARIFF_START = date(2024, 10, 1)  # CTX-03: programme start announced by source 003
MDO_TARIFF_START = date(2020, 5, 1)  # FIN-40: MDO fee system in place since 1 May 2020


class TariffUnit(StrEnum):
    PER_ACT = "PER_ACT"  # screening, PPA session, case-management intervention, MDO meeting
    PER_FEE_YEAR = "PER_FEE_YEAR"  # coordination flat fee
    PER_QUARTER_HOUR_PER_PARTICIPANT = "PER_QUARTER_HOUR_PER_PARTICIPANT"  # perinatal consultation


@dataclass(frozen=True)
class Tariff:
    """One amount for one act, valid on [valid_from, valid_to] (open-ended when valid_to is None).

    `payer` None means the amount applies at both payers; a payer-specific tariff takes precedence, which
    lets the two governments differ (FIN-31) without touching the rules.
    """

    act: Act
    amount: Money
    unit: TariffUnit
    valid_from: date
    valid_to: date | None = None
    payer: Payer | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidTariffTable(f"tariff for {self.act} ends before it starts")
        if self.amount.amount < 0:
            raise InvalidTariffTable(f"tariff for {self.act} is negative")

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: Tariff) -> bool:
        ends_after_other_starts = self.valid_to is None or self.valid_to >= other.valid_from
        other_ends_after_self_starts = other.valid_to is None or other.valid_to >= self.valid_from
        return ends_after_other_starts and other_ends_after_self_starts

    def price(self, units: int = 1) -> Money:
        """The amount for `units` tariff units (quarter-hours for the consultation, else 1)."""
        return self.amount * units


@dataclass(frozen=True)
class TariffTable:
    """All tariffs; for one act and payer scope the validity periods never overlap."""

    tariffs: tuple[Tariff, ...]

    def __post_init__(self) -> None:
        for i, first in enumerate(self.tariffs):
            for second in self.tariffs[i + 1 :]:
                if first.act is second.act and first.payer == second.payer and first.overlaps(second):
                    raise InvalidTariffTable(
                        f"two tariffs for {first.act} (payer {first.payer}) overlap: "
                        f"{first.valid_from}..{first.valid_to} and {second.valid_from}..{second.valid_to}"
                    )

    def with_tariffs(self, extra: Iterable[Tariff]) -> TariffTable:
        """A new table with `extra` added (validated again)."""
        return TariffTable((*self.tariffs, *extra))


def tariff_on(table: TariffTable, act: Act, day: date, *, payer: Payer | None = None) -> Tariff | None:
    """Q-17 / FIN-10..13: the tariff valid for `act` on `day` (payer-specific first), or None."""
    valid = [t for t in table.tariffs if t.act is act and t.is_valid_on(day)]
    specific = [t for t in valid if payer is not None and t.payer is payer]
    if specific:
        return specific[0]
    generic = [t for t in valid if t.payer is None]
    return generic[0] if generic else None


def default_tariff_table(
    *,
    programme_start: date = PROGRAMME_TARIFF_START,
    case_management_amount: Money | None = None,
    legacy_mdo_amount: Money | None = None,
) -> TariffTable:
    """FIN-10..13 (source 003) plus the configurable case-management (FIN-23) and MDO (FIN-40) amounts."""
    src = "003 §05 Perinataal programma"
    tariffs = [
        Tariff(Act.SCREENING, Money.of("22.55"), TariffUnit.PER_ACT, programme_start, source=src),
        Tariff(
            Act.PRENATAL_ADVICE_SESSION, Money.of("48.78"), TariffUnit.PER_ACT, programme_start, source=src
        ),
        Tariff(
            Act.COORDINATION_YEAR, Money.of("720.00"), TariffUnit.PER_FEE_YEAR, programme_start, source=src
        ),
        Tariff(
            Act.PERINATAL_CONSULTATION,
            Money.of("15.00"),
            TariffUnit.PER_QUARTER_HOUR_PER_PARTICIPANT,
            programme_start,
            source=src,
        ),
    ]
    if case_management_amount is not None:
        tariffs.append(
            Tariff(
                Act.CASE_MANAGEMENT,
                case_management_amount,
                TariffUnit.PER_ACT,
                programme_start,
                source="configured (FIN-23: no amount in the sources)",
            )
        )
    if legacy_mdo_amount is not None:
        tariffs.append(
            Tariff(
                Act.LEGACY_MDO,
                legacy_mdo_amount,
                TariffUnit.PER_ACT,
                MDO_TARIFF_START,
                source="configured (FIN-40: VSB MDO fee, amount not in the sources)",
            )
        )
    return TariffTable(tuple(tariffs))


@dataclass(frozen=True)
class TariffGap:
    """The difference between the federal and the Flemish amount for one act on one day."""

    act: Act
    federal: Money
    flemish: Money

    @property
    def difference(self) -> Money:
        return self.federal - self.flemish


def payer_tariff_gaps(table: TariffTable, day: date, acts: Sequence[Act] = tuple(Act)) -> list[TariffGap]:
    """FIN-31: the acts whose federal and Flemish tariffs differ on `day` (gaps must be justifiable)."""
    gaps = []
    for act in acts:
        federal = tariff_on(table, act, day, payer=Payer.FEDERAL)
        flemish = tariff_on(table, act, day, payer=Payer.FLEMISH)
        if federal is not None and flemish is not None and federal.amount != flemish.amount:
            gaps.append(TariffGap(act, federal.amount, flemish.amount))
    return gaps
