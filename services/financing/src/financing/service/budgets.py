"""Budgets per payer, year and act (FIN-50): commitments of payment orders, alerts at 80% and 100%.

A budget line and its commitments are serialised by a transaction-scoped advisory lock on the line, so a
threshold is reported exactly once even when many claims are accepted at the same moment, and a budget
set while orders are being issued counts each order once. The lock is always taken after the claim's own
locks (client, team), never before, so the order of locks is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from financing.adapters.budgets import StoredBudget
from financing.adapters.payments import StoredOrder
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.budgets import Budget, budget_alerts
from financing.domain.model import Act, Money, Payer
from financing.service.common import SOURCE, amount_str
from shared.db import utcnow
from shared.events.contracts.financing import BudgetThresholdPassedV1
from shared.events.envelope import new_envelope
from shared.logging import get_logger

log = get_logger(__name__)


def _scope(payer: str, year: int, act: str) -> str:
    return f"budget:{payer}:{year}:{act}"


def _alert(uow: FinancingUnitOfWork, stored: StoredBudget, *, today: date) -> Decimal | None:
    """Queue the threshold events the line's committed amount reached and return the new reported level."""
    budget = Budget(Payer(stored.payer), stored.year, Act(stored.act), Money.of(stored.amount))
    alerts, level = budget_alerts(budget, Money.of(stored.committed), reported=stored.reported_threshold)
    for threshold in alerts:
        payload = BudgetThresholdPassedV1(
            payer="FEDERAL" if stored.payer == "FEDERAL" else "FLEMISH",
            year=stored.year,
            act=stored.act,
            threshold_percent=int(threshold * 100),
            budget_amount=amount_str(stored.amount),
            committed_amount=amount_str(stored.committed),
            passed_on=today,
        )
        key = f"{stored.payer}:{stored.year}:{stored.act}"
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=key))
        log.info("budget_threshold_passed", budget=key, threshold=str(threshold))
    return level


async def commit_order(uow: FinancingUnitOfWork, order: StoredOrder, *, today: date) -> None:
    """FIN-50: commit an issued order against its budget line (by act date), alerting on thresholds."""
    year = order.act_date.year
    await uow.locks.acquire([_scope(order.payer, year, order.act)])
    stored = await uow.budgets.commit(order.payer, year, order.act, order.amount)
    if stored is None:
        return
    level = _alert(uow, stored, today=today)
    if level != stored.reported_threshold:
        await uow.budgets.set_reported(stored.payer, stored.year, stored.act, level)


@dataclass(frozen=True)
class SetBudget:
    payer: Payer
    year: int
    act: Act
    amount: Money
    set_by: str


async def set_budget(cmd: SetBudget, *, uow: FinancingUnitOfWork, today: date) -> StoredBudget:
    """FIN-50: set (or change) a budget line; its committed amount is recounted from the issued orders."""
    Budget(cmd.payer, cmd.year, cmd.act, cmd.amount)  # FIN_INVALID_BUDGET for a non-positive amount
    async with uow:
        await uow.locks.acquire([_scope(cmd.payer.value, cmd.year, cmd.act.value)])
        committed = await uow.orders.committed(cmd.payer.value, cmd.year, cmd.act.value)
        stored = await uow.budgets.upsert(
            cmd.payer.value,
            cmd.year,
            cmd.act.value,
            amount=cmd.amount.amount,
            committed=committed,
            by=cmd.set_by,
            at=utcnow(),
        )
        level = _alert(uow, stored, today=today)
        if level != stored.reported_threshold:
            await uow.budgets.set_reported(stored.payer, stored.year, stored.act, level)
        await uow.commit()
    return StoredBudget(**{**stored.__dict__, "reported_threshold": level})


async def list_budgets(
    *, uow: FinancingUnitOfWork, payer: Payer | None, year: int | None
) -> list[StoredBudget]:
    async with uow:
        return await uow.budgets.list(payer=payer.value if payer else None, year=year)
