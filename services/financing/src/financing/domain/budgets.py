"""Budget control per payer, year and act (FIN-50), and the meso subsidy arithmetic (FIN-51).

A threshold t is crossed by a commitment when the committed amount goes from below t x budget to at or
above it; a release (after < before) crosses nothing. The service raises an alert per crossing, so a
threshold is reported exactly once, by the commitment that crosses it. `budget_alerts` expresses the same
rule as a level (the highest threshold reached), which also covers a budget that is set or changed after
money was committed.
FIN-52 (budget management as a meso task) has no consensus and is not modelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from financing.domain.errors import InvalidBudget
from financing.domain.model import AcceptedClaim, Act, Money, Payer

BUDGET_THRESHOLDS: tuple[Decimal, ...] = (Decimal("0.8"), Decimal("1.0"))

# FIN-51: meso subsidy per zorgraad, early 2026 to 31/03/2027; 5% may be withheld for late justification.
MESO_SUBSIDY_PER_CARE_COUNCIL = Money.of("36666.66")
MESO_SUBSIDY_END = date(2027, 3, 31)
LATE_JUSTIFICATION_WITHHOLDING = Decimal("0.05")


@dataclass(frozen=True)
class Budget:
    """The amount one payer reserved for one act in one calendar year (strictly positive)."""

    payer: Payer
    year: int
    act: Act
    amount: Money

    def __post_init__(self) -> None:
        if self.amount.amount <= 0:
            raise InvalidBudget(f"budget {self.payer}/{self.year}/{self.act} must be positive")


def budget_thresholds_crossed(
    budget: Budget,
    committed_before: Money,
    committed_after: Money,
    *,
    thresholds: Sequence[Decimal] = BUDGET_THRESHOLDS,
) -> list[Decimal]:
    """FIN-50: the thresholds (fractions of the budget) this commitment crosses, in ascending order."""
    crossed = []
    for threshold in sorted(thresholds):
        limit = budget.amount.amount * threshold
        if committed_before.amount < limit <= committed_after.amount:
            crossed.append(threshold)
    return crossed


def threshold_level(
    budget: Budget, committed: Money, *, thresholds: Sequence[Decimal] = BUDGET_THRESHOLDS
) -> Decimal | None:
    """FIN-50: the highest threshold the committed amount has reached, or None below the lowest."""
    reached = [t for t in thresholds if committed.amount >= budget.amount.amount * t]
    return max(reached) if reached else None


def budget_alerts(
    budget: Budget,
    committed: Money,
    *,
    reported: Decimal | None,
    thresholds: Sequence[Decimal] = BUDGET_THRESHOLDS,
) -> tuple[list[Decimal], Decimal | None]:
    """FIN-50: the thresholds to report now and the new reported level.

    A threshold is reported once, when the committed amount first reaches it; when the budget is raised (or
    money released) so that the level drops, the level follows it down and the threshold is reported again
    the next time it is reached. Used both for a commitment and for a change of the budget itself.
    """
    level = threshold_level(budget, committed, thresholds=thresholds)
    alerts = sorted(
        t for t in thresholds if (reported is None or t > reported) and level is not None and t <= level
    )
    return alerts, level


def budget_utilisation(budget: Budget, committed: Money) -> Decimal:
    """FIN-50: committed / budget, as an exact Decimal (1 means fully used)."""
    return committed.amount / budget.amount.amount


def committed_amount(accepted: Sequence[AcceptedClaim], *, payer: Payer, year: int, act: Act) -> Money:
    """FIN-50: what a payer has committed for an act in a year (by act date; a fee year by its start)."""
    total = Money.zero()
    for item in accepted:
        if item.payer is payer and item.act is act and item.claim.act_date.year == year:
            total = total + item.amount
    return total


def find_budget(budgets: Sequence[Budget], *, payer: Payer, year: int, act: Act) -> Budget | None:
    """FIN-50: the budget line for a payer, year and act, if one is set."""
    return next((b for b in budgets if b.payer is payer and b.year == year and b.act is act), None)


def meso_subsidy_withheld(
    subsidy: Money = MESO_SUBSIDY_PER_CARE_COUNCIL, *, justification_late: bool
) -> Money:
    """FIN-51: the part of a zorgraad's meso subsidy withheld (5% when the justification is late)."""
    return subsidy * LATE_JUSTIFICATION_WITHHOLDING if justification_late else Money.zero()
